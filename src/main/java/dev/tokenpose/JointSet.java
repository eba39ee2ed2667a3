package dev.tokenpose;

import dev.tokenpose.postprocess.FlipPairs;
import java.util.List;

/**
 * Joint names and skeleton edges of the datasets TokenPose is trained on. The names, their order
 * and the left/right pairs come from {@link FlipPairs}, which the flip test uses; this adds the bones.
 */
public enum JointSet {
    /** COCO, 17 joints. */
    COCO(FlipPairs.COCO, new int[][] {
        {15, 13}, {13, 11}, {16, 14}, {14, 12}, {11, 12}, {5, 11}, {6, 12}, {5, 6}, {5, 7}, {6, 8}, {7, 9}, {8, 10},
        {1, 2}, {0, 1}, {0, 2}, {1, 3}, {2, 4}, {3, 5}, {4, 6}
    }),
    /** MPII, 16 joints. */
    MPII(FlipPairs.MPII, new int[][] {
        {0, 1}, {1, 2}, {2, 6}, {6, 3}, {3, 4}, {4, 5}, {6, 7}, {7, 8}, {8, 9}, {10, 11}, {11, 12}, {12, 7}, {7, 13},
        {13, 14}, {14, 15}
    });

    private final FlipPairs joints;
    private final int[][] edges;

    JointSet(FlipPairs joints, int[][] edges) {
        this.joints = joints;
        this.edges = edges;
    }

    /** The joint names, in the network's output order. */
    public List<String> names() {
        return joints.jointNames();
    }

    /** The left/right pairs a horizontal flip exchanges. */
    public FlipPairs flipPairs() {
        return joints;
    }

    /** Pairs of joint indices joined by a bone. */
    public int[][] edges() {
        int[][] copy = new int[edges.length][];
        for (int i = 0; i < edges.length; i++) {
            copy[i] = edges[i].clone();
        }
        return copy;
    }

    /** The joint set with this many joints. */
    public static JointSet forJoints(int k) {
        for (JointSet s : values()) {
            if (s.names().size() == k) {
                return s;
            }
        }
        throw new IllegalArgumentException("no joint set has " + k + " joints (COCO 17, MPII 16)");
    }
}
