package dev.tokenpose.pipeline;

import dev.tokenpose.track.TrackerState;
import java.io.Serializable;

/**
 * Everything a stream remembers between frames: its tracks and when it last ran the detector. A
 * plain serializable value, kept per stream in the stream job's keyed state.
 *
 * @param tracker the tracker's state
 * @param frames frames processed so far
 * @param redetect whether the next frame must run the detector
 */
public record StreamState(TrackerState tracker, long frames, boolean redetect) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A stream before its first frame. */
    public static final StreamState INITIAL = new StreamState(TrackerState.INITIAL, 0, true);
}
