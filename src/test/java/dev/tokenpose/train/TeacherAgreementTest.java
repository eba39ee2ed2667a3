package dev.tokenpose.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenpose.teacher.TeacherLabel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Agreement with the teacher through the COCO evaluation: exact poses score 1, far ones 0. */
class TeacherAgreementTest {

    private static TeacherLabel person(int i) {
        float[] kp = new float[51];
        for (int j = 0; j < 17; j++) {
            kp[3 * j] = 100 + 3 * j;
            kp[3 * j + 1] = 50 + 9 * j;
            kp[3 * j + 2] = j == 0 ? 0.1f : 0.8f; // the nose is unlabelled
        }
        return new TeacherLabel(
                "f" + i + ".jpg", "clip", i, new double[] {80, 40, 80, 170}, 0.9, kp, "movenet-thunder");
    }

    private static List<TeacherLabel> people() {
        List<TeacherLabel> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add(person(i));
        }
        return out;
    }

    @Test
    void theTeachersOwnPosesAgreeFully() {
        var r = TeacherAgreement.measure(
                people(),
                chunk -> chunk.stream().map(l -> l.keypoints().clone()).toArray(float[][]::new));
        assertThat(r.persons()).isEqualTo(20);
        assertThat(r.ap()).isCloseTo(1.0, within(1e-9));
        assertThat(r.meanOks()).isCloseTo(1.0, within(1e-12));
        assertThat(r.pck()).isEqualTo(1.0);
    }

    @Test
    void halfThePeopleFarOffHalveRecallAndAp() {
        var r = TeacherAgreement.measure(
                people(),
                chunk -> chunk.stream()
                        .map(l -> {
                            float[] kp = l.keypoints().clone();
                            if (l.frame() % 2 == 1) {
                                for (int j = 0; j < 17; j++) {
                                    kp[3 * j] += 60; // far beyond any OKS threshold for a 80×170 box
                                }
                            }
                            return kp;
                        })
                        .toArray(float[][]::new));
        // Every estimate gets the same rescored score, so the ties keep image order: precision
        // alternates, and at recall 0.5 ten of twenty detections are right.
        assertThat(r.stats().get("AR")).isCloseTo(0.5, within(1e-9));
        assertThat(r.ap()).isBetween(0.25, 0.55);
        assertThat(r.meanOks()).isCloseTo(0.5, within(0.01)); // the far ones keep a little OKS on the widest joints
        assertThat(r.pck()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void unlabelledTeacherJointsAreNotGroundTruth() {
        var gt = TeacherAgreement.groundTruth(List.of(person(0)));
        var a = gt.get("annotations").get(0);
        assertThat(a.get("num_keypoints").asInt()).isEqualTo(16);
        assertThat(a.get("keypoints").get(2).asInt()).isZero();
        assertThat(a.get("area").asDouble()).isEqualTo(80 * 170.0);
    }
}
