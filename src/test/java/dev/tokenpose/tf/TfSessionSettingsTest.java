package dev.tokenpose.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tokenpose.ComputeDevice;
import dev.tokenpose.checkpoint.PthReader;
import dev.tokenpose.io.NpyArray;
import dev.tokenpose.model.CheckpointWeights;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.postprocess.HeatmapDecoder;
import dev.tokenpose.postprocess.Keypoints;
import dev.tokenpose.testing.Arrays2;
import dev.tokenpose.testing.CpuInfo;
import dev.tokenpose.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/** The session knobs: what each one puts in the session configuration, and what it does to the heatmaps. */
class TfSessionSettingsTest {

    @Test
    void shouldDefaultToFloat32WithoutXla() {
        ConfigProto p = TfSessionSettings.DEFAULT.toConfigProto();

        assertThat(new TfSessionSettings(2, 1)).isEqualTo(new TfSessionSettings(2, 1, false, false));
        assertThat(p.getIntraOpParallelismThreads()).isZero();
        assertThat(p.getGraphOptions().getOptimizerOptions().getGlobalJitLevel())
                .isEqualTo(OptimizerOptions.GlobalJitLevel.DEFAULT);
        assertThat(p.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16())
                .isEqualTo(RewriterConfig.Toggle.DEFAULT);
    }

