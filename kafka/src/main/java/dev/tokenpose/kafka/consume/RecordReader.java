package dev.tokenpose.kafka.consume;

import dev.tokenpose.schema.codec.AvroCodec;
import dev.tokenpose.schema.codec.CodecException;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one topic's Avro records with isolation level {@code read_committed}, so only records of
 * committed transactions are seen. Values that do not decode are counted, logged and skipped
 * rather than ending the read.
 *
 * @param <T> the generated record class
 */
public final class RecordReader<T extends SpecificRecord> implements AutoCloseable {

    /** Longest single wait for records, which bounds how late a stop or timeout is noticed. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private static final Logger LOG = LoggerFactory.getLogger(RecordReader.class);

    /**
     * What to do with each decoded record.
     *
     * @param <T> the record class
     */
    @FunctionalInterface
    public interface Handler<T> {
        /**
         * Takes one record.
         *
         * @param record the Kafka record (key, partition, offset, timestamp, raw value)
         * @param value its decoded value
         * @throws IOException when the handler's output fails; reading stops
         */
        void handle(ConsumerRecord<String, byte[]> record, T value) throws IOException;
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final AvroCodec<T> codec;
    private final ConsumeOptions options;
    private volatile boolean stopped;
    private long undecodable;

    /**
     * A reader of {@code topic}.
     *
     * @param kafka the cluster
     * @param topic the topic
     * @param codec the codec of the topic's records
     * @param options group, start position and stop conditions
     */
    public RecordReader(KafkaConnection kafka, String topic, AvroCodec<T> codec, ConsumeOptions options) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.options = Objects.requireNonNull(options, "options");
        this.consumer = new KafkaConsumer<>(
                consumerProperties(kafka, options), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads up to {@code count} records of {@code topic} from its beginning, stopping early when no
     * record arrives for {@code idleTimeout}.
     *
     * @return the decoded values in the order read (per partition: offset order)
     */
    public static <T extends SpecificRecord> List<T> read(
            KafkaConnection kafka, String topic, AvroCodec<T> codec, long count, Duration idleTimeout)
            throws IOException {
        ConsumeOptions options = ConsumeOptions.DEFAULTS.withMaxRecords(count).withIdleTimeout(idleTimeout);
        List<T> values = new ArrayList<>();
        try (RecordReader<T> reader = new RecordReader<>(kafka, topic, codec, options)) {
            reader.forEach((record, value) -> values.add(value));
        }
        return values;
    }

    /**
     * The consumer configuration: {@code read_committed}, String keys, raw values, and with a
     * group, manual commits of the records handled.
     *
     * @param kafka the cluster
     * @param options the group and start position
     * @return a new, modifiable configuration
     */
    public static Properties consumerProperties(KafkaConnection kafka, ConsumeOptions options) {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "tokenpose-reader-" + UUID.randomUUID().toString().substring(0, 8));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, options.fromBeginning() ? "earliest" : "latest");
        if (options.groupId() != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId());
        }
        return p;
    }

    /**
     * Reads until the record limit, the idle timeout or {@link #stop()}.
     *
     * @param handler takes each decoded record
     * @return the number of records handled
     * @throws IOException when the handler fails
     */
    public long forEach(Handler<T> handler) throws IOException {
        long handled = 0;
        long lastActivity = System.nanoTime();
        if (!start(lastActivity)) {
            return 0;
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try {
            while (!stopped && !idle(lastActivity)) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(POLL_INTERVAL);
                for (ConsumerRecord<String, byte[]> record : batch) {
                    lastActivity = System.nanoTime();
                    T value = decode(record);
                    if (value != null) {
                        handler.handle(record, value);
                        handled++;
                    }
                    done.put(
                            new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                    if (options.maxRecords() != ConsumeOptions.NO_LIMIT && handled >= options.maxRecords()) {
                        return handled;
                    }
                }
                commit(done);
            }
        } catch (WakeupException e) {
            // stop() woke the consumer: a normal end.
        } finally {
            commit(done);
        }
        return handled;
    }

    /** Values skipped because they did not decode. */
    public long undecodable() {
        return undecodable;
    }

    /** Ends {@link #forEach} soon; callable from any thread. */
    public void stop() {
        stopped = true;
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(10));
    }

    /** Subscribes (with a group) or assigns every partition; false when stopped or idle first. */
    private boolean start(long since) {
        if (options.groupId() != null) {
            consumer.subscribe(List.of(topic));
            return true;
        }
        // Without a group, a topic not created yet is waited for like a silent one.
        List<TopicPartition> partitions = List.of();
        while (partitions.isEmpty()) {
            if (stopped || idle(since)) {
                return false;
            }
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, POLL_INTERVAL.multipliedBy(5));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                infos = List.of();
            } catch (WakeupException e) {
                return false;
            }
            partitions = infos == null
                    ? List.of()
                    : infos.stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            if (partitions.isEmpty()) {
                try {
                    Thread.sleep(POLL_INTERVAL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        consumer.assign(partitions);
        if (options.fromBeginning()) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        return true;
    }

    /** The record's value, or null for a tombstone or a value that does not decode. */
    private T decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return codec.decode(record.value());
        } catch (CodecException e) {
            undecodable++;
            LOG.warn(
                    "skipping {}-{} offset {}: {} ({})",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage(),
                    e.reason());
            return null;
        }
    }

    private boolean idle(long lastActivity) {
        Duration timeout = options.idleTimeout();
        return timeout != null && System.nanoTime() - lastActivity >= timeout.toNanos();
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (options.groupId() == null || offsets.isEmpty()) {
            return;
        }
        try {
            try {
                consumer.commitSync(offsets);
            } catch (WakeupException e) {
                // A stop() after the last poll leaves a pending wake-up that only cancels this attempt.
                consumer.commitSync(offsets);
            }
            offsets.clear();
        } catch (RuntimeException e) {
            LOG.warn("cannot commit offsets of group {}: {}", options.groupId(), e.toString());
        }
    }
}
