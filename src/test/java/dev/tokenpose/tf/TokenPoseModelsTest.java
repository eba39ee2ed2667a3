package dev.tokenpose.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tokenpose.ModelSpec;
import dev.tokenpose.PoseEstimator;
import dev.tokenpose.Precision;
import dev.tokenpose.model.BundledStudent;
import dev.tokenpose.preprocess.CenterScale;
import dev.tokenpose.testing.Fixtures;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Opening models from a {@link ModelSpec}: checkpoints, seeded placeholders, and the errors. */
class TokenPoseModelsTest {

    static final Path TINY_T = Fixtures.folder("tiny-T-seed22").orElseThrow();
    static final String CONFIG = TINY_T.resolve("config.yaml").toString();

    private static ModelSpec spec(String weights) {
        return new ModelSpec(CONFIG, weights, false, true, 1, 1);
    }

    @Test
    void shouldIdentifyACheckpointByItsDigest() throws Exception {
        try (TfHeatmapModel m =
                TokenPoseModels.openModel(spec(TINY_T.resolve("model.pth").toString()))) {
            assertThat(m.identity())
                    .startsWith("config@sha256:")
                    .endsWith(
                            TokenPoseModels.sha256(TINY_T.resolve("model.pth")).substring(0, 12));
        }
    }

    @Test
    void shouldOpenSeededPlaceholderWeightsAsAnEstimator() throws Exception {
        try (PoseEstimator e = TokenPoseModels.openEstimator(new ModelSpec(CONFIG, "seeded:3", true, true, 1, 1))) {
            int h = e.config().imageHeight();
            int w = e.config().imageWidth();
            var kp = e.estimate(new float[3 * h * w], List.of(CenterScale.fromBox(0, 0, w, h, w, h)));

            assertThat(e.identity()).isEqualTo("config@seeded:3 (untrained placeholder)");
            assertThat(kp.count()).isEqualTo(1);
            assertThat(kp.joints()).isEqualTo(17);
        }
    }

    @Test
    void shouldNameBadWeights() {
        assertThatThrownBy(() -> TokenPoseModels.openModel(spec("seeded:x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seeded:x");
        assertThatThrownBy(() -> TokenPoseModels.openModel(spec("no/such/model.pth")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no/such/model.pth");
    }

    @Test
    void shouldRunOnlyTheBundledStudentInBfloat16ByDefaultAndOnlyWhereTheCpuHasItNatively() {
        CpuDescription bf16 = new CpuDescription("AMD EPYC", Set.of("avx2", "avx512f", "avx512_bf16"), 2);
        CpuDescription amx = new CpuDescription("Intel Xeon", Set.of("avx512f", "amx_tile", "amx_bf16"), 2);
        CpuDescription avx512 = new CpuDescription("Intel Xeon", Set.of("avx2", "avx512f", "avx512_vnni"), 2);
        ModelSpec student = new ModelSpec(BundledStudent.NAME, BundledStudent.NAME, false, true, 0, 0);
        Map<String, String> env = Map.of();

        assertThat(TokenPoseModels.bfloat16(student, bf16, env)).isTrue();
        assertThat(TokenPoseModels.bfloat16(student, amx, env)).isTrue();
        assertThat(TokenPoseModels.bfloat16(student, avx512, env)).isFalse();
        assertThat(TokenPoseModels.bfloat16(student, bf16, Map.of("TF_ENABLE_ONEDNN_OPTS", "0")))
                .isFalse();
        assertThat(TokenPoseModels.bfloat16(student.withPrecision(Precision.FP32), bf16, env))
                .isFalse();
        assertThat(TokenPoseModels.bfloat16(spec("seeded:1"), bf16, env)).isFalse();
        assertThat(TokenPoseModels.bfloat16(
                        new ModelSpec(BundledStudent.NAME, "seeded:1", false, true, 0, 0), bf16, env))
                .isFalse();
        assertThat(TokenPoseModels.bfloat16(spec("seeded:1").withPrecision(Precision.BF16), avx512, env))
                .isTrue();
    }

    @Test
    void shouldTrustBfloat16ForTheStudentOnlyWhereItMovesHeatmapsByRounding() throws Exception {
        ModelSpec auto = new ModelSpec(BundledStudent.NAME, BundledStudent.NAME, false, true, 0, 0);
        assumeTrue(
                TokenPoseModels.bfloat16(auto, CpuDescription.current(), System.getenv()),
                "no native bfloat16 on this CPU: the student runs in float32, nothing to check");
        var c = auto.modelConfig();
        float[] probe = TokenPoseModels.probeInput(c, 3);
        try (TfHeatmapModel chosen = TokenPoseModels.openModel(auto);
                TfHeatmapModel fp32 = TokenPoseModels.openModel(auto.withPrecision(Precision.FP32))) {
            double change = HeatmapChange.largestRelative(
                    fp32.heatmaps(probe, 3), chosen.heatmaps(probe, 3), c.heatmapHeight() * c.heatmapWidth());
            assertThat(change)
                    .as(
                            "the session auto opened moved the heatmaps by more than rounding; %s",
                            CpuDescription.current().summary())
                    .isLessThanOrEqualTo(TokenPoseModels.BF16_TOLERANCE);
        }
    }
}
