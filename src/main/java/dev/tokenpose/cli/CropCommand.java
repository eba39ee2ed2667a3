package dev.tokenpose.cli;

import dev.tokenpose.io.NpyArray;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.CenterScale;
import dev.tokenpose.preprocess.CropBatch;
import dev.tokenpose.preprocess.CropExtractor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tokenpose crop}: the official top-down crop and normalisation of person boxes. */
@Command(
        name = "crop",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description =
                "Cut person boxes out of an image as the official pipeline does (affine warp, RGB, ImageNet normalisation).")
final class CropCommand implements Callable<Integer> {

    @Option(
            names = "--image",
            required = true,
            paramLabel = "IMG",
            description = "Image file (any format OpenCV reads).")
    Path image;

    @Option(
            names = "--boxes",
            required = true,
            paramLabel = "x,y,w,h;...",
            description = "Person boxes in image pixels.")
    String boxes;

    @Option(names = "--height", required = true, paramLabel = "H", description = "Crop height (model input height).")
    int height;

    @Option(names = "--width", required = true, paramLabel = "W", description = "Crop width (model input width).")
    int width;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "X.npy",
            description = "Normalised crops, float32 NCHW [N,3,H,W].")
    Path output;

    @Option(names = "--rgb-output", paramLabel = "CROPS.npy", description = "The crops as uint8 RGB [N,H,W,3].")
    Path rgbOutput;

    @Override
    public Integer call() throws Exception {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("--height and --width must be positive");
        }
        List<CenterScale> cs = Boxes.parse(boxes).stream()
                .map(b -> CenterScale.fromBox(b[0], b[1], b[2], b[3], width, height))
                .toList();
        BgrImage img = CropExtractor.load(image);
        CropBatch crops = CropExtractor.extract(img, cs, width, height);
        NpyArray.ofFloats(new int[] {cs.size(), 3, height, width}, crops.input())
                .write(output);
        if (rgbOutput != null) {
            NpyArray.ofBytes(new int[] {cs.size(), height, width, 3}, crops.rgb())
                    .write(rgbOutput);
        }
        return 0;
    }
}
