package dev.tokenpose.teacher;

import dev.tokenpose.detect.Detection;
import dev.tokenpose.detect.PersonDetector;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.CropExtractor;
import dev.tokenpose.video.VideoReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Labels the people of photos and video frames with a teacher: boxes from the person detector (or
 * given), one {@link TeacherLabel} per person tall enough, frames written as JPEG so that training
 * can read them back.
 */
public final class FootageLabeller {

    private final MoveNet teacher;
    private final PersonDetector detector;
    private final double minHeight;
    private final Path root;
    private final BufferedWriter out;
    private long persons;

    /**
     * @param teacher labels each person
     * @param detector finds the persons where no boxes are given
     * @param minHeight persons shorter than this (pixels) are skipped: the teacher is unreliable on them
     * @param root labels name images relative to this folder
     * @param out receives the labels, one JSON line each
     */
    public FootageLabeller(MoveNet teacher, PersonDetector detector, double minHeight, Path root, BufferedWriter out) {
        this.teacher = teacher;
        this.detector = detector;
        this.minHeight = minHeight;
        this.root = root.toAbsolutePath();
        this.out = out;
    }

    /** Persons labelled so far. */
    public long persons() {
        return persons;
    }

    /**
     * Labels a photo.
     *
     * @param file the image
     * @param boxes its person boxes (x, y, w, h), or null to detect them
     */
    public void labelImage(Path file, List<double[]> boxes) throws IOException {
        BgrImage image = CropExtractor.load(file);
        label(image, boxes, root.relativize(file.toAbsolutePath()).toString(), stem(file), 0);
    }

    /**
     * Labels every {@code every}-th frame of a video, at most {@code maxFrames} (0: all).
     *
     * @param frames where the labelled frames are written as JPEG
     * @param progress receives the index of each decoded frame
     * @return frames labelled
     */
    public long labelVideo(Path video, Path frames, int every, long maxFrames, LongConsumer progress)
            throws IOException {
        String source = stem(video);
        Files.createDirectories(frames);
        long labelled = 0;
        try (VideoReader reader = VideoReader.open(video)) {
            for (VideoReader.VideoFrameImage f = reader.next(); f != null; f = reader.next()) {
                progress.accept(f.index());
                if (f.index() % every != 0) {
                    continue;
                }
                if (maxFrames > 0 && labelled >= maxFrames) {
                    break;
                }
                Path jpg = frames.resolve(String.format(Locale.ROOT, "%s_%06d.jpg", source, f.index()));
                writeJpeg(f.image(), jpg);
                label(f.image(), null, root.relativize(jpg.toAbsolutePath()).toString(), source, f.index());
                labelled++;
            }
        }
        return labelled;
    }

    private void label(BgrImage image, List<double[]> given, String rel, String source, long frame) {
        List<Detection> found = new ArrayList<>();
        if (given != null) {
            given.forEach(b -> found.add(new Detection(b[0], b[1], b[2], b[3], 1)));
        } else {
            found.addAll(detector.detect(image));
        }
        String name = "movenet-" + teacher.variant().name().toLowerCase(Locale.ROOT);
        for (Detection d : found) {
            if (d.h() < minHeight) {
                continue;
            }
            float[] kp = teacher.estimate(image, d.x(), d.y(), d.w(), d.h());
            TeacherLabels.write(
                    out,
                    new TeacherLabel(
                            rel, source, frame, new double[] {d.x(), d.y(), d.w(), d.h()}, d.score(), kp, name));
            persons++;
        }
    }

    /** A file's name without its extension: the label's source. */
    public static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static void writeJpeg(BgrImage image, Path file) throws IOException {
        try (Mat mat = new Mat(image.height(), image.width(), opencv_core.CV_8UC3)) {
            mat.data().put(image.pixels());
            if (!opencv_imgcodecs.imwrite(
                    file.toString(), mat, new int[] {opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 95})) {
                throw new IOException("cannot write " + file);
            }
        }
    }
}
