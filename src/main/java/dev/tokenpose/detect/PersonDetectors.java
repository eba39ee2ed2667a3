package dev.tokenpose.detect;

import dev.tokenpose.ComputeDevice;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens person detectors by name: {@value #NANODET} (the default when its model is present),
 * {@value #HOG} and {@value #NONE}.
 */
public final class PersonDetectors {

    /** NanoDet, a COCO detector run by TensorFlow: the most accurate and the fastest here. */
    public static final String NANODET = "nanodet";

    /** OpenCV's HOG people detector: needs no model file. */
    public static final String HOG = "hog";

    /** No detection: the whole frame is one person ({@link WholeFrameDetector}). */
    public static final String NONE = "none";

    /** Selects {@value #NANODET} if its model is on the class path, else {@value #HOG}. */
    public static final String DEFAULT = "default";

    private static final Logger LOG = LoggerFactory.getLogger(PersonDetectors.class);

    private PersonDetectors() {}

    /** The names {@link #open(String)} accepts. */
    public static List<String> names() {
        return List.of(DEFAULT, NANODET, HOG, NONE);
    }

    /** The detector that {@value #DEFAULT} selects here. */
    public static String defaultName() {
        return defaultName(PersonDetectors.class.getClassLoader());
    }

    static String defaultName(ClassLoader loader) {
        return NanoDetPersonDetector.bundledModelPresent(loader) ? NANODET : HOG;
    }

    /**
     * Opens a detector with its default settings.
     *
     * @param name one of {@link #names()}, case-insensitive
     * @return the detector; close it when done
     * @throws IllegalArgumentException if the name is unknown
     * @throws java.io.FileNotFoundException if {@value #NANODET} is asked for but its model is missing
     * @throws IOException if a model cannot be read
     */
    public static PersonDetector open(String name) throws IOException {
        return open(name, ComputeDevice.DEFAULT);
    }

    /**
     * Opens a detector with its default settings, its TensorFlow session (if it has one) on a
     * given device.
     *
     * @param name one of {@link #names()}, case-insensitive
     * @param device the device, the same as the pose model's in this process
     * @return the detector; close it when done
     * @throws IllegalArgumentException if the name is unknown
     * @throws java.io.FileNotFoundException if {@value #NANODET} is asked for but its model is missing
     * @throws IOException if a model cannot be read
     */
    public static PersonDetector open(String name, ComputeDevice device) throws IOException {
        return open(name, PersonDetectors.class.getClassLoader(), device);
    }

    static PersonDetector open(String name, ClassLoader loader) throws IOException {
        return open(name, loader, ComputeDevice.DEFAULT);
    }

    private static PersonDetector open(String name, ClassLoader loader, ComputeDevice device) throws IOException {
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (key.equals(DEFAULT)) {
            key = defaultName(loader);
            if (key.equals(HOG)) {
                LOG.warn(
                        "NanoDet's model {} is not on the class path; detecting persons with HOG",
                        NanoDetPersonDetector.BUNDLED_JSON);
            }
        }
        return switch (key) {
            case NANODET -> NanoDetPersonDetector.openBundled(loader, NanoDetPersonDetector.Options.DEFAULT, device);
            case HOG -> new HogPersonDetector();
            case NONE -> new WholeFrameDetector();
            default ->
                throw new IllegalArgumentException("unknown person detector '" + name + "'; choose one of " + names());
        };
    }
}
