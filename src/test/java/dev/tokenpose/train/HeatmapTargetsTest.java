package dev.tokenpose.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeatmapTargetsTest {

    @Test
    void gaussianPeaksAtTheSubPixelCentreWithSigmaTwo() {
        float[] out = new float[2 * 10 * 12];
        float[] weights = {1, 1};
        HeatmapTargets.gaussians(new float[] {4.5f, 3f, 7f, 6.25f}, weights, 10, 12, 2.0, out);
        // Joint 0 sits between columns 4 and 5: both equal exp(-0.25/8).
        assertThat(out[3 * 12 + 4]).isCloseTo((float) Math.exp(-0.25 / 8), within(1e-6f));
        assertThat(out[3 * 12 + 5]).isEqualTo(out[3 * 12 + 4]);
        // Two pixels right of joint 1's column and 0.25 below its row: exp(-(4 + 0.0625)/8).
        assertThat(out[120 + 6 * 12 + 9]).isCloseTo((float) Math.exp(-(4 + 0.0625) / 8), within(1e-6f));
        // Beyond 3σ nothing is drawn.
        assertThat(out[120 + 6 * 12 + 0]).isZero();
        assertThat(weights).containsExactly(1f, 1f);
    }

    @Test
    void jointsWhoseGaussianMissesTheMapOrThatAreUnlabelledTeachNothing() {
        float[] out = new float[3 * 8 * 8];
        float[] weights = {1, 1, 0};
        HeatmapTargets.gaussians(new float[] {-7f, 3f, 3f, 14.5f, 4f, 4f}, weights, 8, 8, 2.0, out);
        assertThat(weights).containsExactly(0f, 0f, 0f);
        for (float v : out) {
            assertThat(v).isZero();
        }
    }

    @Test
    void weightsRiseFromHalfAtTheMinimumScoreToFull() {
        assertThat(HeatmapTargets.weight(0.2, 0.25, 0.5)).isZero();
        assertThat(HeatmapTargets.weight(Double.NaN, 0.25, 0.5)).isZero();
        assertThat(HeatmapTargets.weight(0.25, 0.25, 0.5)).isEqualTo(0.5f);
        assertThat(HeatmapTargets.weight(0.375, 0.25, 0.5)).isEqualTo(0.75f);
        assertThat(HeatmapTargets.weight(0.9, 0.25, 0.5)).isEqualTo(1f);
    }
}
