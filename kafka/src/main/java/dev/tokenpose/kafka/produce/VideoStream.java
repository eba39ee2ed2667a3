package dev.tokenpose.kafka.produce;

import java.util.Objects;

/**
 * One stream to publish: a source and the stream id its frames are keyed by.
 *
 * @param source where the frames come from
 * @param streamId the Kafka key and {@code VideoFrame.streamId} of its frames
 */
public record VideoStream(FrameSource source, String streamId) {

    /** Checks the values. */
    public VideoStream {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(streamId, "streamId");
        if (streamId.isBlank()) {
            throw new IllegalArgumentException("empty stream id");
        }
    }

    /** A stream of {@code source} under its {@linkplain FrameSource#defaultStreamId() default id}. */
    public static VideoStream of(FrameSource source) {
        return new VideoStream(source, source.defaultStreamId());
    }
}
