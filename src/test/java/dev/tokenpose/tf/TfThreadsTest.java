package dev.tokenpose.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.checkpoint.PthReader;
import dev.tokenpose.io.NpyArray;
import dev.tokenpose.model.CheckpointWeights;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.testing.Arrays2;
import dev.tokenpose.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/** The session knobs: what each one puts in the session configuration, and what it does to the heatmaps. */
class TfThreadsTest {

    @Test
    void shouldDefaultToFloat32WithoutXla() {
        ConfigProto p = TfThreads.DEFAULT.toConfigProto();

        assertThat(new TfThreads(2, 1)).isEqualTo(new TfThreads(2, 1, false, false));
        assertThat(p.getIntraOpParallelismThreads()).isZero();
        assertThat(p.getGraphOptions().getOptimizerOptions().getGlobalJitLevel()).isEqualTo(OptimizerOptions.GlobalJitLevel.DEFAULT);
        assertThat(p.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16()).isEqualTo(RewriterConfig.Toggle.DEFAULT);
    }

    @Test
    void shouldCarryThreadsXlaAndBfloat16IntoTheSessionConfiguration() {
        ConfigProto p = new TfThreads(2, 1).withXla(true).withBfloat16(true).toConfigProto();

        assertThat(p.getIntraOpParallelismThreads()).isEqualTo(2);
        assertThat(p.getInterOpParallelismThreads()).isEqualTo(1);
        assertThat(p.getGraphOptions().getOptimizerOptions().getGlobalJitLevel()).isEqualTo(OptimizerOptions.GlobalJitLevel.ON_1);
        assertThat(p.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16()).isEqualTo(RewriterConfig.Toggle.ON);
        assertThatThrownBy(() -> new TfThreads(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldStayExactUnderXlaAndCloseUnderBfloat16() throws Exception {
        Path folder = Fixtures.folder("tiny-S-seed21").orElseThrow();
        NpyArray input = NpyArray.read(folder.resolve("input.npy"));
        float[] expected = NpyArray.read(folder.resolve("output.npy")).floats();
        int n = input.dim(0);

        float[] xla = heatmaps(folder, TfThreads.DEFAULT.withXla(true), input, n);
        float[] bf16 = heatmaps(folder, TfThreads.DEFAULT.withBfloat16(true), input, n);

        assertThat(Arrays2.maxAbsDiff(xla, expected)).isLessThanOrEqualTo(TfHeatmapModelConformanceTest.TOLERANCE);
        // bfloat16 keeps 8 significant bits: measured 0.04 here, 0.05–0.17 on the other fixtures.
        assertThat(Arrays2.maxAbsDiff(bf16, expected)).isLessThanOrEqualTo(0.2);
    }

    @Test
    void shouldReportTheFirstCallOfEachBatchSize() throws Exception {
        Path folder = Fixtures.folder("tiny-T-seed22").orElseThrow();
        NpyArray input = NpyArray.read(folder.resolve("input.npy"));
        int n = input.dim(0);
        try (TfHeatmapModel model = TfHeatmapModelConformanceTest.open(folder)) {
            assertThat(model.firstCallMillis()).isEmpty();

            model.heatmaps(input.floats(), n);
            model.heatmaps(input.floats(), n);

            assertThat(model.firstCallMillis()).containsOnlyKeys(n);
            assertThat(model.firstCallMillis().get(n)).isPositive();
        }
    }

    private static float[] heatmaps(Path folder, TfThreads threads, NpyArray input, int n) {
        ModelConfig c = ModelConfigs.fromYaml(folder.resolve("config.yaml"));
        try (TfHeatmapModel model = TfHeatmapModel.create(c, new CheckpointWeights(PthReader.read(folder.resolve("model.pth"))),
                "knobs", threads)) {
            return model.heatmaps(input.floats(), n);
        }
    }
}
