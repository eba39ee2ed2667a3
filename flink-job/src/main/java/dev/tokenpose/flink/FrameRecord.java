package dev.tokenpose.flink;

import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.VideoFrame;

/**
 * A record of the frames topic as the source hands it on: the decoded frame, or the dead letter
 * that says why it could not be decoded; plus where it came from.
 */
public class FrameRecord {

    /** The decoded frame, or null when {@link #deadLetter} is set. */
    public VideoFrame frame;
    /** Why the record is unusable, or null. */
    public DeadLetter deadLetter;
    /** Kafka append time of the record, microseconds since the epoch. */
    public long ingestTimeMicros;

    public String topic;
    public int partition;
    public long offset;

    public FrameRecord() {}

    static FrameRecord of(VideoFrame frame, String topic, int partition, long offset, long ingestTimeMicros) {
        FrameRecord r = new FrameRecord();
        r.frame = frame;
        r.topic = topic;
        r.partition = partition;
        r.offset = offset;
        r.ingestTimeMicros = ingestTimeMicros;
        return r;
    }

    static FrameRecord dead(DeadLetter deadLetter, long ingestTimeMicros) {
        FrameRecord r = new FrameRecord();
        r.deadLetter = deadLetter;
        r.topic = deadLetter.getSourceTopic();
        r.partition = deadLetter.getPartition();
        r.offset = deadLetter.getOffset();
        r.ingestTimeMicros = ingestTimeMicros;
        return r;
    }

    /** Event time in milliseconds: the capture time of a frame, the append time of a dead letter. */
    long eventTimeMillis() {
        return frame != null ? frame.getCaptureTime().toEpochMilli() : ingestTimeMicros / 1000;
    }
}
