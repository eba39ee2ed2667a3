package dev.tokenpose.eval;

/**
 * The official pose rescoring before OKS-NMS (spec §7.3): the mean of the keypoint scores above
 * {@code TEST.IN_VIS_THRE} (0 if none is), times the box score.
 *
 * <p>Arithmetic as the official code ran it under NumPy 1.x: the float32 keypoint scores are
 * compared with and summed in double precision, in joint order. So a joint scored 0.2f (which is
 * 0.20000000298…) does count.
 */
public final class Rescoring {

    /** {@code TEST.IN_VIS_THRE} of every official config. */
    public static final double IN_VIS_THRE = 0.2;

    private Rescoring() {}

    /**
     * Rescores a pose with the official threshold.
     *
     * @param keypoints K × (x, y, score)
     * @param boxScore the person box's score (1 for ground-truth boxes)
     * @return mean of the joint scores above 0.2 (0 if none) × box score
     */
    public static double rescore(float[] keypoints, double boxScore) {
        return rescore(keypoints, boxScore, IN_VIS_THRE);
    }

    /**
     * Rescores a pose.
     *
     * @param keypoints K × (x, y, score)
     * @param boxScore the person box's score
     * @param visibleThreshold joints scoring at or below this do not count
     * @return mean of the joint scores above the threshold (0 if none) × box score
     * @throws IllegalArgumentException if the keypoint array is not a multiple of 3 long
     */
    public static double rescore(float[] keypoints, double boxScore, double visibleThreshold) {
        return meanVisibleScore(keypoints, visibleThreshold) * boxScore;
    }

    /**
     * The keypoint part of the rescoring.
     *
     * @param keypoints K × (x, y, score)
     * @param visibleThreshold joints scoring at or below this do not count
     * @return mean of the joint scores above the threshold, 0 if none is
     * @throws IllegalArgumentException if the keypoint array is not a multiple of 3 long
     */
    public static double meanVisibleScore(float[] keypoints, double visibleThreshold) {
        if (keypoints.length % 3 != 0) {
            throw new IllegalArgumentException(
                    "keypoints must be K × (x, y, score), got " + keypoints.length + " values");
        }
        double sum = 0;
        int valid = 0;
        for (int j = 2; j < keypoints.length; j += 3) {
            if (keypoints[j] > visibleThreshold) {
                sum += keypoints[j];
                valid++;
            }
        }
        return valid == 0 ? 0 : sum / valid;
    }
}
