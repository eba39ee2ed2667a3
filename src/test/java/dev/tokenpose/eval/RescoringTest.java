package dev.tokenpose.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenpose.PersonPose;
import org.junit.jupiter.api.Test;

/** The official rescoring: mean of the joint scores above 0.2, times the box score. */
class RescoringTest {

    private static float[] scores(float... s) {
        float[] kp = new float[51];
        for (int j = 0; j < s.length; j++) {
            kp[3 * j] = 10 * j;
            kp[3 * j + 1] = 5 * j;
            kp[3 * j + 2] = s[j];
        }
        return kp;
    }

    @Test
    void shouldAverageOnlyTheJointsAboveTheThreshold() {
        // Joints .9, .1, .5, .3 and 13 zeros: .1 and the zeros are left out, (.9 + .5 + .3) / 3 = 0.5667,
        // × box .8 = 0.45333 (0.4533333302 in float32 inputs summed in double).
        float[] kp = scores(0.9f, 0.1f, 0.5f, 0.3f);
        assertThat(Rescoring.rescore(kp, 0.8)).isCloseTo(0.45333333015441896, within(1e-15));
        // Averaging over all 17 would give 0.08.
    }

    @Test
    void shouldScoreZeroWhenNoJointIsAboveTheThreshold() {
        assertThat(Rescoring.rescore(scores(0.1f, 0.15f), 0.9)).isZero();
    }

    @Test
    void shouldCountAJointOfFloat32PointTwo() {
        // 0.2f is 0.20000000298…, above the double 0.2 it is compared with: the mean is 0.2f itself.
        assertThat(Rescoring.rescore(scores(0.2f), 1.0)).isEqualTo((double) 0.2f);
    }

    @Test
    void shouldAgreeWithThePipelinesPoseScore() {
        float[] kp = scores(0.95f, 0.21f, 0.19f, 0.6f, 0.33f, 0.8f);
        assertThat(Rescoring.rescore(kp, 0.7)).isEqualTo(PersonPose.poseScore(kp) * 0.7);
    }
}
