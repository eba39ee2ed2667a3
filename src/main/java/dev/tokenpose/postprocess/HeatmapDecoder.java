package dev.tokenpose.postprocess;

import dev.tokenpose.preprocess.AffineMatrix;
import dev.tokenpose.preprocess.AffineTransforms;
import dev.tokenpose.preprocess.CenterScale;
import java.util.List;

/**
 * The official {@code get_final_preds}: integer argmax per heatmap, optional DARK refinement
 * (Gaussian blur, log, one Newton step), and back-projection to image pixels.
 *
 * <p>The arithmetic follows the official NumPy/OpenCV code step by step, including where it runs
 * in float32 and where in float64: on random or flat heatmaps the Hessian of the DARK step can be
 * nearly singular, and then the precision of each step is visible in the result.
 */
public final class HeatmapDecoder {

    /** The official {@code TEST.BLUR_KERNEL}. */
    public static final int BLUR_KERNEL = 11;

    private static final int RADIUS = BLUR_KERNEL / 2;

    /** The 11-tap kernel of {@code cv2.GaussianBlur(…, (11, 11), 0)} in double (σ = 2), centre at index 5. */
    private static final double[] KERNEL = openCvKernel11();

    private HeatmapDecoder() {}

    /**
     * Full decoding to image pixels, as the official {@code get_final_preds}.
     *
     * @param heatmaps float32 [n, k, height, width]
     * @param n batch size
     * @param k joints
     * @param height heatmap height Hh
     * @param width heatmap width Wh
     * @param boxes one center/scale per batch entry
     * @param dark whether to apply DARK ({@code TEST.POST_PROCESS})
     * @return [n, k, 3]: x, y in image pixels and the heatmap maximum as score
     */
    public static Keypoints decode(
            float[] heatmaps, int n, int k, int height, int width, List<CenterScale> boxes, boolean dark) {
        return toImage(decodeHeatmaps(heatmaps, n, k, height, width, dark), boxes, height, width);
    }

    /**
     * Decoding in heatmap pixels only (argmax, then DARK if asked), without back-projection.
     *
     * @param heatmaps float32 [n, k, height, width]
     * @param n batch size
     * @param k joints
     * @param height heatmap height Hh
     * @param width heatmap width Wh
     * @param dark whether to apply DARK
     * @return [n, k, 3]: x, y in heatmap pixels and the heatmap maximum as score
     */
    public static Keypoints decodeHeatmaps(float[] heatmaps, int n, int k, int height, int width, boolean dark) {
        Keypoints peaks = argmax(heatmaps, n, k, height, width);
        if (!dark) {
            return peaks;
        }
        float[] v = peaks.values().clone();
        int plane = height * width;
        float[] logMap = new float[plane];
        for (int m = 0; m < n * k; m++) {
            darkLogMap(heatmaps, m * plane, height, width, logMap);
            taylorStep(logMap, height, width, v, m * 3);
        }
        return new Keypoints(n, k, v);
    }

    /**
     * The official {@code get_max_preds}: first maximum per map; (0, 0) where the maximum is ≤ 0.
     *
     * @param heatmaps float32 [n, k, height, width]
     * @param n batch size
     * @param k joints
     * @param height heatmap height Hh
     * @param width heatmap width Wh
     * @return [n, k, 3]: integer x, y in heatmap pixels and the maximum
     */
    public static Keypoints argmax(float[] heatmaps, int n, int k, int height, int width) {
        int plane = height * width;
        if (heatmaps.length != (long) n * k * plane) {
            throw new IllegalArgumentException("expected [" + n + "," + k + "," + height + "," + width + "] = "
                    + (long) n * k * plane + " values, got " + heatmaps.length);
        }
        float[] out = new float[n * k * 3];
        for (int m = 0; m < n * k; m++) {
            int base = m * plane;
            int idx = 0;
            float max = heatmaps[base];
            // NumPy's argmax/amax treat NaN as the maximum and stop at the first one.
            if (!Float.isNaN(max)) {
                for (int i = 1; i < plane; i++) {
                    float value = heatmaps[base + i];
                    if (Float.isNaN(value)) {
                        idx = i;
                        max = value;
                        break;
                    }
                    if (value > max) {
                        idx = i;
                        max = value;
                    }
                }
            }
            boolean positive = max > 0f;
            // float32 like the official preds array: x = idx mod W, y = floor(idx / W).
            out[m * 3] = positive ? (float) idx % width : 0f;
            out[m * 3 + 1] = positive ? (float) Math.floor((float) idx / (float) width) : 0f;
            out[m * 3 + 2] = max;
        }
        return new Keypoints(n, k, out);
    }

