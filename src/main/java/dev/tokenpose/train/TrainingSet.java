package dev.tokenpose.train;

import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.CropExtractor;
import dev.tokenpose.teacher.TeacherLabel;
import dev.tokenpose.teacher.TeacherLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The labelled persons of a data folder (every {@code *.jsonl} of teacher labels in it, images
 * relative to it), split into training and validation, images decoded once and kept in memory.
 *
 * <p>The split keeps near-duplicate frames apart: of each clip the last {@value #VALIDATION_PERCENT}
 * % of its labelled frames validate; of photo collections, every image whose name hashes into that
 * share. Persons the teacher barely sees (fewer than {@value #MIN_JOINTS} joints it scores at
 * {@link CropSampler#MIN_SCORE} or more) are left out.
 */
public final class TrainingSet {

    /** Share of each source held back for validation. */
    public static final int VALIDATION_PERCENT = 12;
    /** A person needs this many confidently labelled joints to teach anything. */
    public static final int MIN_JOINTS = 6;

    private final Path root;
    private final List<TeacherLabel> train;
    private final List<TeacherLabel> validation;
    private final Map<String, BgrImage> images = new ConcurrentHashMap<>();

    private TrainingSet(Path root, List<TeacherLabel> train, List<TeacherLabel> validation) {
        this.root = root;
        this.train = train;
        this.validation = validation;
    }

    /**
     * Reads every labels file of a folder.
     *
     * @throws NoSuchFileException if the folder has no {@code *.jsonl}
     * @throws IOException if a labels file cannot be read
     */
    public static TrainingSet load(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList();
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(dir.toString(), null, "data folder not found");
        }
        if (files.isEmpty()) {
            throw new NoSuchFileException(
                    dir.toString(), null, "no *.jsonl labels in the data folder (see 'tokenpose teacher')");
        }
        List<TeacherLabel> all = new ArrayList<>();
        for (Path f : files) {
            all.addAll(TeacherLabels.read(f));
        }
        all.removeIf(l -> confidentJoints(l) < MIN_JOINTS);
        Map<String, long[]> frameRange = new HashMap<>();
        for (TeacherLabel l : all) {
            frameRange.merge(l.source(), new long[] {l.frame(), l.frame()}, (a, b) ->
                    new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        List<TeacherLabel> train = new ArrayList<>();
        List<TeacherLabel> validation = new ArrayList<>();
        for (TeacherLabel l : all) {
            (isValidation(l, frameRange.get(l.source())) ? validation : train).add(l);
        }
        return new TrainingSet(dir.toAbsolutePath(), List.copyOf(train), List.copyOf(validation));
    }

    static boolean isValidation(TeacherLabel l, long[] range) {
        if (range[1] > range[0]) {
            return l.frame() >= range[1] - (range[1] - range[0]) * VALIDATION_PERCENT / 100;
        }
        return Math.floorMod(l.image().hashCode(), 100) < VALIDATION_PERCENT;
    }

    private static int confidentJoints(TeacherLabel l) {
        int n = 0;
        for (int j = 0; j < l.keypoints().length / 3; j++) {
            n += l.keypoints()[3 * j + 2] >= CropSampler.MIN_SCORE ? 1 : 0;
        }
        return n;
    }

    /** The persons to train on. */
    public List<TeacherLabel> train() {
        return train;
    }

    /** The persons held back to measure on. */
    public List<TeacherLabel> validation() {
        return validation;
    }

    /** The label with its image path relative to another folder. */
    public TeacherLabel relativeTo(Path folder, TeacherLabel l) {
        String image =
                folder.toAbsolutePath().relativize(root.resolve(l.image())).toString();
        return new TeacherLabel(image, l.source(), l.frame(), l.box(), l.boxScore(), l.keypoints(), l.teacher());
    }

    /** The image of a label, decoded on first use. */
    public BgrImage image(TeacherLabel l) {
        return images.computeIfAbsent(l.image(), name -> {
            try {
                return CropExtractor.load(root.resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
