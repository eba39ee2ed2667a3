package dev.tokenpose.kafka;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tokenpose-kafka} command line: embedded broker, topics, frame producer, pose consumer, dashboard. */
@Command(
        name = "tokenpose-kafka",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Kafka tools of the TokenPose video pipeline.",
        subcommands = {
            BrokerCommand.class,
            TopicsCommand.class,
            ProduceCommand.class,
            ConsumeCommand.class,
            DashboardCommand.class,
            CommandLine.HelpCommand.class
        })
public final class KafkaTools {

    /** The command line's logging setup, unless the user names another. */
    static final String LOG_CONFIG = "tokenpose-kafka-log4j2.xml";

    /** Default {@code --bootstrap-servers}: a broker on this machine's standard port. */
    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        if (!findable(System.getProperty("log4j2.configurationFile"))) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        // Route JavaCPP's messages through SLF4J, where the setup quiets its version notices.
        System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        System.exit(run(args));
    }

    /**
     * Whether a log4j2 setup named by the user exists as a file, a URL or a class-path resource;
     * a launcher shared with other modules may name one that only their class path has.
     */
    static boolean findable(String configs) {
        if (configs == null || configs.isBlank()) {
            return false;
        }
        for (String c : configs.split(",")) {
            String name = c.trim();
            boolean found = name.contains("://")
                    || name.startsWith("file:")
                    || name.startsWith("classpath:")
                    || Files.isRegularFile(Path.of(name))
                    || KafkaTools.class.getClassLoader().getResource(name) != null;
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** Runs the command line and returns its exit code (0 success, 1 failure, 2 bad usage). */
    public static int run(String... args) {
        return run(new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with its error messages going to {@code err}. */
    static int run(PrintWriter err, String... args) {
        return run(new PrintWriter(System.out, true), err, args);
    }

    /** Runs the command line with its output going to {@code out} and error messages to {@code err}. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new KafkaTools())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(out)
                .setErr(err);
        cli.setExecutionExceptionHandler(
                (e, cmd, parsed) -> Errors.report(cmd.getErr(), "tokenpose-kafka " + cmd.getCommandName(), e));
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr()
                    .println("tokenpose-kafka " + cmd.getCommandName() + ": " + e.getMessage()
                            + " (see 'tokenpose-kafka " + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ")
                            + "--help')");
            return 2;
        });
        return cli.execute(args);
    }
}
