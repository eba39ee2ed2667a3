package dev.tokenpose.eval;

import java.util.List;

/**
 * Object keypoint similarity as pycocotools' {@code COCOeval.computeOks} defines it, operation for
 * operation.
 *
 * <p>{@code e = (dx² + dy²) / (2σ)² / (area + eps) / 2} per keypoint, OKS = mean of
 * {@code exp(-e)}. Against an object with labelled keypoints only those (v &gt; 0) count and the
 * mean is over them; against one without, every detected keypoint counts, with its distance to
 * the object's box enlarged to three times its size around it (zero inside).
 */
public final class Oks {

    /** Keypoints per person in COCO. */
    public static final int KEYPOINTS = 17;

    /** pycocotools' {@code kpt_oks_sigmas} before the division by 10. */
    private static final double[] SIGMAS_TIMES_10 = {
        .26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89
    };

    private static final double[] SIGMAS = new double[KEYPOINTS];

    /** {@code (sigmas * 2) ** 2}. */
    private static final double[] VARIANCES = new double[KEYPOINTS];

    static {
        for (int j = 0; j < KEYPOINTS; j++) {
            SIGMAS[j] = SIGMAS_TIMES_10[j] / 10.0;
            double twice = SIGMAS[j] * 2;
            VARIANCES[j] = twice * twice;
        }
    }

    private Oks() {}

    /**
     * The COCO per-keypoint sigma (nose .026 … ankles .089).
     *
     * @param joint keypoint index in COCO order, 0..16
     * @return the sigma
     */
    public static double sigma(int joint) {
        return SIGMAS[joint];
    }

    /** {@code (2σ)²} of a keypoint, the per-keypoint variance both OKS formulas divide by. */
    static double variance(int joint) {
        return VARIANCES[joint];
    }

    /**
     * OKS of a detection against one ground-truth object.
     *
     * @param gt the object
     * @param detection the detected keypoints, 17 × (x, y, score); scores are not used
     * @return the similarity in [0, 1]
     * @throws IllegalArgumentException if either keypoint array is not 17 × 3 long
     */
    public static double of(CocoAnnotation gt, double[] detection) {
        double[] g = gt.keypoints();
        checkLength(g, "ground-truth keypoints");
        checkLength(detection, "detected keypoints");
        int labelled = 0;
        for (int j = 0; j < KEYPOINTS; j++) {
            if (g[3 * j + 2] > 0) {
                labelled++;
            }
        }
        double[] bb = gt.bbox();
        double x0 = bb[0] - bb[2];
        double x1 = bb[0] + bb[2] * 2;
        double y0 = bb[1] - bb[3];
        double y1 = bb[1] + bb[3] * 2;
        double[] similarity = new double[labelled > 0 ? labelled : KEYPOINTS];
        int n = 0;
        for (int j = 0; j < KEYPOINTS; j++) {
            double xd = detection[3 * j];
            double yd = detection[3 * j + 1];
            double dx;
            double dy;
            if (labelled > 0) {
                if (!(g[3 * j + 2] > 0)) {
                    continue;
                }
                dx = xd - g[3 * j];
                dy = yd - g[3 * j + 1];
            } else {
                dx = Math.max(0, x0 - xd) + Math.max(0, xd - x1);
                dy = Math.max(0, y0 - yd) + Math.max(0, yd - y1);
            }
            double e = (dx * dx + dy * dy) / VARIANCES[j] / (gt.area() + NumpyMath.SPACING_1) / 2;
            similarity[n++] = Math.exp(-e);
        }
        return NumpyMath.sum(similarity) / similarity.length;
    }

    /**
     * The OKS matrix of {@code computeOks}: one row per detection, one column per object.
     *
     * @param detections already ranked and cut to the detection limit
     * @param gts the objects in the ground truth's order
     * @return {@code [detections][gts]}
     */
    static double[][] matrix(List<CocoResult> detections, List<CocoAnnotation> gts) {
        double[][] oks = new double[detections.size()][gts.size()];
        for (int i = 0; i < detections.size(); i++) {
            for (int j = 0; j < gts.size(); j++) {
                oks[i][j] = of(gts.get(j), detections.get(i).keypoints());
            }
        }
        return oks;
    }

    static void checkLength(double[] keypoints, String what) {
        if (keypoints.length != 3 * KEYPOINTS) {
            throw new IllegalArgumentException(
                    what + " must hold 17 × (x, y, v) = 51 numbers, got " + keypoints.length);
        }
    }
}
