package dev.tokenpose.postprocess;

/**
 * The official test-time flip: mirror the input, mirror the resulting heatmaps back, swap the
 * left/right joints, and average with the unflipped heatmaps (no one-pixel shift).
 */
public final class FlipTest {

    private FlipTest() {}

    /**
     * Mirrors an NCHW (or NKHW) batch along its width.
     *
     * @param data values [n, c, height, width]
     * @param n batch size
     * @param c channels
     * @param height height
     * @param width width
     * @return a new array, {@code out[..., x] = data[..., width − 1 − x]}
     */
    public static float[] flipWidth(float[] data, int n, int c, int height, int width) {
        checkLength(data, n, c, height, width);
        float[] out = new float[data.length];
        int rows = n * c * height;
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            for (int x = 0; x < width; x++) {
                out[base + x] = data[base + width - 1 - x];
            }
        }
        return out;
    }

    /**
     * The official {@code flip_back}: mirrors heatmaps along their width and swaps each joint pair.
     *
     * @param heatmaps heatmaps of the mirrored input [n, k, height, width]
     * @param n batch size
     * @param k joints
     * @param height heatmap height Hh
     * @param width heatmap width Wh
     * @param pairs the dataset's flip pairs
     * @return the heatmaps in the original frame, as a new array
     */
    public static float[] flipBack(float[] heatmaps, int n, int k, int height, int width, FlipPairs pairs) {
        if (k != pairs.numJoints()) {
            throw new IllegalArgumentException(pairs + " has " + pairs.numJoints() + " joints, heatmaps have " + k);
        }
        return flipBack(heatmaps, n, k, height, width, pairs.pairs());
    }

    /**
     * The official {@code flip_back} with explicit pairs.
     *
     * @param heatmaps heatmaps of the mirrored input [n, k, height, width]
     * @param n batch size
     * @param k joints
     * @param height heatmap height Hh
     * @param width heatmap width Wh
     * @param pairs {a, b} joint index pairs to swap
     * @return the heatmaps in the original frame, as a new array
     */
    public static float[] flipBack(float[] heatmaps, int n, int k, int height, int width, int[][] pairs) {
        float[] mirrored = flipWidth(heatmaps, n, k, height, width);
        int[] source = new int[k];
        for (int j = 0; j < k; j++) {
            source[j] = j;
        }
        for (int[] p : pairs) {
            if (p.length != 2 || p[0] < 0 || p[1] < 0 || p[0] >= k || p[1] >= k) {
                throw new IllegalArgumentException("bad flip pair for " + k + " joints");
            }
            int t = source[p[0]];
            source[p[0]] = source[p[1]];
            source[p[1]] = t;
        }
        int plane = height * width;
        float[] out = new float[mirrored.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                System.arraycopy(mirrored, (i * k + source[j]) * plane, out, (i * k + j) * plane, plane);
            }
        }
        return out;
    }

    /**
     * The flip-test average {@code 0.5 · (a + b)} in float32.
     *
     * @param a heatmaps of the original input
     * @param b flipped-back heatmaps of the mirrored input
     * @return the element-wise average, as a new array
     */
    public static float[] average(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("length mismatch: " + a.length + " vs " + b.length);
        }
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] + b[i]) * 0.5f;
        }
        return out;
    }

    private static void checkLength(float[] data, int n, int c, int height, int width) {
        if (data.length != (long) n * c * height * width) {
            throw new IllegalArgumentException("expected [" + n + "," + c + "," + height + "," + width + "] = "
                    + (long) n * c * height * width + " values, got " + data.length);
        }
    }
}
