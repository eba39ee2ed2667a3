package dev.tokenpose.eval;

import static dev.tokenpose.eval.CocoCase.grid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenpose.cli.TokenPoseCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenpose eval} through the command line's entry point. */
class EvalCommandTest {

    @TempDir
    Path tmp;

    private String out = "";
    private String err = "";

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            return TokenPoseCli.run(args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            out = o.toString(StandardCharsets.UTF_8);
            err = e.toString(StandardCharsets.UTF_8);
        }
    }

    /** The area-range case of CocoKeypointEvalTest: AP 134/303, AR 2/3, medium and large 1. */
    private void writeAreaCase(Path gt, Path dt) throws Exception {
        CocoCase c = new CocoCase().image(1).image(2);
        c.person(1, grid(0, 0, 5), 500);
        c.person(1, grid(1000, 0, 30), 20000);
        c.person(2, grid(0, 0, 10), 2000);
        c.result(1, grid(5000, 5000, 3), 0.95).result(1, grid(1000, 0, 30), 0.9).result(2, grid(0, 0, 10), 0.8);
        c.write(gt, dt);
    }

    @Test
    void shouldPrintTheSummaryAndWriteFullPrecisionJson() throws Exception {
        Path gt = tmp.resolve("gt.json");
        Path dt = tmp.resolve("dt.json");
        Path json = tmp.resolve("stats.json");
        writeAreaCase(gt, dt);

        int rc = run("eval", "--annotations", gt.toString(), "--results", dt.toString(), "--json", json.toString());

        assertThat(rc).as(err).isZero();
        assertThat(out.lines().toList())
                .containsExactly(
                        " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.442",
                        " Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets= 20 ] = 0.442",
                        " Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets= 20 ] = 0.442",
                        " Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets= 20 ] = 1.000",
                        " Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets= 20 ] = 1.000",
                        " Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.667",
                        " Average Recall     (AR) @[ IoU=0.50      | area=   all | maxDets= 20 ] = 0.667",
                        " Average Recall     (AR) @[ IoU=0.75      | area=   all | maxDets= 20 ] = 0.667",
                        " Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets= 20 ] = 1.000",
                        " Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets= 20 ] = 1.000");
        JsonNode stats = CocoCase.JSON.readTree(json.toFile());
        assertThat(stats.fieldNames()).toIterable().containsExactlyElementsOf(KeypointStats.NAMES);
        // Full precision: the double itself, not the printed 0.667.
        assertThat(stats.get("AR").doubleValue()).isCloseTo(2.0 / 3, within(1e-15));
        // One TP has precision 1 / (1 + np.spacing(1)): pycocotools' guard shows in the last bit.
        assertThat(stats.get("AP (M)").doubleValue()).isEqualTo(0.9999999999999998);
        assertThat(stats.get("AP").doubleValue()).isCloseTo(134.0 / 303, within(1e-12));
    }

    @Test
    void shouldReportBadFilesInOneLine() throws Exception {
        Path gt = tmp.resolve("gt.json");
        Path dt = tmp.resolve("dt.json");
        writeAreaCase(gt, dt);
        Path missing = tmp.resolve("missing.json");

        assertThat(run("eval", "--annotations", missing.toString(), "--results", dt.toString()))
                .isEqualTo(1);
        assertThat(err.strip()).isEqualTo("tokenpose eval: file not found: " + missing);

        Path broken = Files.writeString(tmp.resolve("broken.json"), "[{\"image_id\": 1,");
        assertThat(run("eval", "--annotations", gt.toString(), "--results", broken.toString()))
                .isEqualTo(1);
        assertThat(err.strip())
                .startsWith("tokenpose eval: " + broken + " is not valid JSON: ")
                .doesNotContain("\tat ");
        assertThat(err.strip().lines()).hasSize(1);

        Path foreign = Files.writeString(
                tmp.resolve("foreign.json"),
                "[{\"image_id\": 3, \"category_id\": 1, \"score\": 1, \"keypoints\": "
                        + CocoCase.JSON.writeValueAsString(grid(0, 0, 1)) + "}]");
        assertThat(run("eval", "--annotations", gt.toString(), "--results", foreign.toString()))
                .isEqualTo(1);
        assertThat(err.strip())
                .isEqualTo("tokenpose eval: " + foreign
                        + ": results[0]: image_id 3 is not an image of the ground truth " + gt);
        assertThat(out).isEmpty();
    }

    @Test
    void shouldRequireBothFiles() {
        assertThat(run("eval", "--annotations", "gt.json")).isEqualTo(2);
        assertThat(err).contains("Missing required option: '--results=DT.json'");
        assertThat(List.of(out)).containsExactly("");
    }
}
