package dev.tokenpose.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The summary lines, character for character as COCOeval.summarize() prints them. */
class KeypointStatsTest {

    @Test
    void shouldPrintPycocotoolsSummaryLines() {
        // 0.0625 and 0.1235 are exact-binary / just-below halves: Python's format rounds the exact
        // value half to even (0.062) and 0.12349999… down (0.123).
        KeypointStats s = new KeypointStats(new double[] {0.71349, 0.0625, 0.1235, -1, 1, 0.7775, 0.5, 0.9999, -1, 0});
        assertThat(s.summaryLines())
                .containsExactly(
                        " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.713",
                        " Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets= 20 ] = 0.062",
                        " Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets= 20 ] = 0.123",
                        " Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets= 20 ] = -1.000",
                        " Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets= 20 ] = 1.000",
                        " Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.777",
                        " Average Recall     (AR) @[ IoU=0.50      | area=   all | maxDets= 20 ] = 0.500",
                        " Average Recall     (AR) @[ IoU=0.75      | area=   all | maxDets= 20 ] = 1.000",
                        " Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets= 20 ] = -1.000",
                        " Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets= 20 ] = 0.000");
    }

    @Test
    void shouldNameTheNumbersAsTheOfficialEvaluation() {
        KeypointStats s = new KeypointStats(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertThat(s.asMap().keySet())
                .containsExactly(
                        "AP", "AP .5", "AP .75", "AP (M)", "AP (L)", "AR", "AR .5", "AR .75", "AR (M)", "AR (L)");
        assertThat(s.get("AR (M)")).isEqualTo(9);
        assertThatThrownBy(() -> s.get("AP50")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeypointStats(new double[9])).isInstanceOf(IllegalArgumentException.class);
    }
}
