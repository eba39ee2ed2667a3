package dev.tokenpose.cli;

import dev.tokenpose.io.NpyArray;
import dev.tokenpose.postprocess.FlipPairs;
import dev.tokenpose.postprocess.HeatmapDecoder;
import dev.tokenpose.postprocess.Keypoints;
import dev.tokenpose.preprocess.CenterScale;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tokenpose keypoints}: decodes heatmaps to image-space keypoints (official get_final_preds). */
@Command(
        name = "keypoints",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description =
                "Decode heatmaps to image keypoints: argmax, DARK, back-projection with each crop's center/scale.")
final class KeypointsCommand implements Callable<Integer> {

    @Option(names = "--heatmaps", required = true, paramLabel = "H.npy", description = "Heatmaps, float32 [N,K,Hh,Wh].")
    Path heatmaps;

    @Option(
            names = "--centers",
            required = true,
            paramLabel = "C.npy",
            description = "Crop centers in image pixels, float32 [N,2].")
    Path centers;

    @Option(
            names = "--scales",
            required = true,
            paramLabel = "S.npy",
            description = "Crop scales (box size / 200, padded), float32 [N,2].")
    Path scales;

    @Option(names = "--no-dark", description = "Integer argmax only (TEST.POST_PROCESS false); DARK is on by default.")
    boolean noDark;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "P.npy",
            description = "Keypoints, float32 [N,K,3]: image x, image y, score.")
    Path output;

    @Option(
            names = "--flip-pairs",
            paramLabel = "coco|mpii",
            description = "The joint set; when given, K must match it.")
    FlipPairs flipPairs;

    @Override
    public Integer call() throws Exception {
        NpyArray h = NpyArray.read(heatmaps);
        if (h.rank() != 4 || h.dtype() != NpyArray.DType.FLOAT32) {
            throw new IllegalArgumentException(
                    heatmaps + " must be float32 [N,K,Hh,Wh], got " + h.dtype() + " " + Arrays.toString(h.shape()));
        }
        int n = h.dim(0);
        int k = h.dim(1);
        if (flipPairs != null && flipPairs.numJoints() != k) {
            throw new IllegalArgumentException("--flip-pairs " + flipPairs + " is for " + flipPairs.numJoints()
                    + " joints, the heatmaps have " + k);
        }
        float[] c = pairs(centers, n);
        float[] s = pairs(scales, n);
        List<CenterScale> boxes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boxes.add(new CenterScale(c[2 * i], c[2 * i + 1], s[2 * i], s[2 * i + 1]));
        }
        Keypoints kp = HeatmapDecoder.decode(h.floats(), n, k, h.dim(2), h.dim(3), boxes, !noDark);
        NpyArray.ofFloats(new int[] {n, k, 3}, kp.values()).write(output);
        return 0;
    }

    private static float[] pairs(Path file, int n) throws java.io.IOException {
        NpyArray a = NpyArray.read(file);
        if (a.dtype() != NpyArray.DType.FLOAT32 || !Arrays.equals(a.shape(), new int[] {n, 2})) {
            throw new IllegalArgumentException(file + " must be float32 [" + n + ",2] (one row per heatmap stack), got "
                    + a.dtype() + " " + Arrays.toString(a.shape()));
        }
        return a.floats();
    }
}
