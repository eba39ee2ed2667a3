package dev.tokenpose.eval;

import static dev.tokenpose.eval.CocoCase.grid;
import static dev.tokenpose.eval.CocoCase.shifted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@code computeOks} for single pairs; expected values derived in the comments. */
class OksTest {

    private static CocoAnnotation gt(double[] kp, double area, double[] bbox) {
        return new CocoAnnotation(1, 1, 1, kp, 17, area, bbox, false);
    }

    @Test
    void shouldBeExactlyOneForIdenticalKeypoints() {
        double[] p = grid(10, 20, 15);
        assertThat(Oks.of(gt(p, 5000, new double[] {10, 20, 60, 45}), p)).isEqualTo(1.0);
    }

    @Test
    void shouldUseTheCocoSigmas() {
        // np.array([.26, …]) / 10.0, so .26 / 10 = 0.026000000000000002 rather than the literal .026.
        assertThat(Oks.sigma(0)).isEqualTo(.26 / 10.0).isNotEqualTo(.026);
        assertThat(Oks.sigma(11)).isEqualTo(1.07 / 10.0);
        assertThat(Oks.sigma(16)).isEqualTo(.89 / 10.0);
    }

    @Test
    void shouldAverageOverTheLabelledKeypointsOnly() {
        // Nose (σ .026) and left hip (σ .107) labelled, area 10000, detection 4 px off in x:
        // nose exp(-16 / (8 · .026² · 10000)) = exp(-16 / 54.08) = 0.743893,
        // hip exp(-16 / (8 · .107² · 10000)) = exp(-16 / 915.92) = 0.982683; mean 0.863288.
        // (Dividing by all 17 would give 0.1016.)
        double[] p = grid(100, 100, 30);
        for (int j = 0; j < 17; j++) {
            p[3 * j + 2] = j == 0 || j == 11 ? 2 : 0;
        }
        double[] d = shifted(p, 4, 0);
        d[3 * 5] += 500; // unlabelled in the ground truth: must not matter
        assertThat(Oks.of(gt(p, 10000, new double[] {0, 0, 1, 1}), d)).isCloseTo(0.8632879910124187, within(1e-15));
    }

    @Test
    void shouldAverageOverAll17WhenAllAreLabelled() {
        // Every keypoint 4 px off, area 10000: the mean of the 17 terms listed in
        // CocoKeypointEvalTest (nose .7439 … ankles .9751) = 0.912830.
        double[] p = grid(100, 100, 30);
        assertThat(Oks.of(gt(p, 10000, new double[] {0, 0, 1, 1}), shifted(p, 4, 0)))
                .isCloseTo(0.9128295450509076, within(1e-15));
    }

    @Test
    void shouldMeasureFromTheTripledBoxWhenNoKeypointIsLabelled() {
        // Box (100, 100, 50, 80): the region x in [100 - 50, 100 + 2 · 50] = [50, 200],
        // y in [100 - 80, 100 + 2 · 80] = [20, 260] counts as distance 0.
        double[] none = new double[51];
        CocoAnnotation g = gt(none, 4000, new double[] {100, 100, 50, 80});
        double[] inside = new double[51];
        for (int j = 0; j < 17; j++) {
            inside[3 * j] = 180; // outside the box itself, inside the tripled one
            inside[3 * j + 1] = 30;
        }
        assertThat(Oks.of(g, inside)).isEqualTo(1.0);

        // All keypoints at (210, 270): 10 px beyond x1 and 10 px beyond y1, d² = 200, area 4000:
        // mean over all 17 of exp(-200 / (2σ)² / 4000 / 2) = 0.275444.
        double[] outside = new double[51];
        for (int j = 0; j < 17; j++) {
            outside[3 * j] = 210;
            outside[3 * j + 1] = 270;
        }
        assertThat(Oks.of(g, outside)).isCloseTo(0.27544412194296336, within(1e-15));
    }

    @Test
    void shouldNotDivideByZeroForAZeroArea() {
        // area + np.spacing(1): 0 / (2σ)² / eps = 0, so a perfect detection still scores 1 (not NaN),
        // and 1 px off is exp(-huge) = 0.
        double[] p = grid(0, 0, 10);
        CocoAnnotation g = gt(p, 0, new double[] {0, 0, 40, 30});
        assertThat(Oks.of(g, p)).isEqualTo(1.0);
        assertThat(Oks.of(g, shifted(p, 1, 0))).isEqualTo(0.0);
    }

    @Test
    void shouldRejectKeypointArraysOfTheWrongLength() {
        assertThatThrownBy(() -> Oks.of(gt(grid(0, 0, 1), 1, new double[4]), new double[50]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 50");
    }
}
