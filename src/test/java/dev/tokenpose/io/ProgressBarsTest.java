package dev.tokenpose.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressBarsTest {

    @Test
    void shouldWritePlainLinesWhenStderrIsNotATerminal() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (ProgressBar bar = ProgressBars.builder("label", 10, false).build()) {
            bar.stepTo(10);
        } finally {
            System.setErr(saved);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).doesNotContain("\r").contains("label").contains("10/10").endsWith(System.lineSeparator());
    }
}
