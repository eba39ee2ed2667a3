package dev.tokenpose.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigsTest {

    @TempDir
    Path tmp;

    @Test
    void shouldReadSizesAsWidthThenHeight() {
        ModelConfig c = ModelConfigs.fromYaml(
                Fixtures.folder("tiny-S-seed21").orElseThrow().resolve("config.yaml"));

        assertThat(c.family()).isEqualTo(Family.S);
        assertThat(c.imageWidth()).isEqualTo(48);
        assertThat(c.imageHeight()).isEqualTo(80);
        assertThat(c.patchWidth()).isEqualTo(3);
        assertThat(c.patchHeight()).isEqualTo(4);
        assertThat(c.gridHeight()).isEqualTo(5);
        assertThat(c.gridWidth()).isEqualTo(4);
        assertThat(c.featureChannels()).isEqualTo(256);
        assertThat(c.attentionScale()).isEqualTo(Math.pow(32, -0.5));
        assertThat(c.twoLayerHead()).isFalse();
    }

    @Test
    void shouldUseTheHeadDimensionScaleOutsideS() {
        ModelConfig t = ModelConfigs.fromYaml(
                Fixtures.folder("tiny-T-seed22").orElseThrow().resolve("config.yaml"));
        assertThat(t.attentionScale()).isEqualTo(Math.pow(32.0 / 4, -0.5));
        assertThat(ModelConfigs.preset("B").attentionScale()).isEqualTo(Math.pow(24, -0.5));
        assertThat(ModelConfigs.preset("S-v1").attentionScale()).isEqualTo(Math.pow(192, -0.5));
    }

    @Test
    void shouldReadTheHrnetStagesOfBAndL() {
        ModelConfig b = ModelConfigs.fromYaml(
                Fixtures.folder("tiny-B-seed31").orElseThrow().resolve("config.yaml"));
        ModelConfig l = ModelConfigs.fromYaml(
                Fixtures.folder("tiny-L-seed32").orElseThrow().resolve("config.yaml"));

        assertThat(b.stage3().modules()).isEqualTo(4);
        assertThat(b.stage3().channels()).containsExactly(2, 4, 8);
        assertThat(b.twoLayerHead()).isTrue();
        assertThat(l.encoders()).isEqualTo(3);
        assertThat(l.headInput()).isEqualTo(3 * l.dim());
        assertThat(l.twoLayerHead()).isFalse();
    }

    @Test
    void shouldDescribeTheReleasedVariants() {
        assertThat(ModelConfigs.presetNames())
                .containsExactly("T", "S-v1", "S-v2", "B", "L-D24", "L-D24-384x288", "L-D6-MPII");
        assertThat(ModelConfigs.resolve("l/d24").numPatches()).isEqualTo(256);
        assertThat(ModelConfigs.preset("S-v2").numPatches()).isEqualTo(768);
        assertThat(ModelConfigs.preset("L-D24-384x288").numPatches()).isEqualTo(288);
        assertThat(ModelConfigs.preset("L-D6-MPII").numJoints()).isEqualTo(16);
        assertThat(ModelConfigs.preset("T").patchDim()).isEqualTo(576);
    }

    @Test
    void shouldNameWhatIsWrongWithAConfig() throws Exception {
        assertThatThrownBy(() -> ModelConfigs.preset("XL"))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("unknown variant 'XL'");
        assertThatThrownBy(() -> ModelConfigs.fromYaml(tmp.resolve("none.yaml")))
                .hasMessageContaining("config file not found");
        assertThatThrownBy(() -> ModelConfigs.fromYaml(write("GPUS: 1\n")))
                .hasMessageContaining("has no MODEL section");
        assertThatThrownBy(() -> ModelConfigs.fromYaml(write("MODEL:\n  NAME: pose_hrnet\n")))
                .hasMessageContaining("unknown MODEL.NAME 'pose_hrnet'");
        String t = "MODEL:\n  NAME: pose_tokenpose_t\n  IMAGE_SIZE: [48, 64]\n  HEATMAP_SIZE: [12, 16]\n"
                + "  PATCH_SIZE: [12, 16]\n  DIM: 32\n  TRANSFORMER_HEADS: 4\n  BASE_CHANNEL: 3\n";
        assertThatThrownBy(() -> ModelConfigs.fromYaml(write(t)))
                .hasMessageContaining("MODEL.TRANSFORMER_DEPTH is missing");
        assertThatThrownBy(() -> ModelConfigs.fromYaml(
                        write(t.replace("[12, 16]\n  DIM", "[10, 16]\n  DIM") + "  TRANSFORMER_DEPTH: 2\n")))
                .hasMessageContaining("not divisible into 16x10 patches");
        assertThatThrownBy(() ->
                        ModelConfigs.fromYaml(write(t.replace("DIM: 32", "DIM: 30") + "  TRANSFORMER_DEPTH: 2\n")))
                .hasMessageContaining("DIM 30 is not divisible by TRANSFORMER_HEADS 4");
        assertThatThrownBy(() -> ModelConfigs.fromYaml(
                        write(t.replace("pose_tokenpose_t", "pose_tokenpose_b") + "  TRANSFORMER_DEPTH: 2\n")))
                .hasMessageContaining("MODEL.EXTRA (HRNet stages) is missing");
    }

    private Path write(String yaml) throws Exception {
        Path p = Files.createTempFile(tmp, "c", ".yaml");
        Files.writeString(p, yaml);
        return p;
    }
}
