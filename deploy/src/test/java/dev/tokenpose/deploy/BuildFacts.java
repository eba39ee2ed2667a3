package dev.tokenpose.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

/**
 * What the build says, read from its own files so that the manifests are checked against one
 * source of truth: versions in the parent POM, the job jar's name and main class in the job's
 * shade configuration, image names and copied paths in the Dockerfiles.
 */
final class BuildFacts {

    /** Tests run in {@code deploy/}; the project's root is its parent. */
    static final Path ROOT = Path.of("..");

    static final Path FLINK_IMAGE = Path.of("flink");
    static final Path TOOLS_IMAGE = Path.of("tools");

    private static final Pattern LABEL =
            Pattern.compile("^LABEL\\s+dev\\.tokenpose\\.image=\"([^\"]+)\"", Pattern.MULTILINE);
    private static final Pattern COPY =
            Pattern.compile("^COPY\\s+(?:--\\S+\\s+)*(\\S+)\\s+(\\S+)\\s*$", Pattern.MULTILINE);
    private static final Pattern FROM = Pattern.compile("^FROM\\s+(\\S+)", Pattern.MULTILINE);

    private BuildFacts() {}

    /** A property of the parent POM, e.g. {@code flink.version}. */
    static String parentProperty(String name) {
        return xpath(ROOT.resolve("pom.xml"), "/project/properties/" + name);
    }

    /** The file name of the job jar that the flink-job module's shade plugin writes. */
    static String jobJarName() {
        String out = xpath(ROOT.resolve("flink-job/pom.xml"), "//plugin[artifactId='maven-shade-plugin']//outputFile");
        return Path.of(out.replace("${project.build.directory}", "target"))
                .getFileName()
                .toString();
    }

    /** The main class in the job jar's manifest. */
    static String jobMainClass() {
        return xpath(
                ROOT.resolve("flink-job/pom.xml"), "//plugin[artifactId='maven-shade-plugin']//transformer/mainClass");
    }

    /** The Dockerfiles of the project's images. */
    static List<Path> dockerfiles() {
        return List.of(
                FLINK_IMAGE.resolve("Dockerfile"),
                FLINK_IMAGE.resolve("Dockerfile.gpu"),
                TOOLS_IMAGE.resolve("Dockerfile"));
    }

    /** Image name and tag (its {@code dev.tokenpose.image} label) to Dockerfile. */
    static Map<String, Path> images() {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Path f : dockerfiles()) {
            Matcher m = LABEL.matcher(read(f));
            if (!m.find()) {
                throw new AssertionError(f + " has no dev.tokenpose.image label");
            }
            out.put(m.group(1), f);
        }
        return out;
    }

    /** Where a Dockerfile copies a source path of its build context. */
    static String copyDestination(Path dockerfile, String source) {
        Matcher m = COPY.matcher(read(dockerfile));
        while (m.find()) {
            if (m.group(1).equals(source)) {
                return m.group(2);
            }
        }
        throw new AssertionError(dockerfile + " does not copy " + source);
    }

    /** The image a Dockerfile's last stage starts from. */
    static String baseImage(Path dockerfile) {
        Matcher m = FROM.matcher(read(dockerfile));
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String xpath(Path pom, String expression) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            Document doc = factory.newDocumentBuilder().parse(pom.toFile());
            String value = ((String)
                            XPathFactory.newInstance().newXPath().evaluate(expression, doc, XPathConstants.STRING))
                    .trim();
            if (value.isEmpty()) {
                throw new AssertionError(pom + " has nothing at " + expression);
            }
            return value;
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }
}
