package dev.tokenpose.track;

import java.io.Serializable;

/**
 * What a One-Euro filter remembers about one scalar signal between samples.
 *
 * <p>Four primitives, so a snapshot is the value itself: nothing to copy, nothing shared.
 *
 * @param value the last filtered value (the filter's output for the last sample)
 * @param derivative the last filtered speed, units per second
 * @param time the time of the last sample, seconds
 * @param initialised whether a sample has been seen; if not, the other fields are meaningless
 */
public record OneEuroState(double value, double derivative, double time, boolean initialised) implements Serializable {

    /** The state before the first sample. */
    public static final OneEuroState UNSET = new OneEuroState(0, 0, 0, false);
}
