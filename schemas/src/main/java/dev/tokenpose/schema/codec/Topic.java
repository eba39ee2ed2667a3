package dev.tokenpose.schema.codec;

import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.StreamStats;
import dev.tokenpose.schema.VideoFrame;
import org.apache.avro.specific.SpecificRecord;

/**
 * One of the pipeline's topics: its default name and the codec of its record values. The names
 * are also constants, for option defaults that must be compile-time constants.
 */
public record Topic<T extends SpecificRecord>(String name, AvroCodec<T> codec) {

    public static final String FRAMES_NAME = "video-frames";
    public static final String POSES_NAME = "pose-frames";
    public static final String DEAD_LETTERS_NAME = "pose-dead-letters";
    public static final String STATS_NAME = "stream-stats";

    /** Video frames from the producers, keyed by stream id. */
    public static final Topic<VideoFrame> FRAMES = new Topic<>(FRAMES_NAME, AvroCodec.VIDEO_FRAME);
    /** One pose record per input frame, keyed by stream id. */
    public static final Topic<PoseFrame> POSES = new Topic<>(POSES_NAME, AvroCodec.POSE_FRAME);
    /** Records the pipeline could not process, each with its reason. */
    public static final Topic<DeadLetter> DEAD_LETTERS = new Topic<>(DEAD_LETTERS_NAME, AvroCodec.DEAD_LETTER);
    /** Per-stream window statistics of the analytics app, keyed by stream id. */
    public static final Topic<StreamStats> STATS = new Topic<>(STATS_NAME, AvroCodec.STREAM_STATS);
}
