package dev.tokenpose.track;

/**
 * Where a live track's box is expected at a given time, for cropping frames the detector skips.
 *
 * @param trackId the track's id, or null if the track is tentative
 * @param box predicted box x, y, w, h, image pixels
 * @param misses consecutive frames the track has gone unmatched; the prediction is older the larger this is
 */
public record PredictedBox(Long trackId, double[] box, int misses) {}
