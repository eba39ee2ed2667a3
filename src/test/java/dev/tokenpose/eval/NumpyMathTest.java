package dev.tokenpose.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The NumPy behaviours COCOeval's numbers rest on; expected values printed by NumPy itself. */
class NumpyMathTest {

    @Test
    void shouldReproduceLinspaceRounding() {
        // np.linspace(.5, .95, 10) and np.linspace(0, 1, 101) as NumPy prints them.
        assertThat(CocoKeypointEval.IOU_THRESHOLDS)
                .containsExactly(0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95);
        double[] r = CocoKeypointEval.RECALL_THRESHOLDS;
        assertThat(r).hasSize(101);
        assertThat(r[35]).isEqualTo(0.35000000000000003);
        assertThat(r[70]).isEqualTo(0.7000000000000001);
        assertThat(r[95]).isEqualTo(0.9500000000000001);
        assertThat(r[100]).isEqualTo(1.0);
    }

    @Test
    void shouldSumPairwiseAsNumpyDoes() {
        // 1 followed by sixteen 1e-16: adding one by one loses every 1e-16 (1.0); NumPy's eight
        // partial sums add them among themselves first: np.sum gives 1.0000000000000016.
        double[] a = new double[17];
        a[0] = 1;
        Arrays.fill(a, 1, 17, 1e-16);
        assertThat(NumpyMath.sum(a)).isEqualTo(1.0000000000000016);
        assertThat(NumpyMath.sum(new double[] {0.1, 0.2, 0.3})).isEqualTo(0.1 + 0.2 + 0.3);
    }

    @Test
    void shouldSortDescendingKeepingTiesInInputOrder() {
        // -0.0 and 0.0 are equal to NumPy; NaN goes last.
        double[] x = {0.5, 0.9, 0.5, Double.NaN, 0.0, 0.9, -0.0};
        assertThat(NumpyMath.argsortDescendingStable(x)).containsExactly(1, 5, 0, 2, 4, 6, 3);
    }

    @Test
    void shouldSearchSortedFromTheLeft() {
        double[] rc = {0.25, 0.5, 0.5, 0.75};
        assertThat(NumpyMath.searchsortedLeft(rc, 4, 0.0)).isZero();
        assertThat(NumpyMath.searchsortedLeft(rc, 4, 0.5)).isEqualTo(1);
        assertThat(NumpyMath.searchsortedLeft(rc, 4, 0.51)).isEqualTo(3);
        assertThat(NumpyMath.searchsortedLeft(rc, 4, 0.76)).isEqualTo(4);
    }
}
