package dev.tokenpose.local.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The exactly-once check again, by a client that shares no code with the project: {@code
 * local/src/main/python/verify_exactly_once.py}, librdkafka (Debian's {@code
 * python3-confluent-kafka}) and Apache Avro ({@code python3-avro}) decoding the single-object
 * encoding from the {@code .avsc} files. So a bug in the project's own reader or codec cannot hide
 * a loss.
 */
final class IndependentCheck {

    /** What the verifier found. */
    record Result(long framesIn, long poseRecords, long deadLetters, long lost, long duplicated, long unexpected) {

        boolean exactlyOnce() {
            return lost == 0 && duplicated == 0 && unexpected == 0 && poseRecords == framesIn;
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "frames_in=%d pose_records=%d lost=%d duplicated=%d unexpected=%d dead_letters=%d",
                    framesIn,
                    poseRecords,
                    lost,
                    duplicated,
                    unexpected,
                    deadLetters);
        }
    }

    private static final List<String> PYTHONS = List.of("/usr/bin/python3", "python3");
    private static final long TIMEOUT_S = 600;

    private final String python;
    private final Path script;
    private final Path schemas;

    private IndependentCheck(String python, Path script, Path schemas) {
        this.python = python;
        this.script = script;
        this.schemas = schemas;
    }

    /**
     * The verifier of the checkout {@code root}, or an explanation of why it cannot run here.
     *
     * @param root the source checkout (holding {@code local/} and {@code schemas/})
     * @param why receives the reason when there is no verifier
     * @return the verifier, or null
     */
    static IndependentCheck find(Path root, StringBuilder why) {
        Path script = root.resolve("local/src/main/python/verify_exactly_once.py");
        Path schemas = root.resolve("schemas/src/main/avro");
        if (!Files.isRegularFile(script) || !Files.isDirectory(schemas)) {
            why.append("no source checkout at ").append(root);
            return null;
        }
        for (String python : PYTHONS) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import confluent_kafka, avro.io")
                        .redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return new IndependentCheck(python, script, schemas);
                }
            } catch (IOException e) {
                // Not installed under this name: try the next.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why.append("interrupted");
                return null;
            }
        }
        why.append("no python3 with confluent_kafka and avro (apt-get install python3-confluent-kafka python3-avro)");
        return null;
    }

    /**
     * Runs the verifier against the cluster's topics (their default names).
     *
     * @param bootstrapServers a plaintext cluster
     * @return what it found
     * @throws IllegalStateException if it could not read or decode the topics
     */
    Result run(String bootstrapServers) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                python, script.toString(), "--bootstrap-servers", bootstrapServers, "--schemas", schemas.toString()));
        Process p = new ProcessBuilder(command).start();
        byte[] err = p.getErrorStream().readAllBytes();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the independent check did not finish in " + TIMEOUT_S + " s");
        }
        if (p.exitValue() > 1 || out.isEmpty()) {
            throw new IllegalStateException("the independent check failed (exit " + p.exitValue() + "): "
                    + new String(err, StandardCharsets.UTF_8).strip());
        }
        JsonNode json =
                new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElseThrow());
        return new Result(
                json.get("frames_in").asLong(),
                json.get("pose_records").asLong(),
                json.get("dead_letters").asLong(),
                json.get("lost").asLong(),
                json.get("duplicated").asLong(),
                json.get("unexpected").asLong());
    }
}
