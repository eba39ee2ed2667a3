package dev.tokenpose.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.CropExtractor;
import dev.tokenpose.train.PoseAgreement;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled MoveNet teachers on the tallest pedestrian of a hand-labelled frame of vtest.avi. */
class MoveNetTest {

    private static MoveNet thunder;
    private static MoveNet lightning;
    private static BgrImage frame;
    private static double[] box;

    @BeforeAll
    static void open() throws Exception {
        thunder = MoveNet.openBundled(MoveNet.Variant.THUNDER, 0);
        lightning = MoveNet.openBundled(MoveNet.Variant.LIGHTNING, 0);
        frame = CropExtractor.load(Path.of("test", "resources", "detection", "vtest-600.jpg"));
        try (InputStream in = MoveNetTest.class.getResourceAsStream("/detection/labels.json")) {
            for (JsonNode f : new ObjectMapper().readTree(in).get("frames")) {
                if (f.get("file").asText().equals("vtest-600.jpg")) {
                    for (JsonNode p : f.get("persons")) {
                        JsonNode b = p.get("box");
                        if (box == null || b.get(3).asDouble() > box[3]) {
                            box = new double[] {
                                b.get(0).asDouble(),
                                b.get(1).asDouble(),
                                b.get(2).asDouble(),
                                b.get(3).asDouble()
                            };
                        }
                    }
                }
            }
        }
    }

    @AfterAll
    static void close() {
        thunder.close();
        lightning.close();
    }

    @Test
    void thunderPlacesAnUprightSkeletonInsideTheBox() {
        float[] kp = thunder.estimate(frame, box[0], box[1], box[2], box[3]);
        int sure = 0;
        for (int j = 0; j < MoveNet.JOINTS; j++) {
            if (kp[3 * j + 2] >= 0.3) {
                sure++;
                assertThat((double) kp[3 * j])
                        .as("joint %d x", j)
                        .isBetween(box[0] - 0.15 * box[2], box[0] + 1.15 * box[2]);
                assertThat((double) kp[3 * j + 1])
                        .as("joint %d y", j)
                        .isBetween(box[1] - 0.1 * box[3], box[1] + 1.1 * box[3]);
            }
        }
        assertThat(sure).as("joints scored >= 0.3").isGreaterThanOrEqualTo(10);
        // Head above shoulders above hips above ankles: catches swapped x/y and mirrored crops.
        double head = kp[1];
        double shoulders = (kp[3 * 5 + 1] + kp[3 * 6 + 1]) / 2;
        double hips = (kp[3 * 11 + 1] + kp[3 * 12 + 1]) / 2;
        double ankles = (kp[3 * 15 + 1] + kp[3 * 16 + 1]) / 2;
        assertThat(head).isLessThan(shoulders);
        assertThat(shoulders).isLessThan(hips);
        assertThat(hips).isLessThan(ankles);
    }

    @Test
    void lightningAgreesWithThunder() {
        float[] t = thunder.estimate(frame, box[0], box[1], box[2], box[3]);
        float[] l = lightning.estimate(frame, box[0], box[1], box[2], box[3]);
        assertThat(PoseAgreement.oks(l, t, 0.3, box[2] * box[3])).isGreaterThan(0.7);
    }

    @Test
    void aCropOfTheWrongSizeIsRejected() {
        assertThatThrownBy(() -> thunder.estimateCrop(new byte[192 * 192 * 3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256x256x3");
    }
}
