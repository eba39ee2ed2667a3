package dev.tokenpose.kafka.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.kafka.SharedKafka;
import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.admin.Topics;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import dev.tokenpose.kafka.serde.AvroSerializer;
import dev.tokenpose.kafka.testing.Records;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafka.class)
class RecordReaderTest {

    private static final Duration IDLE = Duration.ofSeconds(3);

    @Test
    void readsOnlyCommittedRecordsAndSkipsUndecodableOnes(EmbeddedKafka kafka) throws Exception {
        String topic = createTopic(kafka, "reader-committed");
        try (KafkaProducer<String, byte[]> producer = transactional(kafka, "reader-tx")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "s", pose(0)));
            producer.send(new ProducerRecord<>(topic, "s", "not avro".getBytes()));
            producer.send(new ProducerRecord<>(topic, "s", pose(1)));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "s", pose(99)));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "s", pose(2)));
            producer.commitTransaction();
        }
        List<Long> sequences = new ArrayList<>();
        ConsumeOptions options = ConsumeOptions.DEFAULTS.withIdleTimeout(IDLE);
        try (RecordReader<PoseFrame> reader =
                new RecordReader<>(kafka.connection(), topic, AvroCodec.POSE_FRAME, options)) {
            assertThat(reader.forEach((record, pose) -> sequences.add(pose.getSequence())))
                    .isEqualTo(3);
            assertThat(reader.undecodable()).isEqualTo(1);
        }
        assertThat(sequences).containsExactly(0L, 1L, 2L);
    }

    @Test
    void stopsAtTheRecordLimit(EmbeddedKafka kafka) throws Exception {
        String topic = createTopic(kafka, "reader-limit");
        send(kafka, topic, 0, 5);
        assertThat(RecordReader.read(kafka.connection(), topic, AvroCodec.POSE_FRAME, 3, Duration.ofSeconds(20)))
                .extracting(PoseFrame::getSequence)
                .containsExactly(0L, 1L, 2L);
    }

    @Test
    void stopsWhenNothingArrivesWithinTheIdleTimeoutEvenIfTheTopicDoesNotExist(EmbeddedKafka kafka) throws Exception {
        long start = System.nanoTime();
        assertThat(RecordReader.read(
                        kafka.connection(), "reader-no-such-topic", AvroCodec.POSE_FRAME, 0, Duration.ofMillis(800)))
                .isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aGroupResumesWhereItStopped(EmbeddedKafka kafka) throws Exception {
        String topic = createTopic(kafka, "reader-group");
        send(kafka, topic, 0, 4);
        ConsumeOptions options =
                ConsumeOptions.DEFAULTS.withGroup("reader-test").withIdleTimeout(IDLE);
        List<Long> first = new ArrayList<>();
        try (RecordReader<PoseFrame> reader =
                new RecordReader<>(kafka.connection(), topic, AvroCodec.POSE_FRAME, options.withMaxRecords(2))) {
            reader.forEach((record, pose) -> first.add(pose.getSequence()));
        }
        List<Long> rest = new ArrayList<>();
        try (RecordReader<PoseFrame> reader =
                new RecordReader<>(kafka.connection(), topic, AvroCodec.POSE_FRAME, options)) {
            reader.forEach((record, pose) -> rest.add(pose.getSequence()));
        }
        assertThat(first).containsExactly(0L, 1L);
        assertThat(rest).containsExactly(2L, 3L);
    }

    static String createTopic(EmbeddedKafka kafka, String name) {
        try (Admin admin = Topics.admin(kafka.connection())) {
            // One partition, so the test can state the order.
            Topics.ensure(admin, List.of(Topics.outputTopic(name, TopicSettings.DEFAULTS.withPartitions(1, 1))));
        }
        return name;
    }

    static void send(EmbeddedKafka kafka, String topic, int from, int to) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, PoseFrame> producer =
                new KafkaProducer<>(p, new StringSerializer(), AvroSerializer.poseFrames())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, "s", Records.poseFrame("s", i)))
                        .get();
            }
        }
    }

    private static KafkaProducer<String, byte[]> transactional(EmbeddedKafka kafka, String id) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static byte[] pose(long sequence) {
        return AvroCodec.POSE_FRAME.encode(Records.poseFrame("s", sequence));
    }
}