    /**
     * Maps heatmap coordinates to image pixels with the official inverse affine ({@code transform_preds}).
     *
     * @param heatmapSpace [n, k, 3] keypoints in heatmap pixels
     * @param boxes one center/scale per batch entry
     * @param height heatmap height Hh
     * @param width heatmap width Wh
     * @return [n, k, 3]: x, y in image pixels, scores unchanged
     */
    public static Keypoints toImage(Keypoints heatmapSpace, List<CenterScale> boxes, int height, int width) {
        int n = heatmapSpace.count();
        int k = heatmapSpace.joints();
        if (boxes.size() != n) {
            throw new IllegalArgumentException(
                    "need one box per batch entry: " + n + " entries, " + boxes.size() + " boxes");
        }
        float[] in = heatmapSpace.values();
        float[] out = new float[in.length];
        for (int i = 0; i < n; i++) {
            AffineMatrix t = AffineTransforms.heatmapToImage(boxes.get(i), width, height);
            for (int j = 0; j < k; j++) {
                int o = (i * k + j) * 3;
                // The official code maps in float64 and stores the result into a float32 array.
                out[o] = (float) t.applyX(in[o], in[o + 1]);
                out[o + 1] = (float) t.applyY(in[o], in[o + 1]);
                out[o + 2] = in[o + 2];
            }
        }
        return new Keypoints(n, k, out);
    }

    /**
     * The DARK map of one heatmap: zero-padded 11×11 Gaussian blur in double stored as float32,
     * rescaled to the original maximum, clamped at 1e-10 and logged, all after the blur in float32.
     */
    static void darkLogMap(float[] heatmaps, int offset, int height, int width, float[] out) {
        blur(heatmaps, offset, height, width, out);
        int plane = height * width;
        float originMax = max(heatmaps, offset, plane);
        float blurMax = max(out, 0, plane);
        float ratio = originMax / blurMax;
        float floor = (float) 1e-10;
        for (int i = 0; i < plane; i++) {
            out[i] = NumpyLog.log(Math.max(out[i] * ratio, floor));
        }
    }

