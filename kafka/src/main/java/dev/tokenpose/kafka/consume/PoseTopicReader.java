package dev.tokenpose.kafka.consume;

import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the output of the pose job, poses and dead letters, from the beginning: by default only
 * what the job's transactions committed (read_committed), or everything as soon as it is written.
 */
public final class PoseTopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String posesTopic;
    private final List<PoseFrame> poses = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    public PoseTopicReader(KafkaConnection kafka, String posesTopic, String deadLetterTopic) {
        this(kafka, posesTopic, deadLetterTopic, true);
    }

    /**
     * @param committedOnly read_committed; otherwise read_uncommitted, which sees records before
     *     their checkpoint commits them (and would also see those of aborted transactions)
     */
    public PoseTopicReader(KafkaConnection kafka, String posesTopic, String deadLetterTopic, boolean committedOnly) {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "tokenpose-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.posesTopic = posesTopic;
        consumer.subscribe(List.of(posesTopic, deadLetterTopic));
    }

    /** Polls once, decodes what arrived, and hands each pose frame to {@code onPose}. */
    public void poll(Duration timeout, Consumer<PoseFrame> onPose) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            if (r.topic().equals(posesTopic)) {
                PoseFrame p = AvroCodec.POSE_FRAME.decode(r.value());
                poses.add(p);
                onPose.accept(p);
            } else {
                deadLetters.add(AvroCodec.DEAD_LETTER.decode(r.value()));
            }
        }
    }

    /**
     * Polls until {@code total} records (poses plus dead letters) have arrived or the time is up.
     *
     * @return whether all arrived
     */
    public boolean awaitTotal(long total, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (poses.size() + deadLetters.size() < total && System.nanoTime() < end) {
            poll(Duration.ofMillis(200), p -> {});
        }
        return poses.size() + deadLetters.size() >= total;
    }

    public List<PoseFrame> poses() {
        return poses;
    }

    public List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
