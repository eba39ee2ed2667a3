package dev.tokenpose.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tokenpose} command line: model, pre/post-processing and export tools. */
@Command(
        name = "tokenpose",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "TokenPose keypoint estimation in TensorFlow Java.",
        subcommands = {
            HeatmapsCommand.class,
            KeypointsCommand.class,
            CropCommand.class,
            ImageCommand.class,
            ExportCommand.class,
            BenchCommand.class,
            VideoCommand.class,
            TeacherCommand.class,
            TrainCommand.class,
            DistillCommand.class,
            EvalCommand.class,
            AgreementCommand.class,
            CommandLine.HelpCommand.class
        })
public final class TokenPoseCli {

    /** The command line's logging setup, unless the user names another. */
    static final String LOG_CONFIG = "tokenpose-cli-log4j2.xml";

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
        CommandLine cli = new CommandLine(new TokenPoseCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setErr(err);
        cli.setExecutionExceptionHandler(
                (e, cmd, parsed) -> Errors.report(cmd.getErr(), "tokenpose " + cmd.getCommandName(), e));
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr()
                    .println("tokenpose " + cmd.getCommandName() + ": " + e.getMessage() + " (see 'tokenpose "
                            + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help')");
            return 2;
        });
        return cli.execute(args);
    }
}
