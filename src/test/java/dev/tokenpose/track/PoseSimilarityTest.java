package dev.tokenpose.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PoseSimilarityTest {

    private static final SyntheticScene SCENE = new SyntheticScene(30, 0, 0);

    @Test
    void iouOfIdenticalDisjointAndHalfShiftedBoxes() {
        double[] a = {0, 0, 10, 10};
        assertThat(PoseSimilarity.iou(a, a)).isEqualTo(1.0);
        assertThat(PoseSimilarity.iou(a, new double[] {20, 0, 10, 10})).isZero();
        assertThat(PoseSimilarity.iou(a, new double[] {10, 0, 10, 10}))
                .as("touching edges")
                .isZero();
        // Overlap 50 of union 150.
        assertThat(PoseSimilarity.iou(a, new double[] {5, 0, 10, 10})).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(PoseSimilarity.iou(a, new double[] {0, 0, 0, 0})).isZero();
    }

    @Test
    void oksIsOneForIdenticalPosesAndFollowsTheCocoFormulaForOneShiftedJoint() {
        double[] box = {100, 100, 80, 200};
        float[] a = SCENE.keypoints(box, null);
        assertThat(PoseSimilarity.oks(a, a, 16000, 0.2)).isEqualTo(1.0);
        float[] b = a.clone();
        b[3 * 9] += 10; // left wrist, sigma 0.062
        double e = 100 / (4 * 0.062 * 0.062) / 16000 / 2;
        double expected = (16 + Math.exp(-e)) / 17;
        assertThat(PoseSimilarity.oks(a, b, 16000, 0.2)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void oksLeavesOutJointsBelowTheScoreThreshold() {
        float[] a = SCENE.keypoints(new double[] {0, 0, 80, 200}, null);
        float[] b = a.clone();
        b[0] += 500;
        b[2] = 0.15f; // the far-off nose scores below the threshold, so it does not count
        assertThat(PoseSimilarity.oks(a, b, 16000, 0.2)).isEqualTo(1.0);
    }

    @Test
    void oksIsUndefinedWithoutCommonVisibleJoints() {
        float[] a = SCENE.keypoints(new double[] {0, 0, 80, 200}, null);
        float[] none = a.clone();
        for (int j = 2; j < none.length; j += 3) {
            none[j] = 0;
        }
        assertThat(PoseSimilarity.oks(a, none, 16000, 0.2)).isNaN();
        assertThat(PoseSimilarity.oks(a, new float[6], 16000, 0.2))
                .as("other joint count")
                .isNaN();
    }

    @Test
    void similarityWeighsIouAndOksAndFallsBackToIouWithoutJoints() {
        double[] boxA = {0, 0, 80, 200};
        double[] boxB = {40, 0, 80, 200};
        float[] kpA = SCENE.keypoints(boxA, null);
        float[] kpB = SCENE.keypoints(boxB, null);
        double iou = PoseSimilarity.iou(boxA, boxB);
        double oks = PoseSimilarity.oks(kpA, kpB, 16000, 0.2);
        assertThat(new PoseSimilarity(0.5, 0.2).similarity(boxA, kpA, boxB, kpB))
                .isCloseTo(0.5 * iou + 0.5 * oks, within(1e-12));
        assertThat(new PoseSimilarity(1, 0.2).similarity(boxA, kpA, boxB, kpB)).isEqualTo(iou);
        assertThat(new PoseSimilarity(0, 0.2).similarity(boxA, kpA, boxB, kpB)).isCloseTo(oks, within(1e-12));
        assertThat(new PoseSimilarity(0.5, 0.2).similarity(boxA, new float[0], boxB, new float[0]))
                .isEqualTo(iou);
    }
}
