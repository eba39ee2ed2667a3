package dev.tokenpose.track;

import java.util.List;

/**
 * One track's keypoints after smoothing, with the raw keypoints they came from and the filter state.
 *
 * @param raw K × (x, y, score) as detected
 * @param smoothed K × (x, y, score) with x and y filtered and the scores copied from {@code raw}
 * @param state the filter state to pass to the next call, one {@link OneEuroState} per coordinate
 *     (x0, y0, x1, y1, …); empty when smoothing is disabled
 */
public record SmoothedKeypoints(float[] raw, float[] smoothed, List<OneEuroState> state) {}
