package dev.tokenpose.local;

import dev.tokenpose.cli.Errors;
import picocli.CommandLine;

/**
 * Runs one of the local commands ({@code tokenpose demo}, {@code tokenpose pipeline-bench}) the way
 * {@code tokenpose}'s own commands run: a failure prints one line and exits {@value
 * Errors#EXIT_FAILURE} ({@code TOKENPOSE_DEBUG=1} adds the stack trace), bad usage exits 2.
 */
public final class LocalCommand {

    private LocalCommand() {}

    /**
     * @param command a picocli command object
     * @param args its arguments
     * @return the exit code
     */
    public static int execute(Object command, String... args) {
        return new CommandLine(command)
                .setExecutionExceptionHandler(
                        (e, cmd, parsed) -> Errors.report(cmd.getErr(), "tokenpose " + cmd.getCommandName(), e))
                .execute(args);
    }
}
