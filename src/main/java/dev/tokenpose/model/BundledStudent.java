package dev.tokenpose.model;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The TokenPose student this project trained and ships in the core jar under
 * {@code dev/tokenpose/model/student/} ({@code tokenpose-student.yaml} and {@code .pth}; see
 * {@code docs/model-card.md}): the default model of every command and of the stream job, named
 * {@value #NAME} wherever a configuration or weights are asked for.
 *
 * <p>Its checkpoint and YAML are copied once out of the class path into a folder of the temporary
 * directory named by the checkpoint's digest, so that every reader sees ordinary files.
 */
public final class BundledStudent {

    /** The name that selects the student as configuration and as weights. */
    public static final String NAME = "student";

    private static final String DIR = "dev/tokenpose/model/student/";
    private static final String CONFIG = "tokenpose-student.yaml";
    private static final String WEIGHTS = "tokenpose-student.pth";

    private static Path extracted;

    private BundledStudent() {}

    /** Whether the student is on the class path. */
    public static boolean present() {
        return BundledStudent.class.getClassLoader().getResource(DIR + WEIGHTS) != null;
    }

    /** Its configuration. */
    public static ModelConfig config() {
        return ModelConfigs.fromYaml(configYaml());
    }

    /** Its configuration file, official experiment YAML. */
    public static Path configYaml() {
        return folder().resolve(CONFIG);
    }

    /** Whether a configuration and weights option name the bundled student itself. */
    public static boolean isBundled(String configOption, String weightsOption) {
        return configOption.equals(NAME) && weightsOption.equals(NAME) && !Files.exists(Path.of(NAME));
    }

    /** The checkpoint a weights option names: the student's for {@value #NAME} (unless a file has that name), else that file. */
    public static Path weightsFile(String option) {
        return option.equals(NAME) && !Files.exists(Path.of(option)) ? weights() : Path.of(option);
    }

    /** Its checkpoint, an official state dict. */
    public static Path weights() {
        return folder().resolve(WEIGHTS);
    }

    private static synchronized Path folder() {
        if (extracted != null) {
            return extracted;
        }
        try {
            byte[] pth = read(WEIGHTS);
            String digest = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(pth))
                    .substring(0, 16);
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "tokenpose-student-" + digest);
            Files.createDirectories(dir);
            for (String name : new String[] {WEIGHTS, CONFIG}) {
                Path target = dir.resolve(name);
                if (!Files.exists(target)) {
                    // Another process may extract at the same time: write aside, then move atomically.
                    Path tmp = Files.createTempFile(dir, name, ".part");
                    Files.write(tmp, name.equals(WEIGHTS) ? pth : read(name));
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            extracted = dir;
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the bundled student model", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = BundledStudent.class.getClassLoader().getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new FileNotFoundException("the bundled student model " + DIR + name + " is not on the class path"
                        + " (it ships in the tokenpose-core jar); give --config and --weights");
            }
            return in.readAllBytes();
        }
    }
}
