package dev.tokenpose.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.model.InitialWeights;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.teacher.TeacherLabel;
import dev.tokenpose.teacher.TeacherLabels;
import dev.tokenpose.testing.Fixtures;
import dev.tokenpose.tf.TfSessionSettings;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole (tiny) training run: stopped by its time budget, resumed, finished, its files written. */
class StudentTrainerTest {

    @Test
    void trainsStopsResumesAndWritesTheRunsFiles(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        SplittableRandom r = new SplittableRandom(2);
        try (BufferedWriter w = Files.newBufferedWriter(data.resolve("labels.jsonl"))) {
            for (int f = 0; f < 20; f++) {
                BufferedImage img = new BufferedImage(120, 160, BufferedImage.TYPE_3BYTE_BGR);
                for (int y = 0; y < 160; y++) {
                    for (int x = 0; x < 120; x++) {
                        img.setRGB(x, y, r.nextInt(1 << 24));
                    }
                }
                String name = "frame" + f + ".png";
                ImageIO.write(img, "png", data.resolve(name).toFile());
                float[] kp = new float[51];
                for (int j = 0; j < 17; j++) {
                    kp[3 * j] = 40 + 2 * j;
                    kp[3 * j + 1] = 30 + 6 * j;
                    kp[3 * j + 2] = 0.8f;
                }
                TeacherLabels.write(w, new TeacherLabel(name, "clip", f, new double[] {30, 20, 60, 120}, 0.9, kp, "t"));
            }
        }
        ModelConfig c = ModelConfigs.fromYaml(
                Fixtures.bundled().resolve("tiny-T-seed22").resolve("config.yaml"));
        TrainingSet set = TrainingSet.load(data);
        Path out = dir.resolve("run");
        // A 20-second schedule: the first run stops once its 2 s are spent (its first step alone may take
        // that long), the second finishes the schedule.
        var first = new StudentTrainer.Settings(
                c,
                null,
                out,
                new InitialWeights(c, 1),
                4,
                new LearningRate(1e-3, 5, 0.01),
                20 / 3600.0,
                2 / 3600.0,
                1,
                0.02,
                1000,
                Augmentation.Settings.DEFAULT,
                TfSessionSettings.DEFAULT);
        List<String> status = new ArrayList<>();
        var a = StudentTrainer.run(first, set, status::add);
        assertThat(a.steps()).isPositive();
        assertThat(a.trainingHours() * 3600).isBetween(2.0, 19.9);
        var second = new StudentTrainer.Settings(
                c,
                null,
                out,
                new InitialWeights(c, 99),
                4,
                new LearningRate(1e-3, 5, 0.01),
                20 / 3600.0,
                0,
                1,
                0.02,
                1000,
                Augmentation.Settings.DEFAULT,
                TfSessionSettings.DEFAULT);
        var b = StudentTrainer.run(second, set, status::add);
        assertThat(b.steps()).isGreaterThan(a.steps());
        assertThat(b.trainingHours() * 3600).isGreaterThanOrEqualTo(20.0);
        assertThat(status).hasSize(2).allMatch(s -> s.startsWith("VALIDATION step="));
        assertThat(b.validation().persons()).isEqualTo(set.validation().size()).isPositive();
        for (String f : List.of(
                StudentTrainer.MODEL,
                StudentTrainer.LOSS_LOG,
                StudentTrainer.VALIDATION_LOG,
                StudentTrainer.CHART,
                StudentTrainer.VALIDATION_LABELS,
                StudentTrainer.PROGRESS)) {
            assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(new ObjectMapper()
                        .readTree(out.resolve(StudentTrainer.PROGRESS).toFile())
                        .get("steps")
                        .asLong())
                .isEqualTo(b.steps());
        assertThat(TeacherLabels.read(out.resolve(StudentTrainer.VALIDATION_LABELS)))
                .hasSameSizeAs(set.validation())
                .allSatisfy(l -> assertThat(out.resolve(l.image())).exists());
    }
}
