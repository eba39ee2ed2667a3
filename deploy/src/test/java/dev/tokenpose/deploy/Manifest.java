package dev.tokenpose.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One Kubernetes object of a manifest file under {@code deploy/k8s}, as a YAML tree.
 *
 * @param file the file, relative to the module folder
 * @param tree the object
 */
record Manifest(Path file, ObjectNode tree) {

    /** Tests run in the module folder, {@code deploy/}. */
    static final Path K8S = Path.of("k8s");

    static final Path BASE = K8S.resolve("base");
    static final Path OVERLAYS = K8S.resolve("overlays");
    static final String KUSTOMIZATION = "kustomization.yaml";

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    String kind() {
        return tree.path("kind").asText();
    }

    String name() {
        return tree.path("metadata").path("name").asText();
    }

    /** Where a failure points: file, kind and name. */
    @Override
    public String toString() {
        return file + " " + kind() + "/" + name();
    }

    /** Every object of every manifest under a folder, kustomizations left out. */
    static List<Manifest> under(Path folder) {
        List<Manifest> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith(KUSTOMIZATION))
                    .sorted()
                    .toList()) {
                out.addAll(read(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The objects of one file (documents separated by {@code ---}). */
    static List<Manifest> read(Path file) {
        List<Manifest> out = new ArrayList<>();
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    out.add(new Manifest(file, (ObjectNode) doc));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }

    /** The one object of a kind (and name, if given) among manifests. */
    static Manifest only(List<Manifest> manifests, String kind) {
        List<Manifest> found =
                manifests.stream().filter(m -> m.kind().equals(kind)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found);
        }
        return found.get(0);
    }

    /** A kustomization file as a tree. */
    static JsonNode kustomization(Path folder) {
        try {
            return YAML.readTree(folder.resolve(KUSTOMIZATION).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
