package dev.tokenpose.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenpose.checkpoint.PthReader;
import dev.tokenpose.checkpoint.PthWriter;
import dev.tokenpose.io.NpyArray;
import dev.tokenpose.model.CheckpointWeights;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.model.RandomWeights;
import dev.tokenpose.testing.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Training in TensorFlow: the same graph as inference, gradients for every family, resumable checkpoints. */
class TokenPoseTrainerTest {

    private static ModelConfig tiny(String name) {
        return ModelConfigs.fromYaml(Fixtures.bundled().resolve(name).resolve("config.yaml"));
    }

    @Test
    void shouldComputeTheOfficialHeatmapsWithCheckpointWeights() throws Exception {
        // T has no BatchNorm, so the training graph must give exactly the inference output.
        Path folder = Fixtures.bundled().resolve("tiny-T-seed22");
        ModelConfig c = tiny("tiny-T-seed22");
        NpyArray input = NpyArray.read(folder.resolve("input.npy"));
        NpyArray expected = NpyArray.read(folder.resolve("output.npy"));
        try (TokenPoseTrainer trainer = TokenPoseTrainer.create(
                c,
                new CheckpointWeights(PthReader.read(folder.resolve("model.pth"))),
                TokenPoseTrainer.Adam.DEFAULT,
                TfSessionSettings.DEFAULT)) {
            float[] out = trainer.heatmaps(input.floats(), input.dim(0));
            float[] want = expected.floats();
            assertThat(out).hasSameSizeAs(want);
            for (int i = 0; i < out.length; i++) {
                assertThat(out[i]).isCloseTo(want[i], within(1e-4f));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-T-seed22", "tiny-S-seed21"})
    void shouldFitOneBatch(String name) {
        ModelConfig c = tiny(name);
        int batch = 4;
        Batch b = Batch.random(c, batch, 7);
        try (TokenPoseTrainer trainer = TokenPoseTrainer.create(
                c, new RandomWeights(c, 3), TokenPoseTrainer.Adam.DEFAULT, TfSessionSettings.DEFAULT)) {
            float first = trainer.step(b.crops, b.targets, b.weights, batch, 1e-3);
            float last = first;
            for (int i = 0; i < 60; i++) {
                last = trainer.step(b.crops, b.targets, b.weights, batch, 1e-3);
            }
            assertThat(trainer.steps()).isEqualTo(61);
            assertThat(last).as("loss after 60 Adam steps on one batch").isLessThan(first * 0.2f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-B-seed31", "tiny-L-seed32"})
    void shouldDifferentiateTheHrnetFamiliesToo(String name) {
        // Their gradients cover the HRNet fusion ops (upsampling, strided convolutions, sums); a few
        // steps on one batch must already lower the loss.
        ModelConfig c = tiny(name);
        Batch b = Batch.random(c, 2, 5);
        try (TokenPoseTrainer trainer = TokenPoseTrainer.create(
                c, new RandomWeights(c, 3), TokenPoseTrainer.Adam.DEFAULT, TfSessionSettings.DEFAULT)) {
            float first = trainer.step(b.crops, b.targets, b.weights, 2, 1e-3);
            float last = first;
            for (int i = 0; i < 8; i++) {
                last = trainer.step(b.crops, b.targets, b.weights, 2, 1e-3);
            }
            assertThat(last).isLessThan(first);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-T-seed22", "tiny-S-seed21"})
    void shouldExportAnOfficialCheckpointThatTheInferenceGraphLoads(String name, @TempDir Path dir) throws Exception {
        ModelConfig c = tiny(name);
        Batch b = Batch.random(c, 2, 13);
        Path pth = dir.resolve("model.pth");
        float[] trained;
        try (TokenPoseTrainer trainer = TokenPoseTrainer.create(
                c, new RandomWeights(c, 3), TokenPoseTrainer.Adam.DEFAULT, TfSessionSettings.DEFAULT)) {
            for (int i = 0; i < 3; i++) {
                trainer.step(b.crops, b.targets, b.weights, 2, 1e-3);
            }
            PthWriter.write(pth, trainer.exportStateDict(pth.toString()));
            trained = trainer.heatmaps(b.crops, 2);
        }
        var sd = PthReader.read(pth);
        if (c.family() == dev.tokenpose.model.Family.S) {
            assertThat(sd.longs("features.bn1.num_batches_tracked")).containsExactly(3L);
        }
        try (TfHeatmapModel model =
                TfHeatmapModel.create(c, new CheckpointWeights(sd), "exported", TfSessionSettings.DEFAULT)) {
            float[] out = model.heatmaps(b.crops, 2);
            if (c.family() == dev.tokenpose.model.Family.T) {
                // No BatchNorm: the exported network is the trained one, exactly.
                for (int i = 0; i < out.length; i++) {
                    assertThat(out[i]).isCloseTo(trained[i], within(1e-5f));
                }
            } else {
                assertThat(out).hasSameSizeAs(trained);
            }
        }
    }

    @Test
    void shouldResumeFromACheckpointWithParametersStatisticsAndOptimizerState(@TempDir Path dir) throws Exception {
        ModelConfig c = tiny("tiny-S-seed21");
        Batch b = Batch.random(c, 2, 11);
        Path prefix = dir.resolve("ckpt");
        float nextLoss;
        Map<String, float[]> saved;
        try (TokenPoseTrainer trainer = TokenPoseTrainer.create(
                c, new RandomWeights(c, 3), TokenPoseTrainer.Adam.DEFAULT, TfSessionSettings.DEFAULT)) {
            for (int i = 0; i < 5; i++) {
                trainer.step(b.crops, b.targets, b.weights, 2, 1e-3);
            }
            trainer.save(prefix);
            saved = trainer.stateDict();
            nextLoss = trainer.step(b.crops, b.targets, b.weights, 2, 1e-3);
            // One more step, so that the second loss below depends on Adam's restored moments.
            nextLoss = trainer.step(b.crops, b.targets, b.weights, 2, 1e-3);
        }
        try (TokenPoseTrainer resumed = TokenPoseTrainer.create(
                c, new RandomWeights(c, 99), TokenPoseTrainer.Adam.DEFAULT, TfSessionSettings.DEFAULT)) {
            resumed.restore(prefix);
            assertThat(resumed.steps()).isEqualTo(5);
            Map<String, float[]> restored = resumed.stateDict();
            assertThat(restored.keySet()).containsExactlyElementsOf(saved.keySet());
            saved.forEach((k, v) -> assertThat(restored.get(k)).as(k).isEqualTo(v));
            assertThat(restored).containsKey("features.bn1.running_mean");
            resumed.step(b.crops, b.targets, b.weights, 2, 1e-3);
            float loss = resumed.step(b.crops, b.targets, b.weights, 2, 1e-3);
            assertThat(loss).isCloseTo(nextLoss, within(Math.abs(nextLoss) * 1e-3f));
        }
    }

    /** Random crops with one Gaussian blob per joint as targets. */
    private record Batch(float[] crops, float[] targets, float[] weights) {
        static Batch random(ModelConfig c, int n, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            int k = c.numJoints();
            int hh = c.heatmapHeight();
            int wh = c.heatmapWidth();
            float[] crops = new float[n * 3 * c.imageHeight() * c.imageWidth()];
            for (int i = 0; i < crops.length; i++) {
                crops[i] = (float) (r.nextDouble() * 2 - 1);
            }
            float[] targets = new float[n * k * hh * wh];
            float[] weights = new float[n * k];
            for (int j = 0; j < n * k; j++) {
                double cx = r.nextDouble() * wh;
                double cy = r.nextDouble() * hh;
                for (int y = 0; y < hh; y++) {
                    for (int x = 0; x < wh; x++) {
                        targets[(j * hh + y) * wh + x] =
                                (float) Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 8);
                    }
                }
                weights[j] = 1;
            }
            return new Batch(crops, targets, weights);
        }
    }
}
