package dev.tokenpose.track;

import dev.tokenpose.PersonPose;
import java.io.Serializable;

/**
 * Tuning of the {@link Tracker}; {@link #DEFAULTS} suit one person detector run per frame at 10–30 fps.
 *
 * <p>Defaults and why:
 * <ul>
 *   <li>{@code minHits = 3}: a track is confirmed (gets an id) in its third consecutive frame, as in
 *       SORT; one- or two-frame false detections never get an id.</li>
 *   <li>{@code maxMisses = 10}: a confirmed track survives up to 10 consecutive frames without a match
 *       (0.33 s at 30 fps, 1 s at 10 fps), enough for one person passing behind another; longer
 *       and a stale prediction could capture someone else.</li>
 *   <li>{@code minSimilarity = 0.3}: a pair scoring below this is never matched (SORT's IoU gate).</li>
 *   <li>{@code iouWeight = 0.5}: box IoU and keypoint OKS count equally; OKS separates overlapping
 *       people whose boxes are alike, IoU keeps matching when few joints are visible.</li>
 *   <li>{@code minJointScore = PersonPose.VISIBLE_SCORE} (0.2): the joint visibility threshold of the pose score.</li>
 *   <li>{@code smoothing = OneEuroSettings.DEFAULTS}.</li>
 * </ul>
 *
 * @param minHits frames with a match needed to confirm a track, at least 1
 * @param maxMisses consecutive frames without a match a confirmed track survives, at least 0
 * @param minSimilarity smallest {@link PoseSimilarity} accepted as a match, in (0, 1]
 * @param iouWeight weight of IoU in the similarity, in [0, 1]
 * @param minJointScore joints scoring at or below this are left out of OKS
 * @param smoothing One-Euro settings for the keypoints
 */
public record TrackerSettings(
        int minHits,
        int maxMisses,
        double minSimilarity,
        double iouWeight,
        double minJointScore,
        OneEuroSettings smoothing)
        implements Serializable {

    /** The defaults described above. */
    public static final TrackerSettings DEFAULTS =
            new TrackerSettings(3, 10, 0.3, 0.5, PersonPose.VISIBLE_SCORE, OneEuroSettings.DEFAULTS);

    /** Checks the ranges. */
    public TrackerSettings {
        if (minHits < 1 || maxMisses < 0) {
            throw new IllegalArgumentException(
                    "need minHits >= 1 and maxMisses >= 0, got " + minHits + ", " + maxMisses);
        }
        if (!(minSimilarity > 0 && minSimilarity <= 1)) {
            throw new IllegalArgumentException("minSimilarity must be in (0, 1], got " + minSimilarity);
        }
        if (!(iouWeight >= 0 && iouWeight <= 1)) {
            throw new IllegalArgumentException("iouWeight must be in [0, 1], got " + iouWeight);
        }
        if (!Double.isFinite(minJointScore) || smoothing == null) {
            throw new IllegalArgumentException("minJointScore must be finite and smoothing given");
        }
    }

    /**
     * These settings with other smoothing.
     *
     * @param smoothing the One-Euro settings to use
     * @return a copy with {@code smoothing} replaced
     */
    public TrackerSettings withSmoothing(OneEuroSettings smoothing) {
        return new TrackerSettings(minHits, maxMisses, minSimilarity, iouWeight, minJointScore, smoothing);
    }
}
