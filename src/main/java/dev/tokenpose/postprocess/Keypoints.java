package dev.tokenpose.postprocess;

/**
 * Decoded keypoints of a batch: for each person and joint an x, a y and a score (the heatmap maximum).
 *
 * @param count number of persons N
 * @param joints joints per person K
 * @param values float32 [N, K, 3] as x, y, score
 */
public record Keypoints(int count, int joints, float[] values) {

    /** Checks the array length. */
    public Keypoints {
        if (values.length != (long) count * joints * 3) {
            throw new IllegalArgumentException(
                    "expected " + (long) count * joints * 3 + " values, got " + values.length);
        }
    }

    /**
     * The x coordinate of one joint.
     *
     * @param person person index
     * @param joint joint index
     * @return x
     */
    public float x(int person, int joint) {
        return values[(person * joints + joint) * 3];
    }

    /**
     * The y coordinate of one joint.
     *
     * @param person person index
     * @param joint joint index
     * @return y
     */
    public float y(int person, int joint) {
        return values[(person * joints + joint) * 3 + 1];
    }

    /**
     * The score (heatmap maximum) of one joint.
     *
     * @param person person index
     * @param joint joint index
     * @return score
     */
    public float score(int person, int joint) {
        return values[(person * joints + joint) * 3 + 2];
    }
}
