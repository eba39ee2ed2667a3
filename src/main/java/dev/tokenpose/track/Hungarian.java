package dev.tokenpose.track;

import java.util.Arrays;

/**
 * Minimum-cost assignment (Kuhn–Munkres with potentials) for rectangular cost matrices.
 *
 * <p>Runs in O(n²·m) for n ≤ m (the matrix is transposed otherwise), so O(n³) for square matrices.
 * Every row of the smaller side is assigned; callers that may leave pairs unmatched give those pairs
 * a cost no better than leaving them out and drop them afterwards.
 */
public final class Hungarian {

    private Hungarian() {}

    /**
     * Solves the assignment problem.
     *
     * @param cost rows × columns, all finite, every row the same length
     * @return for each row the assigned column, or -1 if the row is left out (only when rows exceed columns)
     * @throws IllegalArgumentException for ragged rows or non-finite costs
     */
    public static int[] assign(double[][] cost) {
        int rows = cost.length;
        int cols = rows == 0 ? 0 : cost[0].length;
        for (double[] row : cost) {
            if (row.length != cols) {
                throw new IllegalArgumentException("ragged cost matrix: row lengths " + cols + " and " + row.length);
            }
            for (double c : row) {
                if (!Double.isFinite(c)) {
                    throw new IllegalArgumentException("costs must be finite, got " + c);
                }
            }
        }
        int[] result = new int[rows];
        Arrays.fill(result, -1);
        if (rows == 0 || cols == 0) {
            return result;
        }
        if (rows <= cols) {
            int[] colOfRow = solve(rows, cols, (i, j) -> cost[i][j]);
            System.arraycopy(colOfRow, 0, result, 0, rows);
        } else {
            int[] rowOfCol = solve(cols, rows, (i, j) -> cost[j][i]);
            for (int c = 0; c < cols; c++) {
                result[rowOfCol[c]] = c;
            }
        }
        return result;
    }

    private interface Cost {
        double at(int row, int col);
    }

    /** The classic shortest-augmenting-path form; needs n ≤ m and returns the column of each row. */
    private static int[] solve(int n, int m, Cost a) {
        // 1-based with index 0 as the virtual start column, as in the textbook formulation.
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];
        int[] way = new int[m + 1];
        double[] minv = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = -1;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = a.at(i0 - 1, j - 1) - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] colOfRow = new int[n];
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                colOfRow[p[j] - 1] = j - 1;
            }
        }
        return colOfRow;
    }
}
