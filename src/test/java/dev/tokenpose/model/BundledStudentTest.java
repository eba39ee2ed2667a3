package dev.tokenpose.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.ModelSpec;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.CropExtractor;
import dev.tokenpose.teacher.MoveNet;
import dev.tokenpose.teacher.TeacherLabel;
import dev.tokenpose.tf.TfHeatmapModel;
import dev.tokenpose.tf.TokenPoseModels;
import dev.tokenpose.train.TeacherAgreement;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped student is on the class path, is what every command opens by default, and has
 * learned: on the labelled vtest frames (footage it was trained on: this checks the shipped
 * weights, not how they generalise, which the model card measures) it agrees with its teacher
 * far beyond what untrained weights of the same shape reach.
 */
class BundledStudentTest {

    private static final List<TeacherLabel> LABELS = new ArrayList<>();
    private static final Map<String, BgrImage> IMAGES = new HashMap<>();

    @BeforeAll
    static void labelWithTheTeacher() throws IOException, URISyntaxException {
        JsonNode frames;
        try (InputStream in = BundledStudentTest.class.getResourceAsStream("/detection/labels.json")) {
            frames = new ObjectMapper().readTree(in).get("frames");
        }
        Path dir = Path.of(BundledStudentTest.class
                        .getResource("/detection/labels.json")
                        .toURI())
                .getParent();
        try (MoveNet thunder = MoveNet.openBundled(MoveNet.Variant.THUNDER, 0)) {
            for (JsonNode f : frames) {
                String file = f.get("file").asText();
                if (!file.startsWith("vtest")) {
                    continue;
                }
                BgrImage image = CropExtractor.load(dir.resolve(file));
                IMAGES.put(file, image);
                for (JsonNode p : f.get("persons")) {
                    if (p.path("ignore").asBoolean(false)) {
                        continue;
                    }
                    double[] b = {
                        p.get("box").get(0).asDouble(),
                        p.get("box").get(1).asDouble(),
                        p.get("box").get(2).asDouble(),
                        p.get("box").get(3).asDouble()
                    };
                    float[] kp = thunder.estimate(image, b[0], b[1], b[2], b[3]);
                    LABELS.add(new TeacherLabel(file, "vtest", LABELS.size(), b, 1.0, kp, "movenet-thunder"));
                }
            }
        }
    }

    @Test
    void shouldShipAndBeTheDefault() {
        assertThat(BundledStudent.present()).isTrue();
        ModelConfig c = BundledStudent.config();
        assertThat(c.numJoints()).isEqualTo(17);
        assertThat(BundledStudent.weights()).isRegularFile();
        assertThat(ModelConfigs.resolve(BundledStudent.NAME)).isEqualTo(c);
    }

    @Test
    void shouldAgreeWithItsTeacherWhereUntrainedWeightsCannot() throws Exception {
        assertThat(LABELS).hasSizeGreaterThan(20);
        TeacherAgreement.Result student;
        try (TfHeatmapModel m =
                TokenPoseModels.openModel(new ModelSpec(BundledStudent.NAME, BundledStudent.NAME, false, true, 0, 0))) {
            student = TeacherAgreement.measure(LABELS, TeacherAgreement.of(m, l -> IMAGES.get(l.image())));
        }
        TeacherAgreement.Result seeded;
        try (TfHeatmapModel m = TokenPoseModels.openModel(
                new ModelSpec(BundledStudent.NAME, ModelSpec.SEEDED + 1, false, true, 0, 0))) {
            seeded = TeacherAgreement.measure(LABELS, TeacherAgreement.of(m, l -> IMAGES.get(l.image())));
        }
        assertThat(seeded.ap()).isLessThan(0.05);
        assertThat(student.ap())
                .as("student OKS-AP against Thunder; seeded weights %.3f", seeded.ap())
                .isGreaterThan(0.5);
        assertThat(student.pck()).isGreaterThan(0.6);
    }
}
