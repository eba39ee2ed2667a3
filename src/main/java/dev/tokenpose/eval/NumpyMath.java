package dev.tokenpose.eval;

import java.util.Arrays;

/**
 * The NumPy primitives whose rounding and ordering COCOeval's numbers depend on: {@code linspace},
 * pairwise summation ({@code np.sum}, {@code np.mean}), stable descending argsort and
 * {@code searchsorted}.
 */
final class NumpyMath {

    /** {@code np.spacing(1)}: the gap between 1 and the next double, COCOeval's guard against 0/0. */
    static final double SPACING_1 = Math.ulp(1.0);

    /** Below this many values NumPy adds one by one; above, in eight interleaved partial sums. */
    private static final int UNROLL = 8;

    /** Blocks longer than this are split in two and summed recursively. */
    private static final int PAIRWISE_BLOCK = 128;

    private NumpyMath() {}

    /**
     * {@code np.linspace(start, stop, num)}: {@code i * step + start} with the last value set to
     * {@code stop}, so the thresholds compare exactly as COCOeval's do (e.g. 0.8999999999999999).
     */
    static double[] linspace(double start, double stop, int num) {
        if (num < 2) {
            throw new IllegalArgumentException("linspace needs at least 2 points, got " + num);
        }
        double step = (stop - start) / (num - 1);
        double[] y = new double[num];
        for (int i = 0; i < num; i++) {
            y[i] = i * step + start;
        }
        y[num - 1] = stop;
        return y;
    }

    /** {@code np.sum} of a contiguous float64 array: NumPy's pairwise summation, bit for bit. */
    static double sum(double[] a) {
        return sum(a, 0, a.length);
    }

    /** {@code np.mean}: the pairwise sum divided by the count. */
    static double mean(double[] a) {
        return sum(a) / a.length;
    }

    private static double sum(double[] a, int from, int n) {
        if (n < UNROLL) {
            double res = 0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        if (n <= PAIRWISE_BLOCK) {
            double[] r = Arrays.copyOfRange(a, from, from + UNROLL);
            int i = UNROLL;
            for (; i < n - n % UNROLL; i += UNROLL) {
                for (int j = 0; j < UNROLL; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int half = n / 2;
        half -= half % UNROLL;
        return sum(a, from, half) + sum(a, from + half, n - half);
    }

    /**
     * {@code np.argsort(-x, kind='mergesort')}: indices by descending value, equal values in input
     * order (the order decides which of two equal-scored detections is matched first).
     */
    static int[] argsortDescendingStable(double[] x) {
        Integer[] idx = new Integer[x.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        // Arrays.sort on objects is a stable merge sort; keys are negated as NumPy's are.
        Arrays.sort(idx, (i, j) -> compareAscending(-x[i], -x[j]));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /**
     * NumPy's sort order for floats: numeric, with -0.0 equal to 0.0 and NaN after everything.
     * ({@link Double#compare} would put -0.0 first and so reorder tied scores.)
     */
    static int compareAscending(double a, double b) {
        if (a < b) {
            return -1;
        }
        if (a > b) {
            return 1;
        }
        boolean nanA = Double.isNaN(a);
        boolean nanB = Double.isNaN(b);
        return nanA == nanB ? 0 : nanA ? 1 : -1;
    }

    /** {@code np.searchsorted(a[:n], v, side='left')} on a non-decreasing array: the first i with a[i] >= v. */
    static int searchsortedLeft(double[] a, int n, double v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
