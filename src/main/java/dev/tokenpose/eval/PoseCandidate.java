package dev.tokenpose.eval;

/**
 * One person's decoded pose as the official COCO evaluation holds it before OKS-NMS.
 *
 * @param keypoints 17 × (x, y, score) in float32, as the official predictions array stores them
 * @param area (scale.x·200)·(scale.y·200): the padded crop's area, OKS-NMS's object scale
 * @param score the rescored pose score ({@link Rescoring#rescore})
 */
public record PoseCandidate(float[] keypoints, double area, double score) {

    /**
     * Checks the keypoint count.
     *
     * @throws IllegalArgumentException if there are not 17 × 3 keypoint values
     */
    public PoseCandidate {
        if (keypoints.length != 3 * Oks.KEYPOINTS) {
            throw new IllegalArgumentException("a pose holds 17 × (x, y, score) = 51 values, got " + keypoints.length);
        }
    }
}
