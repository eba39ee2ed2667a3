package dev.tokenpose.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Locates the reference fixtures: the copies bundled in the test resources, and the full set in
 * {@code ../shared/fixtures/tokenpose} beside the repository when it exists (or wherever the
 * system property {@code tokenpose.fixtures} points).
 */
public final class Fixtures {

    private Fixtures() {}

    /** The fixture folders bundled with the project's tests. */
    public static Path bundled() {
        return Paths.get("test", "resources", "fixtures", "tokenpose").toAbsolutePath();
    }

    /** The shared fixture root, if present on this machine. */
    public static Optional<Path> shared() {
        String prop = System.getProperty("tokenpose.fixtures");
        if (prop != null && !prop.isBlank()) {
            Path p = Paths.get(prop);
            return Files.isDirectory(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        // Tests run in the module folder (<repo>/src); shared/ sits beside the repository.
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("fixtures").resolve("tokenpose");
            if (dir.resolve("pom.xml").toFile().exists() && Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** One folder by name: the shared copy when present, else the bundled one. */
    public static Optional<Path> folder(String name) {
        Optional<Path> s = shared().map(p -> p.resolve(name)).filter(Files::isDirectory);
        if (s.isPresent()) {
            return s;
        }
        Path b = bundled().resolve(name);
        return Files.isDirectory(b) ? Optional.of(b) : Optional.empty();
    }

    /** Every model fixture folder (one with a {@code model.pth}), shared copies preferred, by name. */
    public static List<Path> modelFolders() {
        Map<String, Path> byName = new LinkedHashMap<>();
        shared().ifPresent(root ->
                list(root).forEach(p -> byName.putIfAbsent(p.getFileName().toString(), p)));
        list(bundled()).forEach(p -> byName.putIfAbsent(p.getFileName().toString(), p));
        List<Path> out = new ArrayList<>();
        for (Path p : byName.values()) {
            if (Files.exists(p.resolve("model.pth"))) {
                out.add(p);
            }
        }
        return out;
    }

    private static List<Path> list(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
