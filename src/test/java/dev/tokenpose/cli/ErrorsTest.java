package dev.tokenpose.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The one line a command prints for an exception, and the kafka tools printing the same. */
class ErrorsTest {

    /** The kafka module's copy, seen from the core module's folder where tests run. */
    static final Path KAFKA_COPY =
            Path.of("..", "kafka", "src", "main", "java", "dev", "tokenpose", "kafka", "Errors.java");

    @Test
    void shouldReportTheCauseOfWrappersWithoutAMessageOfTheirOwn() {
        NoSuchFileException missing = new NoSuchFileException("model.pth");

        assertThat(Errors.describe(missing)).isEqualTo("file not found: model.pth");
        assertThat(Errors.describe(new UncheckedIOException(missing))).isEqualTo("file not found: model.pth");
        assertThat(Errors.describe(new ExecutionException(missing))).isEqualTo("file not found: model.pth");
        assertThat(Errors.describe(new CompletionException(new UncheckedIOException(missing))))
                .isEqualTo("file not found: model.pth");
        assertThat(Errors.describe(new InvocationTargetException(new ExecutionException(missing))))
                .isEqualTo("file not found: model.pth");
        assertThat(Errors.describe(new UndeclaredThrowableException(missing))).isEqualTo("file not found: model.pth");
    }

    @Test
    void shouldKeepTheFirstLineOfAMessageOrNameAnExceptionWithout() {
        assertThat(Errors.describe(new IllegalArgumentException("bad box '1,2'\n  at column 3")))
                .isEqualTo("bad box '1,2'");
        assertThat(Errors.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
        assertThat(Errors.describe(new ExecutionException(null))).isEqualTo("ExecutionException");
    }

    @Test
    void shouldPrintOneLineAfterTheCommandAndReturnTheFailureCode() {
        assumeTrue(System.getenv(Errors.DEBUG_ENV) == null, "a stack trace follows the line");
        StringWriter out = new StringWriter();

        int code = Errors.report(
                new PrintWriter(out, true),
                "tokenpose demo",
                new ExecutionException(new IllegalStateException("broker did not start")));

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("tokenpose demo: broker did not start" + System.lineSeparator());
    }

    @Test
    void theKafkaToolsCopyIsTheSameCode() throws Exception {
        assumeTrue(Files.isRegularFile(KAFKA_COPY), "the kafka module is not beside this one");
        Path here = Path.of("main", "java", "dev", "tokenpose", "cli", "Errors.java");

        assertThat(code(KAFKA_COPY)).isEqualTo(code(here));
    }

    /** The statements after the package line, without comments or layout. */
    private static String code(Path source) throws Exception {
        String s = Files.readString(source).replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
        return s.substring(s.indexOf(';') + 1).replaceAll("\\s+", " ").trim();
    }
}
