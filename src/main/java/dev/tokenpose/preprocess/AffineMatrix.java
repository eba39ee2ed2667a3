package dev.tokenpose.preprocess;

/**
 * A 2×3 affine matrix in double precision, row-major, mapping (x, y) to (m00·x + m01·y + m02,
 * m10·x + m11·y + m12) like an OpenCV {@code warpAffine} matrix.
 *
 * @param m00 row 0, column 0
 * @param m01 row 0, column 1
 * @param m02 row 0, column 2 (x translation)
 * @param m10 row 1, column 0
 * @param m11 row 1, column 1
 * @param m12 row 1, column 2 (y translation)
 */
public record AffineMatrix(double m00, double m01, double m02, double m10, double m11, double m12) {

    /**
     * Builds a matrix from six row-major values.
     *
     * @param m {m00, m01, m02, m10, m11, m12}
     * @return the matrix
     */
    public static AffineMatrix of(double[] m) {
        if (m.length != 6) {
            throw new IllegalArgumentException("a 2x3 matrix needs 6 values, got " + m.length);
        }
        return new AffineMatrix(m[0], m[1], m[2], m[3], m[4], m[5]);
    }

    /**
     * The six values in row-major order.
     *
     * @return {m00, m01, m02, m10, m11, m12}
     */
    public double[] toArray() {
        return new double[] {m00, m01, m02, m10, m11, m12};
    }

    /**
     * Maps the x coordinate of a point.
     *
     * @param x point x
     * @param y point y
     * @return the mapped x
     */
    public double applyX(double x, double y) {
        return m00 * x + m01 * y + m02;
    }

    /**
     * Maps the y coordinate of a point.
     *
     * @param x point x
     * @param y point y
     * @return the mapped y
     */
    public double applyY(double x, double y) {
        return m10 * x + m11 * y + m12;
    }
}
