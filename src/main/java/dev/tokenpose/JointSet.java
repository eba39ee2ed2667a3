package dev.tokenpose;

import java.util.List;

/** Joint names and skeleton edges of the datasets TokenPose is trained on. */
public enum JointSet {
    /** COCO, 17 joints. */
    COCO(List.of("nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
                    "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee",
                    "right_knee", "left_ankle", "right_ankle"),
            new int[][] {{15, 13}, {13, 11}, {16, 14}, {14, 12}, {11, 12}, {5, 11}, {6, 12}, {5, 6}, {5, 7}, {6, 8},
                {7, 9}, {8, 10}, {1, 2}, {0, 1}, {0, 2}, {1, 3}, {2, 4}, {3, 5}, {4, 6}}),
    /** MPII, 16 joints. */
    MPII(List.of("right_ankle", "right_knee", "right_hip", "left_hip", "left_knee", "left_ankle", "pelvis", "thorax",
                    "upper_neck", "head_top", "right_wrist", "right_elbow", "right_shoulder", "left_shoulder",
                    "left_elbow", "left_wrist"),
            new int[][] {{0, 1}, {1, 2}, {2, 6}, {6, 3}, {3, 4}, {4, 5}, {6, 7}, {7, 8}, {8, 9}, {10, 11}, {11, 12},
                {12, 7}, {7, 13}, {13, 14}, {14, 15}});

    private final List<String> names;
    private final int[][] edges;

    JointSet(List<String> names, int[][] edges) {
        this.names = names;
        this.edges = edges;
    }

    public List<String> names() {
        return names;
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
            if (s.names.size() == k) {
                return s;
            }
        }
        throw new IllegalArgumentException("no joint set has " + k + " joints (COCO 17, MPII 16)");
    }
}
