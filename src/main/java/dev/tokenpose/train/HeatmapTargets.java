package dev.tokenpose.train;

/**
 * The training targets of a heatmap model: one Gaussian per joint, centred on the joint's exact
 * (sub-pixel) heatmap position, and a weight per joint that leaves unlabelled or off-map joints out
 * of the loss.
 */
public final class HeatmapTargets {

    /** The official σ for 64×48 heatmaps, in heatmap pixels. */
    public static final double SIGMA = 2.0;

    private HeatmapTargets() {}

    /**
     * Writes the targets of one crop.
     *
     * @param joints K × (x, y) in heatmap pixels
     * @param weights K joint weights in [0, 1]; zeroed where the Gaussian's 3σ square misses the map
     * @param height heatmap height Hh
     * @param width heatmap width Wh
     * @param sigma Gaussian σ in heatmap pixels
     * @param out K × Hh × Wh, overwritten
     */
    public static void gaussians(float[] joints, float[] weights, int height, int width, double sigma, float[] out) {
        int k = weights.length;
        int plane = height * width;
        java.util.Arrays.fill(out, 0, k * plane, 0f);
        double radius = 3 * sigma;
        double inv = 1 / (2 * sigma * sigma);
        for (int j = 0; j < k; j++) {
            double cx = joints[2 * j];
            double cy = joints[2 * j + 1];
            if (!(cx + radius >= 0 && cy + radius >= 0 && cx - radius <= width - 1 && cy - radius <= height - 1)) {
                weights[j] = 0; // as the official code: a joint whose Gaussian lies off the map teaches nothing
            }
            if (weights[j] <= 0) {
                continue;
            }
            int x0 = Math.max(0, (int) Math.floor(cx - radius));
            int x1 = Math.min(width - 1, (int) Math.ceil(cx + radius));
            int y0 = Math.max(0, (int) Math.floor(cy - radius));
            int y1 = Math.min(height - 1, (int) Math.ceil(cy + radius));
            for (int y = y0; y <= y1; y++) {
                double dy = y - cy;
                for (int x = x0; x <= x1; x++) {
                    double dx = x - cx;
                    out[j * plane + y * width + x] = (float) Math.exp(-(dx * dx + dy * dy) * inv);
                }
            }
        }
    }

    /**
     * A joint's weight from the teacher's confidence: none below {@code minScore}, then rising
     * linearly to full weight at {@code fullScore}.
     */
    public static float weight(double score, double minScore, double fullScore) {
        if (!(score >= minScore)) {
            return 0f;
        }
        return (float) Math.min(1, (score - minScore) / (fullScore - minScore) * 0.5 + 0.5);
    }
}
