package dev.tokenpose.preprocess;

/**
 * The official "unbiased" {@code get_affine_transform}: the similarity transform between a person
 * box and a W×H model input (or Wh×Hh heatmap), built the same way in float32 and solved the same
 * way in double as {@code cv2.getAffineTransform}.
 */
public final class AffineTransforms {

    private AffineTransforms() {}

    /**
     * The image→output matrix (the crop matrix for {@code warpAffine}).
     *
     * @param box center and scale of the person box
     * @param rotationDegrees rotation of the box (0 at test time)
     * @param outWidth output width (model input W, or heatmap Wh)
     * @param outHeight output height (H or Hh)
     * @return the matrix mapping image pixels to output pixels
     */
    public static AffineMatrix imageToOutput(CenterScale box, double rotationDegrees, int outWidth, int outHeight) {
        float[][] p = pointPairs(box, rotationDegrees, outWidth, outHeight);
        return fromPoints(p[0], p[1]);
    }

    /**
     * The output→image matrix, used to map heatmap coordinates back to image pixels.
     *
     * @param box center and scale of the person box
     * @param rotationDegrees rotation of the box (0 at test time)
     * @param outWidth output width (heatmap Wh for back-projection)
     * @param outHeight output height (heatmap Hh)
     * @return the matrix mapping output pixels to image pixels
     */
    public static AffineMatrix outputToImage(CenterScale box, double rotationDegrees, int outWidth, int outHeight) {
        float[][] p = pointPairs(box, rotationDegrees, outWidth, outHeight);
        return fromPoints(p[1], p[0]);
    }

    /**
     * The image→crop matrix for a W×H model input without rotation.
     *
     * @param box center and scale of the person box
     * @param width model input width W
     * @param height model input height H
     * @return the matrix for {@code warpAffine}
     */
    public static AffineMatrix crop(CenterScale box, int width, int height) {
        return imageToOutput(box, 0.0, width, height);
    }

    /**
     * The heatmap→image matrix for a Wh×Hh heatmap without rotation.
     *
     * @param box center and scale of the person box
     * @param heatmapWidth heatmap width Wh
     * @param heatmapHeight heatmap height Hh
     * @return the back-projection matrix
     */
    public static AffineMatrix heatmapToImage(CenterScale box, int heatmapWidth, int heatmapHeight) {
        return outputToImage(box, 0.0, heatmapWidth, heatmapHeight);
    }

    /**
     * The three source and destination points of the official code, rounded to float32 where it rounds.
     *
     * @return {src[6], dst[6]}, each as x0, y0, x1, y1, x2, y2
     */
    static float[][] pointPairs(CenterScale box, double rotationDegrees, int outWidth, int outHeight) {
        if (outWidth <= 0 || outHeight <= 0) {
            throw new IllegalArgumentException("output size must be positive: " + outWidth + "x" + outHeight);
        }
        float srcW = box.sourceWidth();
        double rot = Math.PI * rotationDegrees / 180;
        double sn = Math.sin(rot);
        double cs = Math.cos(rot);
        // src_dir = rotate((0, (src_w - 1) * -0.5)); NumPy promotes float32 - int to float64 here.
        double v = ((double) srcW - 1) * -0.5;
        double dirX = 0 * cs - v * sn;
        double dirY = 0 * sn + v * cs;

        float[] src = new float[6];
        src[0] = box.centerX();
        src[1] = box.centerY();
        src[2] = (float) (box.centerX() + dirX);
        src[3] = (float) (box.centerY() + dirY);
        thirdPoint(src);

        float[] dst = new float[6];
        dst[0] = (float) ((outWidth - 1) * 0.5);
        dst[1] = (float) ((outHeight - 1) * 0.5);
        dst[2] = dst[0];
        dst[3] = (float) ((outHeight - 1) * 0.5 + (float) ((outWidth - 1) * -0.5));
        thirdPoint(dst);
        return new float[][] {src, dst};
    }

    /** {@code get_3rd_point}: b + rot90(a − b), all in float32. */
    private static void thirdPoint(float[] p) {
        float dx = p[0] - p[2];
        float dy = p[1] - p[3];
        p[4] = p[2] + -dy;
        p[5] = p[3] + dx;
    }

    /**
     * {@code cv2.getAffineTransform}: the affine map taking three points onto three others, from
     * the same 6×6 system and the same Gaussian elimination with partial pivoting as OpenCV.
     *
     * @param src source points x0, y0, x1, y1, x2, y2 (float32 like OpenCV's {@code Point2f})
     * @param dst destination points, same layout
     * @return the matrix mapping src onto dst
     */
    public static AffineMatrix fromPoints(float[] src, float[] dst) {
        if (src.length != 6 || dst.length != 6) {
            throw new IllegalArgumentException("need three points (6 values) on each side");
        }
        double[] a = new double[36];
        double[] b = new double[6];
        for (int i = 0; i < 3; i++) {
            int j = i * 12;
            int k = i * 12 + 6;
            a[j] = a[k + 3] = src[2 * i];
            a[j + 1] = a[k + 4] = src[2 * i + 1];
            a[j + 2] = a[k + 5] = 1;
            b[i * 2] = dst[2 * i];
            b[i * 2 + 1] = dst[2 * i + 1];
        }
        if (!solveLu(a, b, 6)) {
            throw new IllegalArgumentException("the three source points are collinear");
        }
        return AffineMatrix.of(b);
    }

    /** OpenCV's {@code LUImpl} for one right-hand side; the solution replaces {@code b}. */
    private static boolean solveLu(double[] a, double[] b, int m) {
        double eps = 2.220446049250313e-16 * 100; // OpenCV's pivot threshold for double: DBL_EPSILON * 100
        for (int i = 0; i < m; i++) {
            int k = i;
            for (int j = i + 1; j < m; j++) {
                if (Math.abs(a[j * m + i]) > Math.abs(a[k * m + i])) {
                    k = j;
                }
            }
            if (Math.abs(a[k * m + i]) < eps) {
                return false;
            }
            if (k != i) {
                for (int j = i; j < m; j++) {
                    double t = a[i * m + j];
                    a[i * m + j] = a[k * m + j];
                    a[k * m + j] = t;
                }
                double t = b[i];
                b[i] = b[k];
                b[k] = t;
            }
            double d = -1 / a[i * m + i];
            for (int j = i + 1; j < m; j++) {
                double alpha = a[j * m + i] * d;
                for (int c = i + 1; c < m; c++) {
                    a[j * m + c] += alpha * a[i * m + c];
                }
                b[j] += alpha * b[i];
            }
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = b[i];
            for (int c = i + 1; c < m; c++) {
                s -= a[i * m + c] * b[c];
            }
            b[i] = s / a[i * m + i];
        }
        return true;
    }
}
