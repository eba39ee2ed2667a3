package dev.tokenpose.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenpose.bench.ModelBench.Measurement;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.testing.Fixtures;
import dev.tokenpose.tf.TfSessionSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's measurements on the bundled tiny configurations; only their shape, never their speed. */
class ModelBenchTest {

    static ModelConfig tiny(String folder) {
        return ModelConfigs.fromYaml(Fixtures.folder(folder).orElseThrow().resolve("config.yaml"));
    }

    @Test
    void shouldProfileATracedCallByOpGroupWithTheModelsMatMulAndConvolutionFlops() {
        int batch = 2;
        List<Measurement> measured =
                ModelBench.measure(tiny("tiny-S-seed21"), new int[] {batch}, TfSessionSettings.DEFAULT, 0.05, true);

        assertThat(measured).hasSize(1);
        ModelBench.Point point = measured.get(0).point();
        OpProfile profile = measured.get(0).profile();
        assertThat(profile.calls()).isEqualTo(ModelBench.PROFILE_CALLS);
        assertThat(profile.wallMsPerCall()).isPositive();
        assertThat(profile.rows().stream().mapToDouble(OpProfile.Row::share).sum())
                .isCloseTo(1, within(1e-9));
        // Whichever kernels TensorFlow picked (oneDNN's or Eigen's), the S front end and encoder ran.
        for (OpGroup g : List.of(OpGroup.MATMUL, OpGroup.CONV2D, OpGroup.LAYER_NORM, OpGroup.SOFTMAX)) {
            assertThat(profile.row(g).msPerCall()).as(g.label()).isPositive();
        }
        assertThat(profile.row(OpGroup.MATMUL).gflops()).isPositive();
        assertThat(profile.row(OpGroup.CONV2D).gflops()).isPositive();
        assertThat(profile.row(OpGroup.MATMUL).gflopPerCall()
                        + profile.row(OpGroup.CONV2D).gflopPerCall())
                .isCloseTo(point.gflopPerCrop() * batch, within(1e-12));
    }

    @Test
    void shouldCountNoConvolutionFlopsForAModelWithoutCnnAndNotProfileUnasked() {
        ModelConfig t = tiny("tiny-T-seed22");

        OpProfile profile = ModelBench.measure(t, new int[] {1}, TfSessionSettings.DEFAULT, 0.05, true)
                .get(0)
                .profile();
        List<Measurement> plain = ModelBench.measure(t, new int[] {1}, TfSessionSettings.DEFAULT, 0.05, false);

        assertThat(profile.row(OpGroup.CONV2D).gflopPerCall()).isNull();
        assertThat(profile.row(OpGroup.CONV2D).msPerCall()).isZero();
        assertThat(profile.row(OpGroup.MATMUL).gflopPerCall()).isPositive();
        assertThat(plain.get(0).profile()).isNull();
    }
}