    /**
     * {@code cv2.GaussianBlur} with an 11×11 σ=2 kernel on the map padded by 5 zeros on each side,
     * cropped back: OpenCV's separable double filter (row pass, then the symmetric column pass).
     */
    static void blur(float[] heatmaps, int offset, int height, int width, float[] out) {
        int pw = width + 2 * RADIUS;
        int ph = height + 2 * RADIUS;
        double[] padded = new double[ph * pw];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                padded[(y + RADIUS) * pw + x + RADIUS] = heatmaps[offset + y * width + x];
            }
        }
        // Row pass over every padded row, for the columns that survive the crop.
        double[] rows = new double[ph * width];
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < width; x++) {
                int s = y * pw + x;
                double acc = KERNEL[0] * padded[s];
                for (int t = 1; t < BLUR_KERNEL; t++) {
                    acc += KERNEL[t] * padded[s + t];
                }
                rows[y * width + x] = acc;
            }
        }
        // Column pass, OpenCV's symmetric form: centre tap, then k[t]·(below + above).
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int c = (y + RADIUS) * width + x;
                double acc = KERNEL[RADIUS] * rows[c] + 0.0;
                for (int t = 1; t <= RADIUS; t++) {
                    acc += KERNEL[RADIUS + t] * (rows[c + t * width] + rows[c - t * width]);
                }
                out[y * width + x] = (float) acc;
            }
        }
    }

    /**
     * The official {@code taylor}: one Newton step on the log map at the integer peak, if the peak
     * is at least two pixels inside the map and the Hessian is not singular.
     *
     * <p>NumPy 1.x promotes a float32 scalar times a Python number to float64, so the first
     * differences and dxy are float32 differences scaled in float64, while dxx and dyy (which
     * contain {@code 2 * hm[y][x]}) are summed in float64; the step itself is float64 and is
     * added to the float32 coordinate in float64.
     */
    static void taylorStep(float[] hm, int height, int width, float[] coords, int at) {
        int px = (int) coords[at];
        int py = (int) coords[at + 1];
        if (!(1 < px && px < width - 2 && 1 < py && py < height - 2)) {
            return;
        }
        int c = py * width + px;
        float centre = hm[c];
        double dx = 0.5 * (hm[c + 1] - hm[c - 1]);
        double dy = 0.5 * (hm[c + width] - hm[c - width]);
        double dxx = 0.25 * (((double) hm[c + 2] - 2.0 * centre) + hm[c - 2]);
        double dxy = 0.25 * (((hm[c + width + 1] - hm[c - width + 1]) - hm[c + width - 1]) + hm[c - width - 1]);
        double dyy = 0.25 * (((double) hm[c + 2 * width] - 2.0 * centre) + hm[c - 2 * width]);
        if (dxx * dyy - dxy * dxy == 0) {
            return;
        }
        double[] inv = inverse2x2(dxx, dxy, dxy, dyy);
        if (inv == null) {
            return;
        }
        double ox = -inv[0] * dx + -inv[1] * dy;
        double oy = -inv[2] * dx + -inv[3] * dy;
        coords[at] = (float) (coords[at] + ox);
        coords[at + 1] = (float) (coords[at + 1] + oy);
    }

    /**
     * The inverse of [[a, b], [c, d]] the way LAPACK's {@code gesv} gets it (NumPy's {@code inv}):
     * LU with partial pivoting, then two triangular solves against the identity.
     *
     * @return {i00, i01, i10, i11}, or null for an exactly singular pivot
     */
    static double[] inverse2x2(double a, double b, double c, double d) {
        boolean swap = Math.abs(c) > Math.abs(a);
        double u00 = swap ? c : a;
        double u01 = swap ? d : b;
        double r10 = swap ? a : c;
        double r11 = swap ? b : d;
        if (u00 == 0) {
            return null;
        }
        double l = r10 * (1 / u00);
        double u11 = r11 - l * u01;
        if (u11 == 0) {
            return null;
        }
        double[] inv = new double[4];
        for (int col = 0; col < 2; col++) {
            // The row swap applies to the identity's rows as well.
            double y0 = (swap ? 1 - col : col) == 0 ? 1 : 0;
            double y1 = (swap ? 1 - col : col) == 1 ? 1 : 0;
            y1 -= l * y0;
            double x1 = y1 / u11;
            double x0 = (y0 - u01 * x1) / u00;
            inv[col] = x0;
            inv[2 + col] = x1;
        }
        return inv;
    }

    /**
     * OpenCV's Gaussian kernel for n = 11 and σ = 0 ({@code getGaussianKernel(11, 0, CV_64F)}),
     * bit for bit: σ = 0.3·((11−1)/2 − 1) + 0.8 = 2, weights exp(−t²/8) normalised. OpenCV
     * computes them with its own software exp, whose last bits differ from {@code Math.exp}, so
     * the six distinct values are stored as raw doubles (checked against OpenCV in the tests).
     */
    private static double[] openCvKernel11() {
        long[] half = {
            0x3f820c2564ee6772L, 0x3f9bcb86a082c301L, 0x3fb0ab50979aaf94L,
            0x3fbf2464c62edaf4L, 0x3fc6a7e1d504a91dL, 0x3fc9ac20a36ea596L,
        };
        double[] kernel = new double[BLUR_KERNEL];
        for (int i = 0; i < half.length; i++) {
            kernel[i] = Double.longBitsToDouble(half[i]);
            kernel[BLUR_KERNEL - 1 - i] = kernel[i];
        }
        return kernel;
    }

    /** A copy of the blur kernel, for tests. */
    static double[] kernel() {
        return KERNEL.clone();
    }

    private static float max(float[] a, int offset, int len) {
        float m = a[offset];
        for (int i = 1; i < len; i++) {
            float v = a[offset + i];
            if (Float.isNaN(v)) {
                return v;
            }
            if (v > m) {
                m = v;
            }
        }
        return m;
    }
}
