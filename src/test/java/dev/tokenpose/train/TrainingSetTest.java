package dev.tokenpose.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.teacher.TeacherLabel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSetTest {

    private static TeacherLabel label(String source, long frame, float score) {
        float[] kp = new float[51];
        for (int j = 0; j < 17; j++) {
            kp[3 * j + 2] = score;
        }
        return new TeacherLabel(source + "_" + frame + ".jpg", source, frame, new double[] {0, 0, 10, 20}, 1, kp, "t");
    }

    @Test
    void holdsBackTheEndOfEachClipAndDropsPersonsTheTeacherBarelySees(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (int f = 0; f <= 100; f++) {
            lines.add(json.writeValueAsString(label("a", f, 0.9f)));
        }
        for (int f = 0; f <= 50; f += 2) {
            lines.add(json.writeValueAsString(label("b", f, 0.9f)));
        }
        lines.add(json.writeValueAsString(label("a", 3, 0.1f)));
        Files.write(dir.resolve("x.jsonl"), lines);
        TrainingSet set = TrainingSet.load(dir);
        // Clip a: frames 0..100, the last 12 % are 88..100 (13 frames); clip b: frames 0..50, 44..50 (4).
        assertThat(set.validation()).hasSize(17);
        assertThat(set.validation()).allMatch(l -> l.source().equals("a") ? l.frame() >= 88 : l.frame() >= 44);
        assertThat(set.train()).hasSize(101 + 26 - 17);
        assertThat(set.train()).noneMatch(l -> l.keypoints()[2] < 0.25f);
    }

    @Test
    void aFolderWithoutLabelsIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> TrainingSet.load(dir))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no *.jsonl");
        assertThatThrownBy(() -> TrainingSet.load(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
    }
}
