package dev.tokenpose.kafka;

import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.admin.Topics;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code broker}: runs a single-node Kafka cluster in this process until interrupted. */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a single-node Kafka cluster (KRaft broker and controller) on 127.0.0.1 until Ctrl-C.",
            "Prints its bootstrap address on stdout."
        })
final class BrokerCommand implements Callable<Integer> {

    /** Default client port. */
    static final int DEFAULT_PORT = 9092;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "" + DEFAULT_PORT,
            description = "Client port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Log directory, kept and reused across runs (default: a temporary one, deleted on exit).")
    Path dataDir;

    @Option(
            names = "--sasl-ssl",
            description = {
                "Accept clients only over TLS with SCRAM credentials (a certificate and a user made for this run);",
                "the client settings go to a file named on stderr, for --kafka-config or $" + KafkaConnection.ENV + "."
            })
    boolean saslSsl;

    @Option(
            names = "--create-topics",
            description = "Also create the pipeline's topics with their default names and layout.")
    boolean createTopics;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (saslSsl && dataDir != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--sasl-ssl makes its keys and users for one run: leave out --data-dir");
        }
        EmbeddedKafka kafka = saslSsl
                ? EmbeddedKafka.startSaslSsl(port)
                : dataDir == null ? EmbeddedKafka.start(port) : EmbeddedKafka.start(dataDir, port);
        Path clientConfig = saslSsl ? writeClientConfig(kafka.connection()) : null;
        Thread hook = new Thread(
                () -> {
                    kafka.close();
                    deleteQuietly(clientConfig);
                    stopped.countDown();
                },
                "broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (createTopics) {
            Topics.ensure(kafka.connection(), TopicSettings.DEFAULTS);
        }
        out.println(kafka.bootstrapServers());
        out.flush();
        err.println("Kafka running at " + kafka.bootstrapServers() + ", data in " + kafka.dataDir()
                + (dataDir == null ? " (deleted on exit)" : "") + "; Ctrl-C stops it.");
        if (clientConfig != null) {
            err.println("SASL_SSL only; client settings: export " + KafkaConnection.ENV + "=" + clientConfig);
        }
        err.flush();
        stopped.await();
        return 0;
    }

    /** The client settings, readable by this user only as they hold the password; deleted on exit. */
    private static Path writeClientConfig(KafkaConnection connection) throws IOException {
        Path file = Files.createTempFile(
                "tokenpose-kafka-client-",
                ".properties",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Properties p = new Properties();
        p.putAll(connection.settings());
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "Kafka client settings of the SASL_SSL broker at " + connection.bootstrapServers());
        }
        return file;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A temporary file; the shutdown goes on.
            }
        }
    }
}
