package dev.tokenpose.train;

/**
 * How closely a pose matches a reference pose of the same person: COCO's object keypoint
 * similarity and PCK, over the joints the reference is sure of.
 */
public final class PoseAgreement {

    /** COCO's per-joint OKS sigmas (nose, eyes, ears, shoulders, elbows, wrists, hips, knees, ankles), as pycocotools: /10. */
    public static final double[] COCO_SIGMAS = {
        .026, .025, .025, .035, .035, .079, .079, .072, .072, .062, .062, .107, .107, .087, .087, .089, .089
    };

    private PoseAgreement() {}

    /**
     * OKS as COCO defines it, {@code mean over labelled joints of exp(−d²/(2·area·(2σ)²))}.
     *
     * @param pose K × (x, y, score)
     * @param reference K × (x, y, score)
     * @param minScore reference joints scoring below this are unlabelled
     * @param area the person's area in pixels² (COCO: segment area; here the box area)
     * @return OKS in [0, 1], or NaN when the reference labels no joint
     */
    public static double oks(float[] pose, float[] reference, double minScore, double area) {
        double sum = 0;
        int n = 0;
        for (int j = 0; j < COCO_SIGMAS.length; j++) {
            if (reference[3 * j + 2] < minScore) {
                continue;
            }
            double dx = pose[3 * j] - reference[3 * j];
            double dy = pose[3 * j + 1] - reference[3 * j + 1];
            double var = Math.pow(2 * COCO_SIGMAS[j], 2);
            sum += Math.exp(-(dx * dx + dy * dy) / var / (area + Math.ulp(1.0)) / 2);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Share of labelled joints within {@code fraction} × {@code size} of the reference (PCK).
     *
     * @param size the normalising length, e.g. the longer side of the person box
     * @return in [0, 1], or NaN when the reference labels no joint
     */
    public static double pck(float[] pose, float[] reference, double minScore, double fraction, double size) {
        int hit = 0;
        int n = 0;
        for (int j = 0; j < reference.length / 3; j++) {
            if (reference[3 * j + 2] < minScore) {
                continue;
            }
            double d = Math.hypot(pose[3 * j] - reference[3 * j], pose[3 * j + 1] - reference[3 * j + 1]);
            hit += d <= fraction * size ? 1 : 0;
            n++;
        }
        return n == 0 ? Double.NaN : (double) hit / n;
    }
}
