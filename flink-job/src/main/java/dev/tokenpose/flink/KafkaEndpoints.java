package dev.tokenpose.flink;

import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.util.Locale;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The Kafka source and sinks of the pose job, built from its options. */
public final class KafkaEndpoints {

    /** Must not exceed the brokers' {@code transaction.max.timeout.ms} (15 minutes by default). */
    static final int TRANSACTION_TIMEOUT_MS = 5 * 60 * 1000;

    /**
     * Per-partition fetch size of the frames source. A source hands records over a partition at a
     * time, so with Kafka's 1 MiB default a backlog arrives in runs of ~10 frames (of ~100 kB)
     * from the one or two streams of a partition, while the pose operator's batches want one
     * frame of many streams. 256 KiB is a few frames per run, and still many bytes per request; a
     * larger record is still fetched whole.
     */
    static final int PARTITION_FETCH_BYTES = 256 << 10;

    private KafkaEndpoints() {}

    public static KafkaSource<FrameRecord> frames(PoseJobOptions o) {
        KafkaConnection kafka = o.kafka();
        var builder = KafkaSource.<FrameRecord>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setProperties(kafka.clientProperties())
                .setTopics(o.framesTopic)
                .setGroupId(o.groupId)
                .setStartingOffsets(startingOffsets(o.startingOffsets))
                .setDeserializer(new FrameRecordDeserializer(o.frameLimits()))
                .setProperty("isolation.level", "read_committed")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("max.partition.fetch.bytes", String.valueOf(PARTITION_FETCH_BYTES));
        if (o.bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    public static KafkaSink<PoseFrame> poses(PoseJobOptions o) {
        return exactlyOnce(o, new AvroRecordSerializer.Poses(o.posesTopic), "-poses");
    }

    public static KafkaSink<DeadLetter> deadLetters(PoseJobOptions o) {
        return exactlyOnce(o, new AvroRecordSerializer.DeadLetters(o.deadLetterTopic), "-dead-letters");
    }

    /** Transactions from a small pool of ids (the serializer names its topic), committed at checkpoints. */
    private static <T> KafkaSink<T> exactlyOnce(PoseJobOptions o, AvroRecordSerializer<T> serializer, String idSuffix) {
        KafkaConnection kafka = o.kafka();
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(o.transactionalIdPrefix + idSuffix)
                .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
                .setKafkaProducerConfig(producerConfig(kafka))
                .build();
    }

    private static Properties producerConfig(KafkaConnection kafka) {
        Properties p = kafka.clientProperties();
        p.setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT_MS));
        return p;
    }

    static OffsetsInitializer startingOffsets(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default ->
                throw new IllegalArgumentException(
                        "--starting-offsets must be committed, earliest or latest, got " + mode);
        };
    }
}
