package dev.tokenpose.kafka.produce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr for one stream, or nothing when stderr is not a terminal. */
final class ProgressDisplay implements AutoCloseable {

    private static final int UPDATE_INTERVAL_MS = 250;

    private final ProgressBar bar;

    private ProgressDisplay(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * A display for a stream of {@code total} frames ({@code -1} when unknown), shown only when
     * {@code wanted} and stderr is an interactive terminal.
     */
    static ProgressDisplay open(boolean wanted, String streamId, long total) {
        if (!wanted || !stderrIsTerminal()) {
            return new ProgressDisplay(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(streamId)
                .setInitialMax(total)
                .setUnit(" frames", 1)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(UPDATE_INTERVAL_MS)
                .showSpeed()
                .build();
        return new ProgressDisplay(bar);
    }

    /** Records one more frame. */
    void step() {
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    /**
     * Whether file descriptor 2 is a terminal. Java has no isatty for stderr: on Linux the
     * descriptor's link names the device; elsewhere a console on stdin/stdout is the best hint.
     */
    static boolean stderrIsTerminal() {
        // The launcher filters stderr through a pipe and says here whether it ends on a terminal.
        String told = System.getProperty("tokenpose.stderr.terminal");
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
