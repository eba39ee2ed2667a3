package dev.tokenpose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.io.NpyArray;
import dev.tokenpose.testing.Arrays2;
import dev.tokenpose.testing.CpuInfo;
import dev.tokenpose.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract, run in-process on the bundled fixtures. */
class TokenPoseCliTest {

    static final Path TINY_T = Fixtures.folder("tiny-T-seed22").orElseThrow();
    static final Path TINY_S = Fixtures.folder("tiny-S-seed21").orElseThrow();
    static final Path PIPELINE = Fixtures.folder("pipeline-seed4").orElseThrow();

    @TempDir
    Path tmp;

    final StringWriter err = new StringWriter();

    int run(String... args) {
        return TokenPoseCli.run(new PrintWriter(err, true), args);
    }

    @Test
    void shouldWriteFlipTestHeatmapsMatchingTheOfficialOutput() throws Exception {
        Path out = tmp.resolve("y.npy");

        int rc = run(
                "heatmaps",
                "--config",
                TINY_S.resolve("config.yaml").toString(),
                "--weights",
                TINY_S.resolve("model.pth").toString(),
                "--input",
                TINY_S.resolve("input.npy").toString(),
                "--output",
                out.toString(),
                "--flip-test",
                "--batch-size",
                "1");

        assertThat(rc).as(err.toString()).isZero();
        NpyArray y = NpyArray.read(out);
        assertThat(y.shape()).containsExactly(2, 17, 20, 12);
        assertThat(Arrays2.maxAbsDiff(
                        y.floats(),
                        NpyArray.read(TINY_S.resolve("output_fliptest.npy")).floats()))
                .as("max |delta| vs output_fliptest.npy; %s", CpuInfo.describe())
                .isLessThanOrEqualTo(1e-4);
    }

