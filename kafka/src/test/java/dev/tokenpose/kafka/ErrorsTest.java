package dev.tokenpose.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * This module's copy of the core's {@code Errors} (whose test checks the two are the same code):
 * the wrappers the Kafka clients' futures throw are seen through.
 */
class ErrorsTest {

    @Test
    void shouldReportWhatTheClientsFuturesWrap() {
        StringWriter out = new StringWriter();
        Throwable wrapped = new CompletionException(
                new ExecutionException(new InvocationTargetException(new NoSuchFileException("clip.mp4"))));

        int code = Errors.report(new PrintWriter(out, true), "tokenpose-kafka produce", wrapped);

        assertThat(code).isEqualTo(Errors.EXIT_FAILURE);
        assertThat(out.toString())
                .startsWith("tokenpose-kafka produce: file not found: clip.mp4" + System.lineSeparator());
    }
}