    @Test
    void shouldCarryThreadsXlaAndBfloat16IntoTheSessionConfiguration() {
        ConfigProto p =
                new TfSessionSettings(2, 1).withXla(true).withBfloat16(true).toConfigProto();

        assertThat(p.getIntraOpParallelismThreads()).isEqualTo(2);
        assertThat(p.getInterOpParallelismThreads()).isEqualTo(1);
        assertThat(p.getGraphOptions().getOptimizerOptions().getGlobalJitLevel())
                .isEqualTo(OptimizerOptions.GlobalJitLevel.ON_1);
        assertThat(p.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16())
                .isEqualTo(RewriterConfig.Toggle.ON);
        assertThatThrownBy(() -> new TfSessionSettings(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPinAGpuShowTheCpuOnlyOrLeaveThePlacementToTensorFlow() {
        ConfigProto gpu =
                new TfSessionSettings(2, 1).withDevice(ComputeDevice.gpu(3)).toConfigProto();
        ConfigProto cpu =
                new TfSessionSettings(2, 1).withDevice(ComputeDevice.CPU).toConfigProto();
        ConfigProto placement = TfSessionSettings.DEFAULT.toConfigProto();

        assertThat(gpu.getGpuOptions().getVisibleDeviceList()).isEqualTo("3");
        assertThat(gpu.getGpuOptions().getAllowGrowth()).isTrue();
        assertThat(gpu.getDeviceCountMap()).isEmpty();
        assertThat(gpu.getIntraOpParallelismThreads()).isEqualTo(2);
        assertThat(cpu.getDeviceCountMap()).containsEntry("GPU", 0);
        assertThat(cpu.hasGpuOptions()).isFalse();
        assertThat(placement.hasGpuOptions()).isFalse();
        assertThat(placement.getDeviceCountMap()).isEmpty();
        assertThat(TfSessionSettings.DEFAULT
                        .withDevice(ComputeDevice.gpu(0))
                        .withXla(true)
                        .device())
                .isEqualTo(ComputeDevice.gpu(0));
    }

    @Test
    void shouldOpenAModelWithGpuOptionsOnTheCpuBuild() {
        // The CPU natives have no GPU device: a GPU-pinned session must still open and run there,
        // so one job jar serves both kinds of task manager.
        ModelConfig c = ModelConfigs.resolve("T");
        try (TfHeatmapModel m = TfHeatmapModel.create(
                c,
                new dev.tokenpose.model.RandomWeights(c, 1),
                "seeded:1",
                new TfSessionSettings(1, 1).withDevice(ComputeDevice.gpu(0)))) {
            float[] heatmaps = m.heatmaps(new float[3 * c.imageHeight() * c.imageWidth()], 1);
            assertThat(heatmaps).hasSize(c.numJoints() * c.heatmapHeight() * c.heatmapWidth());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tiny-S-seed21", "tiny-T-seed22"})
    void shouldStayExactUnderXla(String fixture) throws Exception {
        Path folder = Fixtures.folder(fixture).orElseThrow();
        NpyArray input = NpyArray.read(folder.resolve("input.npy"));

        float[] xla = heatmaps(folder, TfSessionSettings.DEFAULT.withXla(true), input, input.dim(0));

        // XLA stays float32: it may only reorder sums and fuse multiply-adds, on any CPU.
        assertThat(Arrays2.maxAbsDiff(
                        xla, NpyArray.read(folder.resolve("output.npy")).floats()))
                .as("max |delta| under XLA; %s", CpuInfo.describe())
                .isLessThanOrEqualTo(TfHeatmapModelConformanceTest.TOLERANCE);
    }

    /**
     * bfloat16 keeps 8 significant bits, so it may move each heatmap value by a small fraction of
     * that map's range, and with it only the keypoints of joints without a clear peak. Judged on
     * tiny-T, whose graph is the transformer every variant shares. Not on tiny-S: TensorFlow
     * 2.18's bfloat16 convolution with 3 input channels (the RGB stem of S, B and L) is wrong, not
     * rounded (off by 50–190% of its output's range with oneDNN's AVX-512 kernels, native or
     * emulated, and differently in each session with native ones), so S would measure that defect.
     */
    @Test
    void shouldMoveHeatmapsByRoundingOnlyAndKeepClearKeypointsUnderBfloat16() throws Exception {
        // TensorFlow rewrites the graph to bfloat16 whenever oneDNN is on; without AVX-512 or
        // AVX-NE-CONVERT it then runs fallback kernels that nobody has measured. With oneDNN off
        // the rewrite is not registered: the session stays float32 and passes trivially.
        assumeFalse(
                CpuInfo.oneDnnOn() && !CpuInfo.oneDnnHasBfloat16(),
                "oneDNN is on but has no bfloat16 kernels on this CPU: " + CpuInfo.describe());
        Path folder = Fixtures.folder("tiny-T-seed22").orElseThrow();
        ModelConfig c = ModelConfigs.fromYaml(folder.resolve("config.yaml"));
        NpyArray input = NpyArray.read(folder.resolve("input.npy"));
        int n = input.dim(0);
        int joints = c.numJoints();
        int h = c.heatmapHeight();
        int w = c.heatmapWidth();
        // float32 within 1e-4 on every CPU (conformance test), so the reference stands in for it.
        float[] fp32 = NpyArray.read(folder.resolve("output.npy")).floats();

        float[] bf16 = heatmaps(folder, TfSessionSettings.DEFAULT.withBfloat16(true), input, n);

        // One bfloat16 rounding (2^-9 relative) per product on the way to the heatmaps: six per
        // encoder layer (qkv, q·kᵀ, attention·v, projection, two MLP), the embedding and the head.
        // tiny-T: 14·2^-9 = 0.027; measured 0.005 with native and emulated bfloat16, 0 when
        // oneDNN is off and the session stays float32.
        double bound = (6.0 * c.depth() * c.encoders() + 2) / 512;
        Keypoints decoded = HeatmapDecoder.argmax(bf16, n, joints, h, w);
        double worst = 0;
        int clear = 0;
        List<String> moved = new ArrayList<>();
        for (int m = 0; m < n * joints; m++) {
            float[] map = Arrays.copyOfRange(fp32, m * h * w, (m + 1) * h * w);
            int top = 0;
            double min = map[0];
            for (int i = 1; i < map.length; i++) {
                top = map[i] > map[top] ? i : top;
                min = Math.min(min, map[i]);
            }
            double peak = map[top];
            double range = peak - min;
            worst = Math.max(
                    worst, Arrays2.maxAbsDiff(Arrays.copyOfRange(bf16, m * h * w, (m + 1) * h * w), map) / range);
            // With every value within bound·range, a peak that beats all values outside its 3×3
            // neighbourhood by twice that stays the maximum within one heatmap pixel. The decoder
            // reports (0, 0) for a map whose maximum is not positive: such maps are left out.
            int px = top % w;
            int py = top / w;
            if (peak - largestOutside(map, w, px, py) > 2 * bound * range && peak > bound * range) {
                clear++;
                float dx = decoded.x(m / joints, m % joints) - px;
                float dy = decoded.y(m / joints, m % joints) - py;
                if (Math.max(Math.abs(dx), Math.abs(dy)) > 1) {
                    moved.add(String.format(
                            Locale.ROOT, "crop %d joint %d by (%.0f, %.0f)", m / joints, m % joints, dx, dy));
                }
            }
        }

        assertThat(worst)
                .as("largest change under bfloat16 as a fraction of the map's range; %s", CpuInfo.describe())
                .isLessThanOrEqualTo(bound);
        // A property of the float32 maps alone, so the same on every CPU; it keeps the next check from being empty.
        assertThat(clear)
                .as("joints with a clear float32 peak, of %d", n * joints)
                .isGreaterThanOrEqualTo(n * joints / 2);
        assertThat(moved)
                .as("clear keypoints that moved more than one heatmap pixel; %s", CpuInfo.describe())
                .isEmpty();
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

    /** The largest value of a [h, w] map farther than one pixel (in x or y) from (px, py). */
    private static double largestOutside(float[] map, int w, int px, int py) {
        double largest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < map.length; i++) {
            if (Math.abs(i % w - px) > 1 || Math.abs(i / w - py) > 1) {
                largest = Math.max(largest, map[i]);
            }
        }
        return largest;
    }

    private static float[] heatmaps(Path folder, TfSessionSettings settings, NpyArray input, int n) {
        ModelConfig c = ModelConfigs.fromYaml(folder.resolve("config.yaml"));
        try (TfHeatmapModel model = TfHeatmapModel.create(
                c, new CheckpointWeights(PthReader.read(folder.resolve("model.pth"))), "knobs", settings)) {
            return model.heatmaps(input.floats(), n);
        }
    }
}