    @Test
    void shouldDecodeKeypointsLikeTheOfficialPipeline() throws Exception {
        NpyArray.ofFloats(new int[] {2, 2}, new float[] {264.5f, 224.5f, 215.0f, 209.75f})
                .write(tmp.resolve("c.npy"));
        Path out = tmp.resolve("p.npy");
        // Centers/scales of pipeline-seed4's two boxes, as its manifest lists them.
        var crops = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(PIPELINE.resolve("manifest.json").toFile())
                .get("info")
                .get("crops");
        float[] c = new float[4];
        float[] s = new float[4];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                c[2 * i + j] = (float) crops.get(i).get("center").get(j).asDouble();
                s[2 * i + j] = (float) crops.get(i).get("scale").get(j).asDouble();
            }
        }
        NpyArray.ofFloats(new int[] {2, 2}, c).write(tmp.resolve("c.npy"));
        NpyArray.ofFloats(new int[] {2, 2}, s).write(tmp.resolve("s.npy"));

        int rc = run(
                "keypoints",
                "--heatmaps",
                PIPELINE.resolve("heatmaps.npy").toString(),
                "--centers",
                tmp.resolve("c.npy").toString(),
                "--scales",
                tmp.resolve("s.npy").toString(),
                "--output",
                out.toString(),
                "--flip-pairs",
                "coco");

        assertThat(rc).as(err.toString()).isZero();
        NpyArray p = NpyArray.read(out);
        float[] ref = NpyArray.read(PIPELINE.resolve("preds_dark.npy")).floats();
        float[] maxvals = NpyArray.read(PIPELINE.resolve("maxvals_dark.npy")).floats();
        assertThat(p.shape()).containsExactly(2, 17, 3);
        for (int i = 0; i < 34; i++) {
            assertThat((double) p.floats()[3 * i])
                    .isCloseTo(
                            ref[2 * i], org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, Math.abs(ref[2 * i]))));
            assertThat((double) p.floats()[3 * i + 1])
                    .isCloseTo(
                            ref[2 * i + 1],
                            org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, Math.abs(ref[2 * i + 1]))));
            assertThat(p.floats()[3 * i + 2]).isEqualTo(maxvals[i]);
        }
    }

    @Test
    void shouldCropAndRunTheImageCommandEndToEnd() throws Exception {
        Path image = tmp.resolve("img.png");
        NpyArray bgr = NpyArray.read(PIPELINE.resolve("image_bgr.npy"));
        try (var m = new org.bytedeco.opencv.opencv_core.Mat(
                bgr.dim(0),
                bgr.dim(1),
                org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                new org.bytedeco.javacpp.BytePointer(bgr.bytes()))) {
            assertThat(org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(image.toString(), m))
                    .isTrue();
        }
        String boxes = "200,60,130,330;15.5,100.25,400,220";

        int rc = run(
                "crop",
                "--image",
                image.toString(),
                "--boxes",
                boxes,
                "--height",
                "256",
                "--width",
                "192",
                "--output",
                tmp.resolve("x.npy").toString(),
                "--rgb-output",
                tmp.resolve("rgb.npy").toString());
        assertThat(rc).as(err.toString()).isZero();
        assertThat(NpyArray.read(tmp.resolve("rgb.npy")).bytes())
                .isEqualTo(
                        NpyArray.read(PIPELINE.resolve("crops_rgb_uint8.npy")).bytes());
        assertThat(Arrays2.maxAbsDiff(
                        NpyArray.read(tmp.resolve("x.npy")).floats(),
                        NpyArray.read(PIPELINE.resolve("input.npy")).floats()))
                .isLessThanOrEqualTo(1e-6);

        rc = run(
                "image",
                "--config",
                TINY_T.resolve("config.yaml").toString(),
                "--weights",
                TINY_T.resolve("model.pth").toString(),
                "--image",
                image.toString(),
                "--boxes",
                boxes,
                "--output",
                tmp.resolve("poses.json").toString(),
                "--render",
                tmp.resolve("out.png").toString());
        assertThat(rc).as(err.toString()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(tmp.resolve("poses.json").toFile());
        assertThat(json.get("persons")).hasSize(2);
        assertThat(json.get("persons").get(0).get("keypoints")).hasSize(17);
        assertThat(json.get("persons")
                        .get(0)
                        .get("keypoints")
                        .get(16)
                        .get("name")
                        .asText())
                .isEqualTo("right_ankle");
        assertThat(json.get("model").asText()).startsWith("config@sha256:");
        assertThat(Files.size(tmp.resolve("out.png"))).isPositive();
    }

    @Test
    void videoWithoutADetectorFindsTheWholeFrameAsOnePersonInEveryFrame() throws Exception {
        // Tests run in the core module's folder; the sample clip belongs to the kafka module.
        Path clip = Path.of("..", "kafka", "samples", "pedestrians.mp4");
        Path out = tmp.resolve("poses.jsonl");

        int rc = run(
                "video",
                "--detector",
                "none",
                "--input",
                clip.toString(),
                "--max-frames",
                "3",
                "--config",
                TINY_T.resolve("config.yaml").toString(),
                "--weights",
                TINY_T.resolve("model.pth").toString(),
                "--intra-op-threads",
                "1",
                "--output",
                out.toString());

        assertThat(rc).as(err.toString()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var lines = Files.readAllLines(out);
        assertThat(lines).hasSize(3);
        for (String line : lines) {
            var frame = json.readTree(line);
            assertThat(frame.get("boxes").asText()).as(line).isEqualTo("whole_frame");
            assertThat(frame.get("persons")).as(line).hasSize(1);
            var person = frame.get("persons").get(0);
            assertThat(person.get("box").get(0).asDouble()).isZero();
            assertThat(person.get("box").get(1).asDouble()).isZero();
            assertThat(person.get("keypoints")).hasSize(17);
        }
    }

    @Test
    void shouldExportASavedModel() {
        Path dir = tmp.resolve("saved");
        int rc = run(
                "export",
                "--config",
                TINY_T.resolve("config.yaml").toString(),
                "--weights",
                TINY_T.resolve("model.pth").toString(),
                "--output",
                dir.toString());
        assertThat(rc).as(err.toString()).isZero();
        assertThat(dir.resolve("saved_model.pb")).exists();
    }

    @Test
    void shouldReportAMissingFileInOneLine() {
        int rc = run(
                "heatmaps",
                "--config",
                TINY_T.resolve("config.yaml").toString(),
                "--weights",
                tmp.resolve("missing.pth").toString(),
                "--input",
                TINY_T.resolve("input.npy").toString(),
                "--output",
                tmp.resolve("y.npy").toString());
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo("tokenpose heatmaps: file not found: " + tmp.resolve("missing.pth"));
    }

    @Test
    void shouldReportAnInputOfTheWrongSize() {
        int rc = run(
                "heatmaps",
                "--config",
                TINY_S.resolve("config.yaml").toString(),
                "--weights",
                TINY_S.resolve("model.pth").toString(),
                "--input",
                TINY_T.resolve("input.npy").toString(),
                "--output",
                tmp.resolve("y.npy").toString());
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString())
                .contains("float32 [2, 3, 64, 48]", "needs float32 [N, 3, 80, 48]")
                .doesNotContain("\tat ");
    }

    @Test
    void shouldNameTheKeysOfAMismatchedCheckpoint() {
        int rc = run(
                "heatmaps",
                "--config",
                TINY_S.resolve("config.yaml").toString(),
                "--weights",
                TINY_T.resolve("model.pth").toString(),
                "--input",
                TINY_S.resolve("input.npy").toString(),
                "--output",
                tmp.resolve("y.npy").toString());
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString())
                .contains("missing keys", "features.conv1.weight", "unexpected keys", "transformer.keypoint_token")
                .doesNotContain("\tat ");
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void shouldRejectBadYamlAndUnknownVariants() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "MODEL: [unclosed\n");
        String[] base = {
            "--weights",
            TINY_T.resolve("model.pth").toString(),
            "--input",
            TINY_T.resolve("input.npy").toString(),
            "--output",
            tmp.resolve("y.npy").toString()
        };

        assertThat(run(concat(new String[] {"heatmaps", "--config", bad.toString()}, base)))
                .isEqualTo(1);
        assertThat(err.toString()).contains("is not valid YAML");
        assertThat(run(concat(new String[] {"heatmaps", "--config", "S-v9"}, base)))
                .isEqualTo(1);
        assertThat(err.toString()).contains("config file not found: S-v9");
    }

    @Test
    void shouldRejectUnknownOptionsAsUsageErrors() {
        assertThat(run(
                        "heatmaps",
                        "--config",
                        "T",
                        "--weights",
                        "w.pth",
                        "--input",
                        "x.npy",
                        "--output",
                        "y.npy",
                        "--bogus"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'", "see 'tokenpose heatmaps --help'");
        assertThat(run("heatmaps")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required options");
    }

    @Test
    void everySubcommandAnswersHelpAndVersionEvenWithRequiredOptions() {
        var subcommands =
                new picocli.CommandLine(new TokenPoseCli()).getSubcommands().keySet();
        assertThat(subcommands).contains("video", "teacher", "train", "distill", "eval", "agreement");
        for (String name : subcommands) {
            if (name.equals("help")) {
                continue;
            }
            java.io.PrintStream stdout = System.out;
            java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
            System.setOut(new java.io.PrintStream(captured, true));
            try {
                assertThat(run(name, "--help")).as(name + " --help").isZero();
                assertThat(run(name, "--version")).as(name + " --version").isZero();
            } finally {
                System.setOut(stdout);
            }
            assertThat(captured.toString()).as(name).contains("Usage: tokenpose " + name, "tokenpose ");
        }
        assertThat(err.toString()).doesNotContain("Missing required");
    }

    @Test
    void shouldRejectMalformedBoxes() {
        int rc = run(
                "crop",
                "--image",
                "whatever.png",
                "--boxes",
                "1,2,3",
                "--height",
                "8",
                "--width",
                "8",
                "--output",
                tmp.resolve("x.npy").toString());
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).contains("box '1,2,3' must be x,y,w,h");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void shouldEndTheBenchWithItsBenchLineAndReportWhatAModelCopyHolds() throws Exception {
        Path json = tmp.resolve("bench.json");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        int rc;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            rc = run(
                    "bench",
                    "--variants",
                    "T",
                    "--batches",
                    "1,2",
                    "--seconds",
                    "0.3",
                    "--model-copies",
                    "2",
                    "--json",
                    json.toString());
        } finally {
            System.setOut(stdout);
        }

        assertThat(rc).as(err.toString()).isZero();
        java.util.List<String> lines = out.toString(java.nio.charset.StandardCharsets.UTF_8)
                .strip()
                .lines()
                .toList();
        // Only the format: both rates are timed on a shared machine, so the ratio (below 1 when
        // undisturbed) may land on either side of 1.
        assertThat(lines.get(lines.size() - 1))
                .matches(
                        "BENCH variant=T best_batch=[12] crops_per_s=\\d+\\.\\d\\d roofline_ratio=\\d+\\.\\d{3} batch1_ratio=\\d+\\.\\d\\d");
        assertThat(lines).anyMatch(l -> l.startsWith("memory T: resident MB outside the Java heap after 1..2 copies"));
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertThat(report.get("points")).hasSize(2);
        assertThat(report.get("residentMegabytesAfterCopies").get("T")).hasSize(2);
        assertThat(report.get("rooflineGflops").asDouble()).isPositive();
    }

    @Test
    void shouldNameTheCpuAndProfileWhereACallsTimeGoesByOpGroup() throws Exception {
        Path json = tmp.resolve("bench.json");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        int rc;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            rc = run(
                    "bench",
                    "--variants",
                    "T",
                    "--batches",
                    "1",
                    "--seconds",
                    "0.2",
                    "--profile",
                    "--json",
                    json.toString());
        } finally {
            System.setOut(stdout);
        }

        assertThat(rc).as(err.toString()).isZero();
        java.util.List<String> lines = out.toString(java.nio.charset.StandardCharsets.UTF_8)
                .strip()
                .lines()
                .toList();
        String model = dev.tokenpose.tf.CpuDescription.current().model();
        assertThat(lines.get(0))
                .startsWith("cpu: " + model + ", ")
                .contains("TensorFlow ")
                .containsPattern("oneDNN (on|off)$");
        assertThat(lines)
                .anyMatch(
                        l -> l.matches(
                                "profile T batch 1: 3 traced calls, per call \\d+\\.\\d ms wall and \\d+\\.\\d ms summed over ops.*"));
        assertThat(lines)
                .anyMatch(l -> l.matches("  MatMul/BatchMatMul +\\d+\\.\\d\\d +[01]\\.\\d{3} +\\d+\\.\\d  \\S.*"));
        // T has no convolutions: no time, no rate.
        assertThat(lines).anyMatch(l -> l.matches("  Conv2D +0\\.00 +0\\.000 +-  -"));
        assertThat(lines.get(lines.size() - 1)).startsWith("BENCH variant=T best_batch=1 ");

        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertThat(report.get("cpu").get("model").asText()).isEqualTo(model);
        assertThat(report.get("cpu").get("flags").isArray()).isTrue();
        var profile = report.get("profiles").get(0);
        assertThat(profile.get("variant").asText()).isEqualTo("T");
        assertThat(profile.get("profile").get("rows")).hasSize(dev.tokenpose.bench.OpGroup.values().length);
        assertThat(profile.get("profile").get("rows").get(0).get("group").asText())
                .isEqualTo("MATMUL");
        assertThat(profile.get("profile").get("rows").get(0).get("gflops").asDouble())
                .isPositive();
        assertThat(profile.get("profile").get("rows").get(1).get("gflops").isNull())
                .isTrue();
    }
}
