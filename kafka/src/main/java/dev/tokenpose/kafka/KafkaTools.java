package dev.tokenpose.kafka;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tokenpose-kafka} command line: embedded broker, topics, frame producer, pose consumer. */
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
            CommandLine.HelpCommand.class
        })
public final class KafkaTools {

    /** Environment variable that makes errors print their stack trace. */
    static final String DEBUG_ENV = "TOKENPOSE_DEBUG";

    /** The command line's logging setup, unless the user names another. */
    static final String LOG_CONFIG = "tokenpose-kafka-log4j2.xml";

    /** Default {@code --bootstrap-servers}: a broker on this machine's standard port. */
    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        // Route JavaCPP's messages through SLF4J, where the setup quiets its version notices.
        System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        System.exit(run(args));
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
        CommandLine cli = new CommandLine(new KafkaTools()).setCaseInsensitiveEnumValuesAllowed(true).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("tokenpose-kafka " + cmd.getCommandName() + ": " + Errors.describe(e));
            if (System.getenv(DEBUG_ENV) != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("tokenpose-kafka " + cmd.getCommandName() + ": " + e.getMessage()
                    + " (see 'tokenpose-kafka " + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help')");
            return 2;
        });
        return cli.execute(args);
    }
}
