package dev.tokenpose.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsUnitsPlainSecondsAndIso() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(converter.convert("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("PT45S")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void rejectsAnythingElse() {
        assertThatThrownBy(() -> converter.convert("soon")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("P")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("-5s")).isInstanceOf(TypeConversionException.class);
    }
}
