package dev.tokenpose.kafka.admin;

import dev.tokenpose.schema.codec.Topic;
import java.util.Objects;

/**
 * Names and layout of the pipeline's three topics: frames in, poses out, and dead letters.
 *
 * @param framesTopic the topic producers publish {@code VideoFrame}s to
 * @param posesTopic the topic the pose job writes {@code PoseFrame}s to
 * @param deadLetterTopic the topic the pose job writes {@code DeadLetter}s to
 * @param framesPartitions partitions of the frames topic (streams are spread over them by key)
 * @param partitions partitions of the poses and dead-letter topics
 * @param replicationFactor replicas of every partition
 * @param retentionMs how long records are kept, or -1 for the broker's default
 * @param framesMaxMessageBytes the frames topic's largest record, as frames can exceed the 1 MB default
 */
public record TopicSettings(
        String framesTopic,
        String posesTopic,
        String deadLetterTopic,
        int framesPartitions,
        int partitions,
        short replicationFactor,
        long retentionMs,
        int framesMaxMessageBytes) {

    /** Default partitions of the frames topic: enough for a few task slots to share the streams. */
    public static final int DEFAULT_FRAMES_PARTITIONS = 6;
    /** Default partitions of the poses and dead-letter topics. */
    public static final int DEFAULT_PARTITIONS = 3;
    /** Default replication factor: 1, as for a single-broker development cluster. */
    public static final short DEFAULT_REPLICATION_FACTOR = 1;
    /** Default retention: one day, as frames are large and only worth replaying for a while. */
    public static final long DEFAULT_RETENTION_MS = 24L * 60 * 60 * 1000;
    /** Default largest frame record: 16 MiB. */
    public static final int DEFAULT_FRAMES_MAX_MESSAGE_BYTES = 16 << 20;

    /** The topics' default names ({@link Topic}) and the defaults above. */
    public static final TopicSettings DEFAULTS = new TopicSettings(
            Topic.FRAMES_NAME,
            Topic.POSES_NAME,
            Topic.DEAD_LETTERS_NAME,
            DEFAULT_FRAMES_PARTITIONS,
            DEFAULT_PARTITIONS,
            DEFAULT_REPLICATION_FACTOR,
            DEFAULT_RETENTION_MS,
            DEFAULT_FRAMES_MAX_MESSAGE_BYTES);

    /** Checks the values. */
    public TopicSettings {
        requireName(framesTopic, "frames topic");
        requireName(posesTopic, "poses topic");
        requireName(deadLetterTopic, "dead-letter topic");
        if (framesTopic.equals(posesTopic)
                || framesTopic.equals(deadLetterTopic)
                || posesTopic.equals(deadLetterTopic)) {
            throw new IllegalArgumentException("the frames, poses and dead-letter topics must differ");
        }
        if (framesPartitions < 1 || partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1");
        }
        if (retentionMs < -1 || retentionMs == 0) {
            throw new IllegalArgumentException("retention must be positive, or -1 for the broker's default");
        }
        if (framesMaxMessageBytes < 1024) {
            throw new IllegalArgumentException("the frames topic's max message size must be at least 1024 bytes");
        }
    }

    /** These settings with other topic names. */
    public TopicSettings withTopics(String frames, String poses, String deadLetters) {
        return new TopicSettings(
                frames,
                poses,
                deadLetters,
                framesPartitions,
                partitions,
                replicationFactor,
                retentionMs,
                framesMaxMessageBytes);
    }

    /** These settings with other partition counts. */
    public TopicSettings withPartitions(int frames, int others) {
        return new TopicSettings(
                framesTopic,
                posesTopic,
                deadLetterTopic,
                frames,
                others,
                replicationFactor,
                retentionMs,
                framesMaxMessageBytes);
    }

    /** These settings with another replication factor. */
    public TopicSettings withReplicationFactor(short replicas) {
        return new TopicSettings(
                framesTopic,
                posesTopic,
                deadLetterTopic,
                framesPartitions,
                partitions,
                replicas,
                retentionMs,
                framesMaxMessageBytes);
    }

    /** These settings with another retention. */
    public TopicSettings withRetentionMs(long retention) {
        return new TopicSettings(
                framesTopic,
                posesTopic,
                deadLetterTopic,
                framesPartitions,
                partitions,
                replicationFactor,
                retention,
                framesMaxMessageBytes);
    }

    private static void requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException("the " + what + " name is empty");
        }
    }
}
