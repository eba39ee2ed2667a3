package dev.tokenpose.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tokenpose.io.NpyArray;
import dev.tokenpose.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlipTestTest {

    @Test
    void mirroredInputEqualsTheOfficialFlippedInput() throws IOException {
        Path dir = Fixtures.folder("pipeline-seed4").orElseThrow();
        NpyArray input = NpyArray.read(dir.resolve("input.npy"));
        int[] s = input.shape();
        float[] got = FlipTest.flipWidth(input.floats(), s[0], s[1], s[2], s[3]);
        float[] expected = NpyArray.read(dir.resolve("input_flipped.npy")).floats();
        assertThat(got).hasSameSizeAs(expected);
        assertThat(Arrays.mismatch(got, expected)).as("first differing index").isEqualTo(-1);
    }

    @Test
    void flipBackEqualsTheOfficialFlipBack() throws IOException {
        Path dir = Fixtures.folder("pipeline-seed4").orElseThrow();
        NpyArray hm = NpyArray.read(dir.resolve("heatmaps.npy"));
        int[] s = hm.shape();
        float[] got = FlipTest.flipBack(hm.floats(), s[0], s[1], s[2], s[3], FlipPairs.COCO);
        float[] expected = NpyArray.read(dir.resolve("heatmaps_flip_back.npy")).floats();
        assertThat(got).hasSameSizeAs(expected);
        assertThat(Arrays.mismatch(got, expected)).as("first differing index").isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-S-seed21", "tiny-T-seed22", "S-v1-seed1", "T-seed2"})
    void averagingWithTheFlippedBackOutputGivesTheOfficialFlipTestHeatmaps(String name) throws IOException {
        Optional<Path> found = Fixtures.folder(name);
        assumeTrue(found.isPresent(), name + " is not available");
        Path dir = found.get();
        NpyArray output = NpyArray.read(dir.resolve("output.npy"));
        int[] s = output.shape();
        float[] flipped = NpyArray.read(dir.resolve("output_flip.npy")).floats();
        float[] got =
                FlipTest.average(output.floats(), FlipTest.flipBack(flipped, s[0], s[1], s[2], s[3], FlipPairs.COCO));
        float[] expected = NpyArray.read(dir.resolve("output_fliptest.npy")).floats();
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - expected[i]));
        }
        assertThat(worst).as(name + " max |Δ| vs output_fliptest.npy").isLessThanOrEqualTo(1e-6);
    }

    @Test
    void flippingBackTwiceRestoresTheHeatmaps() {
        float[] hm = new float[2 * 16 * 3 * 4];
        for (int i = 0; i < hm.length; i++) {
            hm[i] = i * 0.25f - 7f;
        }
        float[] once = FlipTest.flipBack(hm, 2, 16, 3, 4, FlipPairs.MPII);
        assertThat(once).isNotEqualTo(hm);
        assertThat(FlipTest.flipBack(once, 2, 16, 3, 4, FlipPairs.MPII)).containsExactly(hm);
    }

    @Test
    void flipBackMirrorsColumnsWithoutAShiftAndSwapsPairedJoints() {
        // Three joints of width 3, height 1; pair (1, 2) swaps, joint 0 stays.
        float[] hm = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] got = FlipTest.flipBack(hm, 1, 3, 1, 3, new int[][] {{1, 2}});
        assertThat(got).containsExactly(3, 2, 1, 9, 8, 7, 6, 5, 4);
    }

    @Test
    void averageIsTheElementwiseMean() {
        assertThat(FlipTest.average(new float[] {1f, -2f}, new float[] {3f, 2f}))
                .containsExactly(2f, 0f);
    }

    @Test
    void pairConstantsAreTheOfficialOnes() {
        assertThat(FlipPairs.COCO.pairs())
                .isDeepEqualTo(new int[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}, {11, 12}, {13, 14}, {15, 16}});
        assertThat(FlipPairs.MPII.pairs())
                .isDeepEqualTo(new int[][] {{0, 5}, {1, 4}, {2, 3}, {10, 15}, {11, 14}, {12, 13}});
        assertThat(FlipPairs.COCO.numJoints()).isEqualTo(17);
        assertThat(FlipPairs.MPII.numJoints()).isEqualTo(16);
    }

    @Test
    void pairsFollowFromTheJointNames() {
        assertThat(FlipPairs.mirrorPairs(java.util.List.of("nose", "right_hand", "tail", "left_hand")))
                .isDeepEqualTo(new int[][] {{1, 3}});
        assertThatThrownBy(() -> FlipPairs.mirrorPairs(java.util.List.of("left_eye", "nose")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("left_eye")
                .hasMessageContaining("right_eye");
    }

    @Test
    void pairsAreHandedOutAsACopy() {
        FlipPairs.COCO.pairs()[0][0] = 99;
        assertThat(FlipPairs.COCO.pairs()[0][0]).isEqualTo(1);
    }

    @Test
    void jointCountMustMatchTheDataset() {
        assertThatThrownBy(() -> FlipTest.flipBack(new float[16], 1, 16, 1, 1, FlipPairs.COCO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlipTest.flipWidth(new float[5], 1, 1, 2, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
