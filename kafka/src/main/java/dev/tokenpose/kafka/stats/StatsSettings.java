package dev.tokenpose.kafka.stats;

import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.schema.codec.Topic;
import java.time.Duration;
import java.util.Objects;

/**
 * What the analytics app reads and writes, and how it windows.
 *
 * @param topics the pipeline's frames, poses and dead-letter topics (the app reads all three)
 * @param statsTopic the topic the app writes {@code StreamStats} to
 * @param window length of each statistics window
 * @param advance how far consecutive windows start apart; equal to {@code window} for tumbling windows
 * @param grace how long after its end a window still takes late records before it is final and emitted
 * @param frameBufferSize frames kept per stream, so that a pose record finds its frame however far
 *     the poses lag the frames; at 30 frames/s the default covers 10 s of lag
 */
public record StatsSettings(
        TopicSettings topics,
        String statsTopic,
        Duration window,
        Duration advance,
        Duration grace,
        int frameBufferSize) {

    /** Default window: 5 s, long enough for stable percentiles at a few frames per second. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);
    /** Default advance: 1 s, so the numbers move every second. */
    public static final Duration DEFAULT_ADVANCE = Duration.ofSeconds(1);
    /** Default grace: 2 s for records of the three topics to arrive out of step. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);
    /** Default frames kept per stream. */
    public static final int DEFAULT_FRAME_BUFFER_SIZE = 300;

    /** The defaults named above, on the default topics. */
    public static final StatsSettings DEFAULTS = new StatsSettings(
            TopicSettings.DEFAULTS,
            Topic.STATS_NAME,
            DEFAULT_WINDOW,
            DEFAULT_ADVANCE,
            DEFAULT_GRACE,
            DEFAULT_FRAME_BUFFER_SIZE);

    /** Checks the values. */
    public StatsSettings {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(statsTopic, "stats topic");
        if (statsTopic.isBlank()) {
            throw new IllegalArgumentException("the stats topic name is empty");
        }
        if (statsTopic.equals(topics.framesTopic())
                || statsTopic.equals(topics.posesTopic())
                || statsTopic.equals(topics.deadLetterTopic())) {
            throw new IllegalArgumentException("the stats topic " + statsTopic + " is one of the pipeline's topics");
        }
        requirePositive(window, "window");
        requirePositive(advance, "advance");
        if (advance.compareTo(window) > 0) {
            throw new IllegalArgumentException("advance " + advance + " is longer than the window " + window);
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace must be zero or positive: " + grace);
        }
        if (frameBufferSize < 1) {
            throw new IllegalArgumentException("frame buffer size must be at least 1: " + frameBufferSize);
        }
    }

    /** These settings with other windows. */
    public StatsSettings withWindows(Duration newWindow, Duration newAdvance, Duration newGrace) {
        return new StatsSettings(topics, statsTopic, newWindow, newAdvance, newGrace, frameBufferSize);
    }

    /** These settings on other topics. */
    public StatsSettings withTopics(TopicSettings newTopics, String newStatsTopic) {
        return new StatsSettings(newTopics, newStatsTopic, window, advance, grace, frameBufferSize);
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
    }
}
