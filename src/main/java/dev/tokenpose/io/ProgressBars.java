package dev.tokenpose.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on stderr for the long commands: redrawn in place on a terminal; one plain line
 * every {@value #LOG_INTERVAL_MS} ms otherwise, so that a redirected log stays readable line by
 * line instead of growing one carriage-return line for hours.
 */
public final class ProgressBars {

    /** How often a bar writes a line when stderr is not a terminal. */
    public static final int LOG_INTERVAL_MS = 60_000;

    /** System property by which a launcher tells whether stderr is a terminal ({@code true}/{@code false}). */
    public static final String TERMINAL_PROPERTY = "tokenpose.stderr.terminal";

    private ProgressBars() {}

    /** A builder for a bar named {@code task} over {@code max} units, set up for where stderr goes. */
    public static ProgressBarBuilder builder(String task, long max) {
        return builder(task, max, stderrIsTerminal());
    }

    static ProgressBarBuilder builder(String task, long max, boolean terminal) {
        ProgressBarBuilder b =
                new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII);
        if (!terminal) {
            b.setConsumer(new DelegatingProgressBarConsumer(System.err::println, 160))
                    .setUpdateIntervalMillis(LOG_INTERVAL_MS);
        }
        return b;
    }

    /**
     * Whether stderr is a terminal: as the launcher says in {@value #TERMINAL_PROPERTY} (it filters
     * stderr through a pipe), else from the file descriptor. Java has no isatty for stderr: on
     * Linux the descriptor's link names the device; elsewhere a console is the best hint.
     */
    public static boolean stderrIsTerminal() {
        String told = System.getProperty(TERMINAL_PROPERTY);
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
