package dev.tokenpose.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tokenpose.FlipTestHeatmapModel;
import dev.tokenpose.io.NpyArray;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.postprocess.FlipTest;
import dev.tokenpose.testing.Arrays2;
import dev.tokenpose.testing.CpuInfo;
import dev.tokenpose.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The port against the official reference fixtures: heatmaps, intermediates and flip test of every
 * fixture folder, bundled (tiny) and shared (full size, when present beside the repository).
 */
class TfHeatmapModelConformanceTest {

    /**
     * Max-abs tolerance on heatmaps; a float32 port lands at 1e-6…3e-5 whether oneDNN or Eigen
     * runs it (TensorFlow picks by CPU), as only the order of float32 sums differs.
     */
    static final double TOLERANCE = 1e-4;

    static Stream<Path> folders() {
        return Fixtures.modelFolders().stream();
    }

    static TfHeatmapModel open(Path folder) {
        ModelConfig c = ModelConfigs.fromYaml(folder.resolve("config.yaml"));
        return TokenPoseModels.open(c, folder.resolve("model.pth"), TfSessionSettings.DEFAULT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void shouldReproduceHeatmapsAndIntermediates(Path folder) throws Exception {
        NpyArray input = NpyArray.read(folder.resolve("input.npy"));
        try (TfHeatmapModel model = open(folder)) {
            var out = model.intermediates(input.floats(), input.dim(0));

            assertClose(out.get("heatmaps"), folder.resolve("output.npy"));
            assertCloseRelative(out.get("tokens_in"), folder.resolve("tokens_in.npy"));
            assertCloseRelative(out.get("tokens_out"), folder.resolve("tokens_out.npy"));
            if (Files.exists(folder.resolve("backbone_features.npy"))) {
                assertCloseRelative(out.get("features"), folder.resolve("backbone_features.npy"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folders")
    void shouldReproduceMirroredAndFlipTestHeatmaps(Path folder) throws Exception {
        NpyArray input = NpyArray.read(folder.resolve("input.npy"));
        int n = input.dim(0);
        try (TfHeatmapModel model = open(folder)) {
            ModelConfig c = model.config();
            float[] mirrored = FlipTest.flipWidth(input.floats(), n, 3, c.imageHeight(), c.imageWidth());
            assertClose(model.heatmaps(mirrored, n), folder.resolve("output_flip.npy"));

            var flip = new FlipTestHeatmapModel(model, FlipTestHeatmapModel.defaultPairs(c.numJoints()));
            assertClose(flip.heatmaps(input.floats(), n), folder.resolve("output_fliptest.npy"));
        }
    }

    @Test
    void shouldFindTheFullSizeSharedFixtures() {
        assumeTrue(Fixtures.shared().isPresent(), "no shared fixtures beside the repository: full-size checks skipped");
        assertThat(Fixtures.modelFolders())
                .extracting(p -> p.getFileName().toString())
                .contains("S-v1-seed1", "T-seed2");
    }

    static Stream<Arguments> deviations() {
        List<Arguments> cases = new ArrayList<>();
        for (String name : List.of("tiny-S-seed21", "tiny-T-seed22")) {
            Path folder = Fixtures.folder(name).orElseThrow();
            for (Deviation d : Deviation.values()) {
                boolean hasBatchNorm = !name.contains("-T-");
                if (d != Deviation.BATCHNORM_EPS_1E3 || hasBatchNorm) {
                    cases.add(Arguments.of(folder, d));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("deviations")
    void shouldDetectEachPortingHazard(Path folder, Deviation deviation) throws Exception {
        NpyArray input = NpyArray.read(folder.resolve("input.npy"));
        ModelConfig c = ModelConfigs.fromYaml(folder.resolve("config.yaml"));
        var weights = new dev.tokenpose.model.CheckpointWeights(
                dev.tokenpose.checkpoint.PthReader.read(folder.resolve("model.pth")));
        try (TfHeatmapModel wrong =
                TfHeatmapModel.create(c, weights, "wrong", TfSessionSettings.DEFAULT, java.util.Set.of(deviation))) {
            float[] out = wrong.heatmaps(input.floats(), input.dim(0));
            double d = Arrays2.maxAbsDiff(
                    out, NpyArray.read(folder.resolve("output.npy")).floats());
            assertThat(d).as("max |delta| with %s", deviation).isGreaterThan(TOLERANCE);
        }
    }

    /**
     * Intermediates are checked relative to their largest magnitude: deep HRNet stacks reach values
     * of 20–50, where float32 summation order alone moves the last digits by ~1e-5 relative.
     */
    static void assertCloseRelative(float[] actual, Path expected) throws Exception {
        float[] e = NpyArray.read(expected).floats();
        double scale = 1;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(Arrays2.maxAbsDiff(actual, e))
                .as("max |delta| vs %s (max |ref| %.1f); %s", expected.getFileName(), scale, CpuInfo.describe())
                .isLessThanOrEqualTo(TOLERANCE * scale);
    }

    static void assertClose(float[] actual, Path expected) throws Exception {
        NpyArray e = NpyArray.read(expected);
        assertThat(actual).as(expected.getFileName().toString()).hasSize(e.floats().length);
        assertThat(Arrays2.maxAbsDiff(actual, e.floats()))
                .as("max |delta| vs %s; %s", expected.getFileName(), CpuInfo.describe())
                .isLessThanOrEqualTo(TOLERANCE);
    }
}
