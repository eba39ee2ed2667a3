package dev.tokenpose.track;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Smooths a track's keypoints over time with one One-Euro filter per coordinate.
 *
 * <p>Every joint's x and y are filtered independently whatever their score; the scores pass through,
 * so a consumer can still drop low-score joints. Smoothing never replaces the raw keypoints: both are
 * returned.
 */
public final class PoseSmoother implements Serializable {

    private static final long serialVersionUID = 1L;

    private final OneEuroFilter filter;

    /**
     * Creates a smoother.
     *
     * @param settings the One-Euro settings applied to every coordinate
     */
    public PoseSmoother(OneEuroSettings settings) {
        this.filter = new OneEuroFilter(settings);
    }

    /**
     * Smooths one observation of a track.
     *
     * @param state the state returned for the track's previous observation, or an empty list for a new
     *     track; a state of another joint count (the keypoint layout changed) is discarded
     * @param keypoints K × (x, y, score), image pixels
     * @param t observation time, seconds, after the previous observation's
     * @return raw and smoothed keypoints and the next state
     */
    public SmoothedKeypoints smooth(List<OneEuroState> state, float[] keypoints, double t) {
        if (keypoints.length % 3 != 0) {
            throw new IllegalArgumentException("keypoints must be K × (x, y, score), got length " + keypoints.length);
        }
        float[] raw = keypoints.clone();
        if (!filter.settings().enabled()) {
            return new SmoothedKeypoints(raw, raw.clone(), List.of());
        }
        int k = keypoints.length / 3;
        boolean fresh = state.size() != 2 * k;
        float[] smoothed = raw.clone();
        List<OneEuroState> next = new ArrayList<>(2 * k);
        for (int j = 0; j < k; j++) {
            for (int c = 0; c < 2; c++) {
                OneEuroState previous = fresh ? OneEuroState.UNSET : state.get(2 * j + c);
                OneEuroState s = filter.filter(previous, raw[3 * j + c], t);
                smoothed[3 * j + c] = (float) s.value();
                next.add(s);
            }
        }
        return new SmoothedKeypoints(raw, smoothed, List.copyOf(next));
    }
}
