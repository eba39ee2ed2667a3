package dev.tokenpose.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PoseAgreementTest {

    private static float[] pose(float dx) {
        float[] p = new float[51];
        for (int j = 0; j < 17; j++) {
            p[3 * j] = 100 + j * 5 + dx;
            p[3 * j + 1] = 200;
            p[3 * j + 2] = 0.9f;
        }
        return p;
    }

    @Test
    void oksIsOneForTheSamePoseAndFollowsCocosFormulaForAShift() {
        assertThat(PoseAgreement.oks(pose(0), pose(0), 0.25, 10_000)).isCloseTo(1.0, within(1e-12));
        // A 10 px shift on a 10,000 px² person: mean over joints of exp(-100 / (2·area·(2σ)²)).
        double want = 0;
        for (double sigma : PoseAgreement.COCO_SIGMAS) {
            want += Math.exp(-100 / (2 * 10_000 * Math.pow(2 * sigma, 2)));
        }
        assertThat(PoseAgreement.oks(pose(10), pose(0), 0.25, 10_000)).isCloseTo(want / 17, within(1e-9));
    }

    @Test
    void unlabelledReferenceJointsAreLeftOut() {
        float[] ref = pose(0);
        float[] p = pose(0);
        p[0] += 1000; // the nose is far off, but the reference does not label it
        ref[2] = 0.1f;
        assertThat(PoseAgreement.oks(p, ref, 0.25, 10_000)).isCloseTo(1.0, within(1e-12));
        for (int j = 0; j < 17; j++) {
            ref[3 * j + 2] = 0;
        }
        assertThat(PoseAgreement.oks(p, ref, 0.25, 10_000)).isNaN();
    }

    @Test
    void pckCountsJointsWithinTheFractionOfTheSize() {
        float[] p = pose(0);
        p[0] += 9; // within 0.1 · 100
        p[3] += 11; // outside
        assertThat(PoseAgreement.pck(p, pose(0), 0.25, 0.1, 100)).isCloseTo(16 / 17.0, within(1e-12));
    }
}
