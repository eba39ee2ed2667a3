package dev.tokenpose.model;

/**
 * The fixed 2-D sine position table of {@code sine} / {@code sine-full} models, as the official code
 * computes it when the model is built. Checkpoints carry this table as {@code pos_embedding}, and
 * the graph uses the checkpoint's copy; the generator serves weight-free models (benchmarks) and
 * checks.
 */
public final class SinePositionTable {

    private static final double TEMPERATURE = 10000;
    private static final double EPS = 1e-6;

    private SinePositionTable() {}

    /**
     * @param gridHeight rows of the patch grid
     * @param gridWidth columns of the patch grid
     * @param dim token width D (even)
     * @return [1, gridHeight·gridWidth, D] in C order: per cell D/2 y-features then D/2 x-features,
     *     each alternating sin, cos
     */
    public static float[] create(int gridHeight, int gridWidth, int dim) {
        if (dim % 4 != 0) {
            throw new IllegalArgumentException("sine positions need DIM divisible by 4, got " + dim);
        }
        int half = dim / 2;
        float[] out = new float[gridHeight * gridWidth * dim];
        for (int r = 0; r < gridHeight; r++) {
            float y = (float) ((r + 1) / (gridHeight + EPS) * 2 * Math.PI);
            for (int c = 0; c < gridWidth; c++) {
                float x = (float) ((c + 1) / (gridWidth + EPS) * 2 * Math.PI);
                int base = (r * gridWidth + c) * dim;
                for (int i = 0; i < half; i++) {
                    // The exponent's denominator is D/2, the features per axis.
                    float freq = (float) Math.pow(TEMPERATURE, 2.0 * (i / 2) / half);
                    boolean sin = i % 2 == 0;
                    out[base + i] = (float) (sin ? Math.sin(y / freq) : Math.cos(y / freq));
                    out[base + half + i] = (float) (sin ? Math.sin(x / freq) : Math.cos(x / freq));
                }
            }
        }
        return out;
    }
}
