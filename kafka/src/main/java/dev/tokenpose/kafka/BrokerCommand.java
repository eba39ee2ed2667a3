package dev.tokenpose.kafka;

import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.admin.Topics;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
            names = "--create-topics",
            description = "Also create the pipeline's topics with their default names and layout.")
    boolean createTopics;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EmbeddedKafka kafka = dataDir == null ? EmbeddedKafka.start(port) : EmbeddedKafka.start(dataDir, port);
        Thread hook = new Thread(
                () -> {
                    kafka.close();
                    stopped.countDown();
                },
                "broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (createTopics) {
            Topics.ensure(kafka.bootstrapServers(), TopicSettings.DEFAULTS);
        }
        out.println(kafka.bootstrapServers());
        out.flush();
        err.println("Kafka running at " + kafka.bootstrapServers() + ", data in " + kafka.dataDir()
                + (dataDir == null ? " (deleted on exit)" : "") + "; Ctrl-C stops it.");
        err.flush();
        stopped.await();
        return 0;
    }
}
