package dev.tokenpose.kafka.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.kafka.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedKafka.class)
class EmbeddedKafkaTest {

    @Test
    void startsOnALoopbackPortAndDeletesItsTemporaryLogDirectoryOnClose() throws Exception {
        Path dir;
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                Admin admin = admin(kafka)) {
            dir = kafka.dataDir();
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            assertThat(dir.resolve("meta.properties")).isRegularFile();
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void keepsTopicsAndRecordsAcrossRestartsOnTheSameDataDirectory(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("kafka");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(data, 0);
                Admin admin = admin(kafka);
                KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(kafka, null))) {
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1)))
                    .all()
                    .get();
            producer.send(new ProducerRecord<>("kept", "k", "v")).get();
        }
        assertThat(data).isDirectory();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(data, 0);
                Admin admin = admin(kafka)) {
            assertThat(admin.listTopics().names().get()).contains("kept");
            assertThat(readCommitted(kafka, "kept", 1))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("v");
        }
        assertThat(Files.list(data)).isNotEmpty();
    }

    @Test
    void readCommittedConsumersSeeCommittedTransactionsButNotAbortedOnes(EmbeddedKafka kafka) throws Exception {
        String topic = "transactions";
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(kafka, "tx-test"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "b", "committed-2"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "b", "committed-3"));
            producer.commitTransaction();
        }
        assertThat(readCommitted(kafka, topic, 3))
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("committed-1", "committed-2", "committed-3");
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static Properties producerProps(EmbeddedKafka kafka, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return p;
    }

    /** Reads until {@code expected} records arrived and then 1 s more, to catch any extra record. */
    private static List<ConsumerRecord<String, String>> readCommitted(EmbeddedKafka kafka, String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long extraUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, extraUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (records.size() >= expected && extraUntil == Long.MAX_VALUE) {
                    extraUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return records;
    }
}
