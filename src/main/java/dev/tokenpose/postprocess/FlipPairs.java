package dev.tokenpose.postprocess;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The joints of each dataset, in the network's output order, and the left/right joint pairs that a
 * horizontal flip exchanges. The pairs follow from the names: {@code left_X} swaps with
 * {@code right_X}. The root package's {@code JointSet} builds on these (adding the skeleton's
 * bones), so the two cannot disagree.
 */
public enum FlipPairs {
    /** COCO, 17 joints: eyes, ears, shoulders, elbows, wrists, hips, knees, ankles; the nose is unpaired. */
    COCO(List.of(
            "nose",
            "left_eye",
            "right_eye",
            "left_ear",
            "right_ear",
            "left_shoulder",
            "right_shoulder",
            "left_elbow",
            "right_elbow",
            "left_wrist",
            "right_wrist",
            "left_hip",
            "right_hip",
            "left_knee",
            "right_knee",
            "left_ankle",
            "right_ankle")),
    /** MPII, 16 joints: ankles, knees, hips, wrists, elbows, shoulders; the spine and head are unpaired. */
    MPII(List.of(
            "right_ankle",
            "right_knee",
            "right_hip",
            "left_hip",
            "left_knee",
            "left_ankle",
            "pelvis",
            "thorax",
            "upper_neck",
            "head_top",
            "right_wrist",
            "right_elbow",
            "right_shoulder",
            "left_shoulder",
            "left_elbow",
            "left_wrist"));

    private static final String LEFT = "left_";
    private static final String RIGHT = "right_";

    private final List<String> jointNames;
    private final int[][] pairs;

    FlipPairs(List<String> jointNames) {
        this.jointNames = jointNames;
        this.pairs = mirrorPairs(jointNames);
    }

    /**
     * The number of joints of the dataset.
     *
     * @return K
     */
    public int numJoints() {
        return jointNames.size();
    }

    /**
     * The joint names, in the dataset's order (the indices of {@link #pairs()}).
     *
     * @return K names, read-only
     */
    public List<String> jointNames() {
        return jointNames;
    }

    /**
     * The pairs, as a fresh copy.
     *
     * @return an array of index pairs, each a {@code left_X} and its {@code right_X} in the order
     *     they appear, sorted by the first index
     */
    public int[][] pairs() {
        int[][] copy = new int[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            copy[i] = pairs[i].clone();
        }
        return copy;
    }

    /**
     * Pairs every {@code left_X} with its {@code right_X}.
     *
     * @param names joint names
     * @return {i, j} with i &lt; j for each pair, by ascending i
     * @throws IllegalArgumentException if a sided joint has no partner
     */
    static int[][] mirrorPairs(List<String> names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        int[][] out = new int[names.size()][];
        int n = 0;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String mirror = name.startsWith(LEFT)
                    ? RIGHT + name.substring(LEFT.length())
                    : name.startsWith(RIGHT) ? LEFT + name.substring(RIGHT.length()) : null;
            if (mirror == null) {
                continue;
            }
            Integer j = index.get(mirror);
            if (j == null) {
                throw new IllegalArgumentException("joint '" + name + "' has no '" + mirror + "' to swap with");
            }
            if (i < j) {
                out[n++] = new int[] {i, j};
            }
        }
        return Arrays.copyOf(out, n);
    }
}
