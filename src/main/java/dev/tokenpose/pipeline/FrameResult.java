package dev.tokenpose.pipeline;

import dev.tokenpose.track.TrackedPerson;
import java.util.List;

/**
 * One processed frame.
 *
 * @param state the stream's state after this frame
 * @param persons the frame's people: track id (null while tentative), smoothed pose, raw keypoints
 * @param boxSource where the person boxes came from
 * @param nanos time spent in each stage of this frame
 */
public record FrameResult(StreamState state, List<TrackedPerson> persons, BoxSource boxSource, StageNanos nanos) {

    /** Time spent per stage, in nanoseconds. */
    public record StageNanos(long detect, long pose, long track) {}

    /** Where a frame's person boxes came from. */
    public enum BoxSource {
        /** Given with the frame (bring-your-own boxes). */
        GIVEN,
        /** The person detector. */
        DETECTOR,
        /** Propagated from the tracks' previous keypoints. */
        PROPAGATED,
        /** No detector: the whole frame is one person. */
        WHOLE_FRAME
    }
}
