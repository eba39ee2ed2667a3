package dev.tokenpose.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PoseSmootherTest {

    private static float[] noisyPose(Random rng) {
        float[] kp = new float[17 * 3];
        for (int j = 0; j < 17; j++) {
            kp[3 * j] = (float) (100 + 5 * j + rng.nextGaussian() * 2);
            kp[3 * j + 1] = (float) (300 - 7 * j + rng.nextGaussian() * 2);
            kp[3 * j + 2] = (float) rng.nextDouble();
        }
        return kp;
    }

    @Test
    void filtersEveryCoordinateLikeItsOwnScalarFilterAndCopiesScores() {
        PoseSmoother smoother = new PoseSmoother(OneEuroSettings.DEFAULTS);
        OneEuroFilter scalar = new OneEuroFilter(OneEuroSettings.DEFAULTS);
        Random rng = new Random(21);
        List<OneEuroState> state = List.of();
        OneEuroState[] expected = new OneEuroState[34];
        Arrays.fill(expected, OneEuroState.UNSET);
        for (int frame = 0; frame < 20; frame++) {
            float[] kp = noisyPose(rng);
            double t = frame / 25.0;
            SmoothedKeypoints out = smoother.smooth(state, kp, t);
            state = out.state();
            assertThat(state).hasSize(34);
            assertThat(out.raw()).containsExactly(kp).isNotSameAs(kp);
            for (int j = 0; j < 17; j++) {
                for (int c = 0; c < 2; c++) {
                    expected[2 * j + c] = scalar.filter(expected[2 * j + c], kp[3 * j + c], t);
                    assertThat(out.smoothed()[3 * j + c]).isEqualTo((float) expected[2 * j + c].value());
                }
                assertThat(out.smoothed()[3 * j + 2]).as("score").isEqualTo(kp[3 * j + 2]);
            }
        }
    }

    @Test
    void disabledSmoothingReturnsTheRawKeypointsAndKeepsNoState() {
        PoseSmoother off = new PoseSmoother(OneEuroSettings.DISABLED);
        Random rng = new Random(22);
        List<OneEuroState> state = List.of();
        for (int frame = 0; frame < 5; frame++) {
            float[] kp = noisyPose(rng);
            SmoothedKeypoints out = off.smooth(state, kp, frame / 30.0);
            assertThat(out.smoothed()).containsExactly(kp);
            assertThat(out.state()).isEmpty();
            state = out.state();
        }
    }

    @Test
    void restartsWhenTheJointCountChanges() {
        PoseSmoother smoother = new PoseSmoother(OneEuroSettings.DEFAULTS);
        Random rng = new Random(23);
        SmoothedKeypoints coco = smoother.smooth(List.of(), noisyPose(rng), 0);
        float[] mpii = new float[16 * 3];
        mpii[0] = 999;
        SmoothedKeypoints out = smoother.smooth(coco.state(), mpii, 0.04);
        assertThat(out.smoothed()).containsExactly(mpii);
        assertThat(out.state()).hasSize(32);
    }
}
