package dev.tokenpose.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The official {@code oks_nms}: greedy by score, OKS over all 17 joints with the mean area. */
class OksNmsTest {

    /** A grid pose (see {@link CocoCase#grid}) as float32 (x, y, score) with the given joint score. */
    private static float[] pose(double x, double y, float jointScore) {
        double[] g = CocoCase.grid(x, y, 20);
        float[] kp = new float[51];
        for (int i = 0; i < 51; i++) {
            kp[i] = i % 3 == 2 ? jointScore : (float) g[i];
        }
        return kp;
    }

    private static float[] moved(float[] kp, float dx, float dy) {
        float[] out = kp.clone();
        for (int j = 0; j < 17; j++) {
            out[3 * j] += dx;
            out[3 * j + 1] += dy;
        }
        return out;
    }

    @Test
    void shouldNormaliseByTheMeanOfTheTwoAreas() {
        // Every joint 5 px off (3, 4): e_j = 25 / (2σ_j)² / ((8000 + 12000) / 2) / 2, mean of exp(-e_j)
        // over 17 = 0.871155, the same as with two areas of 10000; with 8000 alone it would be 0.844816.
        float[] a = pose(0, 0, 0.9f);
        float[] b = moved(a, 3, 4);
        assertThat(OksNms.oks(a, b, 8000, 12000)).isCloseTo(0.8711549523382005, within(1e-15));
        assertThat(OksNms.oks(a, b, 8000, 8000)).isCloseTo(0.8448159404062675, within(1e-15));
    }

    @Test
    void shouldCountEveryJointWhateverItsScore() {
        // Without IN_VIS_THRE (the official call passes none) joint scores play no part: identical
        // coordinates give OKS 1 even with all scores 0.
        assertThat(OksNms.oks(pose(0, 0, 0.9f), pose(0, 0, 0f), 5000, 5000)).isEqualTo(1.0);
    }

    @Test
    void shouldDropPosesAboveTheThresholdAndKeepTheRestByScore() {
        // B is A moved by (3, 4) (OKS 0.871 at area 10000, kept at 0.9 but dropped at 0.85);
        // C is A moved by 1 px (OKS > 0.99, dropped); D is far away.
        float[] a = pose(0, 0, 0.9f);
        List<PoseCandidate> poses = List.of(
                new PoseCandidate(moved(a, 3, 4), 10000, 0.7),
                new PoseCandidate(a, 10000, 0.9),
                new PoseCandidate(pose(3000, 0, 0.9f), 10000, 0.5),
                new PoseCandidate(moved(a, 1, 0), 10000, 0.8));
        assertThat(OksNms.keep(poses)).containsExactly(1, 0, 2);
        assertThat(OksNms.keep(poses, 0.85)).containsExactly(1, 2);
    }

    @Test
    void shouldKeepAPoseWhoseOksEqualsTheThreshold() {
        // Identical poses have OKS exactly 1; oks_nms keeps overlap <= thresh.
        float[] a = pose(0, 0, 0.9f);
        List<PoseCandidate> twins = List.of(new PoseCandidate(a, 10000, 0.9), new PoseCandidate(a.clone(), 10000, 0.8));
        assertThat(OksNms.keep(twins, 1.0)).containsExactly(0, 1);
        assertThat(OksNms.keep(twins, OksNms.OKS_THRE)).containsExactly(0);
    }

    @Test
    void shouldVisitEqualScoresInDescendingIndexOrder() {
        // scores.argsort()[::-1]: NumPy's argsort keeps equal scores in index order for small inputs,
        // and the reversal puts the later pose first, so of two equal twins the second survives.
        float[] a = pose(0, 0, 0.9f);
        List<PoseCandidate> twins = List.of(new PoseCandidate(a, 10000, 0.5), new PoseCandidate(a.clone(), 10000, 0.5));
        assertThat(OksNms.keep(twins)).containsExactly(1);
    }

    @Test
    void shouldKeepNothingOfNothing() {
        assertThat(OksNms.keep(List.of())).isEmpty();
    }
}
