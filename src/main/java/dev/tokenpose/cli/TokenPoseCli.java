package dev.tokenpose.cli;

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
            CommandLine.HelpCommand.class
        })
public final class TokenPoseCli {

    /** Environment variable that makes errors print their stack trace. */
    static final String DEBUG_ENV = "TOKENPOSE_DEBUG";

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (0 success, 1 failure, 2 bad usage). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new TokenPoseCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("tokenpose " + cmd.getCommandName() + ": " + Errors.describe(e));
            if (System.getenv(DEBUG_ENV) != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("tokenpose " + cmd.getCommandName() + ": " + e.getMessage()
                    + " (see 'tokenpose " + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help')");
            return 2;
        });
        return cli.execute(args);
    }
}
