package dev.tokenpose.postprocess;

/** The left/right joint pairs that a horizontal flip exchanges, per dataset (0-based joint indices). */
public enum FlipPairs {
    /** COCO, 17 joints: eyes, ears, shoulders, elbows, wrists, hips, knees, ankles; the nose is unpaired. */
    COCO(17, new int[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}, {11, 12}, {13, 14}, {15, 16}}),
    /** MPII, 16 joints: ankles, knees, hips, wrists, elbows, shoulders. */
    MPII(16, new int[][] {{0, 5}, {1, 4}, {2, 3}, {10, 15}, {11, 14}, {12, 13}});

    private final int numJoints;
    private final int[][] pairs;

    FlipPairs(int numJoints, int[][] pairs) {
        this.numJoints = numJoints;
        this.pairs = pairs;
    }

    /**
     * The number of joints of the dataset.
     *
     * @return K
     */
    public int numJoints() {
        return numJoints;
    }

    /**
     * The pairs, as a fresh copy.
     *
     * @return an array of {left, right} index pairs
     */
    public int[][] pairs() {
        int[][] copy = new int[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            copy[i] = pairs[i].clone();
        }
        return copy;
    }
}
