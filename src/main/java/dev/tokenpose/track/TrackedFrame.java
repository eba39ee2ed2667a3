package dev.tokenpose.track;

import java.util.List;

/**
 * The result of tracking one frame.
 *
 * @param state the tracker state to pass with the next frame of the same stream
 * @param persons one entry per input pose, in input order
 */
public record TrackedFrame(TrackerState state, List<TrackedPerson> persons) {

    /** Copies the person list. */
    public TrackedFrame {
        persons = List.copyOf(persons);
    }
}
