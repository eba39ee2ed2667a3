package dev.tokenpose.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.ModelSpec;
import dev.tokenpose.PoseEstimator;
import dev.tokenpose.preprocess.CenterScale;
import dev.tokenpose.testing.Fixtures;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
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
}
