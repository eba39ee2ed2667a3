package dev.tokenpose.kafka.produce;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The short pedestrian clip shipped with the repository (OpenCV's {@code vtest.avi} sample, 6 s,
 * H.264): a real video for demos and tests. It is found in the repository when the working directory
 * is inside it, else taken from the class path, where the build puts the same file.
 */
public final class SampleClip {

    /** The clip's path relative to the repository root. */
    public static final String REPOSITORY_PATH = "kafka/samples/pedestrians.mp4";
    /** The clip's class-path resource name. */
    public static final String RESOURCE = "/dev/tokenpose/kafka/samples/pedestrians.mp4";
    /** Frame width in pixels. */
    public static final int WIDTH = 768;
    /** Frame height in pixels. */
    public static final int HEIGHT = 576;
    /** Number of frames. */
    public static final int FRAMES = 60;
    /** Frames per second. */
    public static final double FRAME_RATE = 10.0;

    private static Path extracted;

    private SampleClip() {}

    /**
     * The clip as a file: the repository's copy when found above the working directory, else a
     * temporary copy of the class-path resource (made once per JVM, deleted on exit).
     *
     * @return an existing file
     */
    public static synchronized Path path() {
        Optional<Path> inRepository = findInRepository(Path.of("").toAbsolutePath());
        if (inRepository.isPresent()) {
            return inRepository.get();
        }
        if (extracted == null || !Files.isRegularFile(extracted)) {
            extracted = extract();
        }
        return extracted;
    }

    /** The clip as a frame source. */
    public static FrameSource source() {
        return FrameSource.file(path());
    }

    /**
     * Looks for {@link #REPOSITORY_PATH} in {@code start} and each directory above it.
     *
     * @param start where to begin
     * @return the clip, if found
     */
    public static Optional<Path> findInRepository(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(REPOSITORY_PATH);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path extract() {
        try (InputStream in = SampleClip.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the sample clip is neither in a repository above "
                        + Path.of("").toAbsolutePath() + " nor on the class path (" + RESOURCE + ")");
            }
            Path file = Files.createTempFile("tokenpose-pedestrians-", ".mp4");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the sample clip out of the class path", e);
        }
    }
}
