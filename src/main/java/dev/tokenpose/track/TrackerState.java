package dev.tokenpose.track;

import java.io.Serializable;
import java.util.List;

/**
 * Everything the tracker remembers about one stream: its live tracks and the next id to publish.
 *
 * <p>An immutable, {@link Serializable} value of records, primitives and immutable lists, so a stream
 * can keep it in keyed state and restore it from a savepoint. {@code nextId} only grows, which is what
 * keeps ids unique within a stream even after their tracks die.
 *
 * @param tracks the live tracks, tentative and confirmed, in a deterministic order
 * @param nextId the id the next confirmed track will get, from 1
 * @param time the time of the last update, seconds; NaN before the first
 */
public record TrackerState(List<Track> tracks, long nextId, double time) implements Serializable {

    /** The state of a stream that has seen no frame yet. */
    public static final TrackerState INITIAL = new TrackerState(List.of(), 1, Double.NaN);

    /** Copies the track list and checks the id counter. */
    public TrackerState {
        tracks = List.copyOf(tracks);
        if (nextId < 1) {
            throw new IllegalArgumentException("nextId must be at least 1, got " + nextId);
        }
    }
}
