package dev.tokenpose.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HungarianTest {

    private static double total(double[][] cost, int[] assignment) {
        double sum = 0;
        for (int r = 0; r < assignment.length; r++) {
            if (assignment[r] >= 0) {
                sum += cost[r][assignment[r]];
            }
        }
        return sum;
    }

    /** The cheapest assignment of min(rows, cols) pairs, by trying every one. */
    private static double bruteForce(double[][] cost, int row, boolean[] usedCols, int rowsLeftOut) {
        int rows = cost.length;
        int cols = cost[0].length;
        if (row == rows) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            if (!usedCols[c]) {
                usedCols[c] = true;
                best = Math.min(best, cost[row][c] + bruteForce(cost, row + 1, usedCols, rowsLeftOut));
                usedCols[c] = false;
            }
        }
        if (rowsLeftOut > 0) {
            best = Math.min(best, bruteForce(cost, row + 1, usedCols, rowsLeftOut - 1));
        }
        return best;
    }

    private static void assertValid(int[] assignment, int rows, int cols) {
        Set<Integer> seen = new HashSet<>();
        int assigned = 0;
        for (int c : assignment) {
            if (c >= 0) {
                assertThat(c).isLessThan(cols);
                assertThat(seen.add(c)).as("column %d used twice", c).isTrue();
                assigned++;
            }
        }
        assertThat(assigned).isEqualTo(Math.min(rows, cols));
    }

    @Test
    void matchesBruteForceOn2000RandomRectangularMatrices() {
        Random rng = new Random(11);
        for (int trial = 0; trial < 2000; trial++) {
            int rows = 1 + rng.nextInt(7);
            int cols = 1 + rng.nextInt(7);
            double[][] cost = new double[rows][cols];
            for (double[] row : cost) {
                for (int c = 0; c < cols; c++) {
                    // Every third matrix uses small integers, so ties are common.
                    row[c] = trial % 3 == 0 ? rng.nextInt(4) : rng.nextDouble() * 10 - 5;
                }
            }
            int[] got = Hungarian.assign(cost);
            assertValid(got, rows, cols);
            double expected = bruteForce(cost, 0, new boolean[cols], Math.max(0, rows - cols));
            assertThat(total(cost, got))
                    .as("trial %d, %dx%d", trial, rows, cols)
                    .isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void solvesAKnownSquareCase() {
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        // Optimum 1 + 2 + 2 = 5: row 0 → 1, row 1 → 0, row 2 → 2.
        assertThat(Hungarian.assign(cost)).containsExactly(1, 0, 2);
    }

    @Test
    void leavesTheCostliestRowsOutWhenRowsExceedColumns() {
        double[][] cost = {{9}, {1}, {5}};
        assertThat(Hungarian.assign(cost)).containsExactly(-1, 0, -1);
    }

    @Test
    void handlesEmptyMatrices() {
        assertThat(Hungarian.assign(new double[0][0])).isEmpty();
        assertThat(Hungarian.assign(new double[3][0])).containsExactly(-1, -1, -1);
    }

    @Test
    void solvesA300By300MatrixInSecondsNotForever() {
        Random rng = new Random(12);
        double[][] cost = new double[300][300];
        for (double[] row : cost) {
            for (int c = 0; c < row.length; c++) {
                row[c] = rng.nextDouble();
            }
        }
        long start = System.nanoTime();
        int[] got = Hungarian.assign(cost);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertValid(got, 300, 300);
        // Cubic time: measured about 0.01 s; trying all 300! assignments would never finish. The
        // bound leaves 1000× for a slow, shared or cold-JIT machine: only the order of growth is tested.
        assertThat(seconds).as("%.3f s", seconds).isLessThan(10.0);
    }

    @Test
    void rejectsNonFiniteCostsAndRaggedRows() {
        assertThatThrownBy(() -> Hungarian.assign(new double[][] {{1, Double.NaN}}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hungarian.assign(new double[][] {{1, Double.POSITIVE_INFINITY}}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hungarian.assign(new double[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
