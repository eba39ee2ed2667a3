package dev.tokenpose.pipeline;

import dev.tokenpose.track.TrackerSettings;
import java.io.Serializable;

/**
 * How a stream finds and follows people.
 *
 * @param detectEvery run the detector on every k-th frame; in between, each person's box is
 *     propagated from their previous keypoints (1: detect on every frame)
 * @param redetectBelow re-detect on the next frame when a propagated person's pose score falls below this
 * @param minDetectionScore detections scoring below this are ignored
 * @param tracker association, birth/death and smoothing settings
 * @param maxPersons the detector's highest-scoring persons kept per frame
 */
public record PipelineSettings(
        int detectEvery, double redetectBelow, double minDetectionScore, TrackerSettings tracker, int maxPersons)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Detect every 5th frame, re-detect early below pose score 0.3, tracker defaults, at most 32 persons. */
    public static final PipelineSettings DEFAULTS = new PipelineSettings(5, 0.3, 0.3, TrackerSettings.DEFAULTS, 32);

    public PipelineSettings {
        if (detectEvery < 1) {
            throw new IllegalArgumentException("detectEvery must be at least 1, got " + detectEvery);
        }
        if (maxPersons < 1) {
            throw new IllegalArgumentException("maxPersons must be at least 1, got " + maxPersons);
        }
    }

    public PipelineSettings withDetectEvery(int k) {
        return new PipelineSettings(k, redetectBelow, minDetectionScore, tracker, maxPersons);
    }

    public PipelineSettings withMaxPersons(int n) {
        return new PipelineSettings(detectEvery, redetectBelow, minDetectionScore, tracker, n);
    }

    public PipelineSettings withTracker(TrackerSettings t) {
        return new PipelineSettings(detectEvery, redetectBelow, minDetectionScore, t, maxPersons);
    }
}
