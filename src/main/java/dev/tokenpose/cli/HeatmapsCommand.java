package dev.tokenpose.cli;

import dev.tokenpose.FlipTestHeatmapModel;
import dev.tokenpose.HeatmapModel;
import dev.tokenpose.io.NpyArray;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.postprocess.FlipPairs;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tokenpose heatmaps}: runs the network on a batch of normalised crops. */
@Command(
        name = "heatmaps",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description =
                "Run the network on normalised crops (.npy float32 [N,3,H,W]) and write heatmaps (.npy float32 [N,K,Hh,Wh]).")
final class HeatmapsCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "X.npy",
            description = "Normalised RGB crops, float32 NCHW [N,3,H,W].")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "Y.npy", description = "Heatmaps, float32 [N,K,Hh,Wh].")
    Path output;

    @Option(
            names = "--flip-test",
            description = "Average with the flipped-back heatmaps of the mirrored input (official flip test).")
    boolean flipTest;

    @Option(
            names = "--flip-pairs",
            paramLabel = "coco|mpii",
            description = "Joint pairs a mirror swaps (default: by joint count).")
    FlipPairs flipPairs;

    @Option(
            names = "--batch-size",
            defaultValue = "32",
            paramLabel = "N",
            description = "Crops per network call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        NpyArray x = NpyArray.read(input);
        ModelConfig c = model.modelConfig();
        int[] want = {x.rank() == 4 ? x.dim(0) : -1, 3, c.imageHeight(), c.imageWidth()};
        if (x.dtype() != NpyArray.DType.FLOAT32 || !Arrays.equals(x.shape(), want)) {
            throw new IllegalArgumentException(input + " is " + x.dtype().name().toLowerCase(java.util.Locale.ROOT)
                    + " " + Arrays.toString(x.shape()) + ", the model needs float32 [N, 3, " + c.imageHeight() + ", "
                    + c.imageWidth() + "]");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1");
        }
        int n = x.dim(0);
        int per = 3 * c.imageHeight() * c.imageWidth();
        int perOut = c.numJoints() * c.heatmapHeight() * c.heatmapWidth();
        float[] out = new float[n * perOut];
        try (HeatmapModel m = flipTest
                ? new FlipTestHeatmapModel(
                        model.open(), flipPairs != null ? flipPairs : FlipTestHeatmapModel.defaultPairs(c.numJoints()))
                : model.open()) {
            for (int start = 0; start < n; start += batchSize) {
                int b = Math.min(batchSize, n - start);
                float[] chunk = Arrays.copyOfRange(x.floats(), start * per, (start + b) * per);
                System.arraycopy(m.heatmaps(chunk, b), 0, out, start * perOut, b * perOut);
            }
        }
        NpyArray.ofFloats(new int[] {n, c.numJoints(), c.heatmapHeight(), c.heatmapWidth()}, out)
                .write(output);
        return 0;
    }
}
