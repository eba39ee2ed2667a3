package dev.tokenpose.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.detect.PersonDetector;
import dev.tokenpose.detect.PersonDetectors;
import dev.tokenpose.io.ProgressBars;
import dev.tokenpose.teacher.FootageLabeller;
import dev.tokenpose.teacher.MoveNet;
import dev.tokenpose.video.VideoReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tokenpose teacher}: labels the people of videos and photos with MoveNet keypoints — the
 * student's training data. Boxes come from the person detector, or from a boxes file.
 */
@Command(
        name = "teacher",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Label person crops of videos and images with MoveNet keypoints (JSON lines for 'train').")
final class TeacherCommand implements Callable<Integer> {

    @Option(names = "--video", paramLabel = "VIDEO", description = "Video file (repeatable).")
    List<Path> videos = new ArrayList<>();

    @Option(names = "--image", paramLabel = "IMAGE", description = "Image file or folder of images (repeatable).")
    List<Path> images = new ArrayList<>();

    @Option(
            names = "--output",
            required = true,
            paramLabel = "labels.jsonl",
            description = "Labels, one person per line.")
    Path output;

    @Option(
            names = "--frames",
            paramLabel = "DIR",
            description = "Where video frames are written as JPEG (default: 'frames' beside the output).")
    Path frames;

    @Option(
            names = "--every",
            defaultValue = "1",
            paramLabel = "K",
            description = "Label every K-th video frame (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(
            names = "--max-frames",
            defaultValue = "0",
            paramLabel = "N",
            description = "At most N labelled frames per video (0: all).")
    long maxFrames;

    @Option(
            names = "--boxes",
            paramLabel = "boxes.json",
            description = "Person boxes to use instead of the detector: {\"image path\": [[x, y, w, h], ...]}.")
    Path boxes;

    @Option(
            names = "--detector",
            defaultValue = PersonDetectors.DEFAULT,
            paramLabel = "NAME",
            description = "Person detector: nanodet or hog (default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(
            names = "--min-height",
            defaultValue = "40",
            paramLabel = "PX",
            description = "Skip persons shorter than this (default: ${DEFAULT-VALUE}).")
    double minHeight;

    @Option(
            names = "--model",
            defaultValue = "thunder",
            paramLabel = "VARIANT",
            description = "MoveNet variant: thunder or lightning (default: ${DEFAULT-VALUE}).")
    String variant;

    @Option(
            names = "--model-json",
            paramLabel = "model.json",
            description =
                    "Load the variant from this TFJS copy (e.g. the npm package's float16 original) instead of the bundled one.")
    Path modelJson;

    @Override
    public Integer call() throws Exception {
        if (videos.isEmpty() && images.isEmpty()) {
            throw new IllegalArgumentException("give at least one --video or --image");
        }
        if (every < 1) {
            throw new IllegalArgumentException("--every must be at least 1");
        }
        Path root = output.toAbsolutePath().getParent();
        Path frameDir = frames != null ? frames.toAbsolutePath() : root.resolve("frames");
        Map<String, List<double[]>> given = boxes == null
                ? Map.of()
                : new ObjectMapper().readValue(boxes.toFile(), new TypeReference<Map<String, List<double[]>>>() {});
        List<Path> imageFiles = new ArrayList<>();
        for (Path p : images) {
            imageFiles.addAll(listImages(p));
        }
        for (Path v : videos) {
            if (!Files.isRegularFile(v)) {
                throw new NoSuchFileException(v.toString());
            }
        }
        MoveNet.Variant v = MoveNet.Variant.valueOf(variant.trim().toUpperCase(Locale.ROOT));
        String teacherName = "movenet-" + v.name().toLowerCase(Locale.ROOT);
        Files.createDirectories(root);
        long start = System.nanoTime();
        long persons;
        try (MoveNet teacher = modelJson != null ? MoveNet.open(v, modelJson, 0) : MoveNet.openBundled(v, 0);
                PersonDetector det = PersonDetectors.open(detector);
                BufferedWriter out = Files.newBufferedWriter(output)) {
            FootageLabeller labeller = new FootageLabeller(teacher, det, minHeight, root, out);
            for (Path file : imageFiles) {
                labeller.labelImage(file, given.get(file.toString()));
            }
            for (Path video : videos) {
                long frameCount;
                try (VideoReader r = VideoReader.open(video)) {
                    frameCount = r.frameCount();
                }
                try (ProgressBar bar = ProgressBars.builder(FootageLabeller.stem(video), frameCount)
                        .continuousUpdate()
                        .build()) {
                    labeller.labelVideo(video, frameDir, every, maxFrames, i -> {
                        bar.stepTo(i + 1);
                        bar.setExtraMessage(" persons=" + labeller.persons());
                    });
                }
            }
            persons = labeller.persons();
        }
        System.out.printf(
                Locale.ROOT,
                "TEACHER persons=%d output=%s wall_s=%.1f%n",
                persons,
                output,
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private static List<Path> listImages(Path p) throws IOException {
        if (Files.isRegularFile(p)) {
            return List.of(p);
        }
        if (!Files.isDirectory(p)) {
            throw new NoSuchFileException(p.toString());
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(f ->
                            f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png|bmp)"))
                    .sorted()
                    .toList();
        }
    }
}
