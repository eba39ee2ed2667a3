package dev.tokenpose.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar against what a cluster provides (Flink, and the TensorFlow, JavaCV and
 * logging jars collected into its {@code lib/}): every class of ours in the jar must find every
 * class it refers to, in the jar or on that classpath. Checked with {@code jdeps}, statically,
 * so that a class no test happens to load cannot hide a missing dependency.
 */
class JobJarClassesITCase {

    static final Path JOB_JAR = Path.of("target", "tokenpose-pose-job.jar");

    /** What the cluster provides: Flink itself and the jars the shade plugin leaves to {@code lib/}. */
    static final List<String> CLUSTER = List.of(
            "/org/apache/flink/",
            "/org/tensorflow/",
            "/org/bytedeco/",
            "/org/apache/logging/log4j/",
            "/org/slf4j/",
            "/com/google/protobuf/",
            "/com/google/code/findbugs/");

    @Test
    void shouldNeedNothingTheClusterLacks() {
        assertThat(JOB_JAR).as("run after package").exists();

        assertThat(missing(clusterClasspath(CLUSTER), "dev\\.tokenpose\\..*")).isEmpty();
    }

    @Test
    void shouldSeeAMissingDependency() {
        List<String> withoutTensorFlow =
                CLUSTER.stream().filter(p -> !p.contains("tensorflow")).toList();

        assertThat(missing(clusterClasspath(withoutTensorFlow), "dev\\.tokenpose\\.tf\\..*"))
                .anyMatch(line -> line.contains("org.tensorflow."));
    }

    private static String clusterClasspath(List<String> provided) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar")
                        && provided.stream()
                                .anyMatch(p -> entry.replace('\\', '/').contains(p)))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** jdeps' "not found" lines for the jar's classes matching {@code include}. */
    private static List<String> missing(String classpath, String include) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int exit = jdeps.run(
                new PrintWriter(out),
                new PrintWriter(out),
                "--multi-release",
                "17",
                "-verbose:class",
                "-include",
                include,
                "-cp",
                classpath,
                JOB_JAR.toString());
        assertThat(exit).as(out.toString()).isZero();
        return out.toString()
                .lines()
                .filter(line -> line.contains("not found"))
                .map(String::strip)
                .toList();
    }
}
