package dev.tokenpose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core module's package structure, read from its sources: the root package is the API that the
 * TensorFlow code ({@code tf}) implements, so the two must not depend on each other both ways; no
 * two packages may; and the core knows nothing of Kafka or Flink (those modules build on it).
 */
class PackageDependenciesTest {

    /** Tests run in the core module's folder. */
    private static final Path SOURCES = Path.of("main", "java");

    private static final String ROOT = "dev.tokenpose";
    private static final String TF = ROOT + ".tf";

    /** Comments, text blocks, strings and characters: blanked out before references are looked for. */
    private static final Pattern NOT_CODE = Pattern.compile(
            "\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'|//[^\\n]*|/\\*[\\s\\S]*?\\*/");

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A project type (or a wildcard import): the lowercase segments before it are its package. */
    private static final Pattern PROJECT_REFERENCE =
            Pattern.compile("\\b(dev\\.tokenpose(?:\\.[a-z_]\\w*)*)\\s*\\.\\s*(?:[A-Z]|\\*)");

    private static final Pattern STREAMING_REFERENCE = Pattern.compile("\\borg\\.apache\\.(kafka|flink)\\b");

    private static Map<Path, String> code;
    private static Map<String, Set<String>> dependencies;

    @BeforeAll
    static void readSources() throws IOException {
        code = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                code.put(SOURCES.relativize(f), codeOnly(read(f)));
            }
        }
        dependencies = dependencies(code.values());
    }

    /** The source with its comments, strings and characters blanked out. */
    static String codeOnly(String source) {
        return NOT_CODE.matcher(source).replaceAll(" ");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Package to the other project packages its code names (imports and qualified names alike).
     *
     * @param sources the files' {@link #codeOnly} text
     */
    static Map<String, Set<String>> dependencies(Iterable<String> sources) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String src : sources) {
            Matcher p = PACKAGE.matcher(src);
            String pkg = p.find() ? p.group(1) : "";
            Set<String> uses = out.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher m = PROJECT_REFERENCE.matcher(src);
            while (m.find()) {
                if (!m.group(1).equals(pkg)) {
                    uses.add(m.group(1));
                }
            }
        }
        return out;
    }

    /** The packages reachable from one package, itself excluded unless it lies on a cycle. */
    static Set<String> reachable(Map<String, Set<String>> graph, String from) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(graph.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (seen.add(p)) {
                todo.addAll(graph.getOrDefault(p, Set.of()));
            }
        }
        return seen;
    }

    /** Each group of packages that depend on one another in a circle, as "a -> b -> ... -> a". */
    static List<String> cycles(Map<String, Set<String>> graph) {
        List<String> out = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (String p : graph.keySet()) {
            if (reported.contains(p) || !reachable(graph, p).contains(p)) {
                continue;
            }
            Set<String> group = new TreeSet<>();
            for (String q : reachable(graph, p)) {
                if (reachable(graph, q).contains(p)) {
                    group.add(q);
                }
            }
            reported.addAll(group);
            out.add(String.join(" <-> ", group));
        }
        return out;
    }

    @Test
    void theScanSeesTheProjectsPackages() {
        assertThat(code).hasSizeGreaterThan(50);
        assertThat(dependencies).containsKeys(ROOT, TF);
        assertThat(dependencies.get(TF))
                .as("tf implements the root package's HeatmapModel")
                .contains(ROOT);
    }

    @Test
    void theRootPackageAndTfDoNotDependOnEachOther() {
        boolean rootUsesTf = reachable(dependencies, ROOT).contains(TF);
        boolean tfUsesRoot = reachable(dependencies, TF).contains(ROOT);

        assertThat(rootUsesTf && tfUsesRoot)
                .as("a cycle: the root package uses %s, tf uses %s", dependencies.get(ROOT), dependencies.get(TF))
                .isFalse();
    }

    @Test
    void noPackagesDependOnEachOtherInACircle() {
        assertThat(cycles(dependencies))
                .as("package dependencies: %s", dependencies)
                .isEmpty();
    }

    @Test
    void theCoreKnowsNothingOfKafkaOrFlink() {
        List<String> offenders = new ArrayList<>();
        code.forEach((file, src) -> {
            Matcher m = STREAMING_REFERENCE.matcher(src);
            if (m.find()) {
                offenders.add(file + " (" + m.group() + ")");
            }
        });

        assertThat(offenders).isEmpty();
    }

    @Test
    void theCheckerFindsCyclesQualifiedNamesAndStreamingImports() {
        var graph = dependencies(Stream.of(
                        "package dev.tokenpose;\nimport dev.tokenpose.tf.TfSessionSettings;\nclass A {}",
                        "package dev.tokenpose.tf;\nclass B implements dev.tokenpose.HeatmapModel {}",
                        "package dev.tokenpose.io;\nimport dev.tokenpose.model.*;\n// dev.tokenpose.tf.Gone in a comment\nclass C {"
                                + " String s = \"dev.tokenpose.tf.X\"; }")
                .map(PackageDependenciesTest::codeOnly)
                .toList());

        assertThat(graph.get("dev.tokenpose.io")).containsExactly("dev.tokenpose.model");
        assertThat(cycles(graph)).containsExactly("dev.tokenpose <-> dev.tokenpose.tf");
        assertThat(STREAMING_REFERENCE
                        .matcher(codeOnly("import org.apache.flink.api.common.Foo;"))
                        .find())
                .isTrue();
        assertThat(STREAMING_REFERENCE
                        .matcher(codeOnly("/** Unlike org.apache.kafka.X. */"))
                        .find())
                .isFalse();
    }
}
