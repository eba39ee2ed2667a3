package dev.tokenpose.kafka;

import dev.tokenpose.kafka.consume.ConsumeOptions;
import dev.tokenpose.kafka.consume.DeadLetterJson;
import dev.tokenpose.kafka.consume.PoseJson;
import dev.tokenpose.kafka.consume.RecordReader;
import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import dev.tokenpose.schema.codec.Topic;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code consume}: prints the poses (or dead letters) topic as JSON lines. */
@Command(
        name = "consume",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the committed records of the poses topic (or, with --dead-letters, the dead-letter topic) as JSON lines:",
            "one object per frame with streamId, sequence, times, model, size and persons (trackId, box, keypoints [x,y,score], score);",
            "one object per dead letter with reason, message and the rejected record's position."
        })
final class ConsumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOption cluster;

    @Option(names = "--dead-letters", description = "Read DeadLetters instead of PoseFrames.")
    boolean deadLetters;

    @Option(
            names = "--topic",
            description = "Topic (default: " + Topic.POSES_NAME + ", or " + Topic.DEAD_LETTERS_NAME
                    + " with --dead-letters).")
    String topic;

    @Option(names = "--json-out", paramLabel = "FILE", description = "Write the JSON lines to FILE instead of stdout.")
    Path jsonOut;

    @Option(
            names = "--max",
            paramLabel = "N",
            defaultValue = "0",
            description = "Stop after N records; 0 for no limit (default: ${DEFAULT-VALUE}).")
    long max;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop when no record arrived for this long, e.g. 30s or 2m (default: wait until Ctrl-C).")
    Duration timeout;

    @Option(
            names = "--group",
            paramLabel = "ID",
            description = "Consumer group, which keeps its position across runs (default: none; every run reads all).")
    String group;

    @Option(names = "--from-end", description = "Only records that arrive from now on (default: from the oldest).")
    boolean fromEnd;

    @Override
    public Integer call() throws IOException {
        if (max < 0) {
            throw new ParameterException(spec.commandLine(), "--max must not be negative");
        }
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new ParameterException(spec.commandLine(), "--timeout must be positive");
        }
        ConsumeOptions options = new ConsumeOptions(group, !fromEnd, max, timeout);
        if (deadLetters) {
            return print(
                    topic == null ? Topic.DEAD_LETTERS_NAME : topic,
                    AvroCodec.DEAD_LETTER,
                    (Function<DeadLetter, String>) DeadLetterJson::line,
                    options);
        }
        return print(
                topic == null ? Topic.POSES_NAME : topic,
                AvroCodec.POSE_FRAME,
                (Function<PoseFrame, String>) PoseJson::line,
                options);
    }

    private <T extends SpecificRecord> int print(
            String topicName, AvroCodec<T> codec, Function<T, String> render, ConsumeOptions options)
            throws IOException {
        boolean toFile = jsonOut != null;
        CountDownLatch finished = new CountDownLatch(1);
        try (Writer out = toFile
                        ? Files.newBufferedWriter(jsonOut, StandardCharsets.UTF_8)
                        : unclosable(spec.commandLine().getOut());
                RecordReader<T> reader = new RecordReader<>(cluster.connection(), topicName, codec, options)) {
            Thread hook = new Thread(
                    () -> {
                        reader.stop();
                        try {
                            finished.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "consume-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            long n;
            try {
                n = reader.forEach((record, value) -> {
                    out.write(render.apply(value));
                    out.write('\n');
                    // Lines appear as records arrive, for tail -f and pipes.
                    out.flush();
                });
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // Shutting down already: the hook is running.
                }
            }
            if (toFile || reader.undecodable() > 0) {
                spec.commandLine()
                        .getErr()
                        .println(n + " records from " + topicName
                                + (reader.undecodable() > 0 ? ", " + reader.undecodable() + " undecodable skipped" : "")
                                + (toFile ? " written to " + jsonOut : ""));
                spec.commandLine().getErr().flush();
            }
        } finally {
            finished.countDown();
        }
        return 0;
    }

    /** Standard output stays open for whoever prints after this command. */
    private static Writer unclosable(Writer w) {
        return new FilterWriter(w) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
