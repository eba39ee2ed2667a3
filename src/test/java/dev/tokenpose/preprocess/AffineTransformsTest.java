package dev.tokenpose.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AffineTransformsTest {

    @Test
    void cropAndHeatmapMatricesMatchTheOfficialOnes() throws IOException {
        Path dir = Fixtures.folder("pipeline-seed4").orElseThrow();
        JsonNode crops = new ObjectMapper()
                .readTree(dir.resolve("manifest.json").toFile())
                .get("info")
                .get("crops");
        double worst = 0;
        for (JsonNode crop : crops) {
            CenterScale cs = new CenterScale(
                    (float) crop.get("center").get(0).asDouble(),
                    (float) crop.get("center").get(1).asDouble(),
                    (float) crop.get("scale").get(0).asDouble(),
                    (float) crop.get("scale").get(1).asDouble());
            worst = Math.max(worst, relativeError(AffineTransforms.crop(cs, 192, 256), crop.get("crop_affine_2x3")));
            worst = Math.max(
                    worst,
                    relativeError(
                            AffineTransforms.heatmapToImage(cs, 48, 64), crop.get("heatmap_to_image_affine_2x3")));
        }
        assertThat(worst).as("worst relative matrix error").isLessThanOrEqualTo(1e-5);
    }

    @Test
    void rotationZeroGivesTheClosedFormIsotropicMatrix() {
        CenterScale cs = new CenterScale(264.5f, 224.5f, 1.546875f, 2.0625f);
        double a = (192 - 1) / (cs.scaleX() * 200.0 - 1);
        AffineMatrix m = AffineTransforms.crop(cs, 192, 256);
        assertThat(m.m00()).isCloseTo(a, within(1e-12));
        assertThat(m.m11()).isCloseTo(a, within(1e-12));
        assertThat(m.m01()).isCloseTo(0, within(1e-12));
        assertThat(m.m10()).isCloseTo(0, within(1e-12));
        assertThat(m.m02()).isCloseTo((192 - 1) / 2.0 - a * cs.centerX(), within(1e-9));
        assertThat(m.m12()).isCloseTo((256 - 1) / 2.0 - a * cs.centerY(), within(1e-9));
    }

    @Test
    void boxCenterMapsToTheOutputCenterAndBack() {
        CenterScale cs = new CenterScale(300.25f, 120.5f, 1.1f, 1.7f);
        AffineMatrix forward = AffineTransforms.imageToOutput(cs, 0, 48, 64);
        assertThat(forward.applyX(cs.centerX(), cs.centerY())).isCloseTo(23.5, within(1e-9));
        assertThat(forward.applyY(cs.centerX(), cs.centerY())).isCloseTo(31.5, within(1e-9));
        AffineMatrix back = AffineTransforms.outputToImage(cs, 0, 48, 64);
        assertThat(back.applyX(23.5, 31.5)).isCloseTo(cs.centerX(), within(1e-9));
        assertThat(back.applyY(23.5, 31.5)).isCloseTo(cs.centerY(), within(1e-9));
    }

    @Test
    void rotationTurnsTheBoxAboutItsCenter() {
        CenterScale cs = new CenterScale(100f, 100f, 1f, 1f);
        AffineMatrix m = AffineTransforms.imageToOutput(cs, 90, 200, 200);
        // With s·200 = 200 the scale is 1; the point 50 px above the center lands 50 px left of it.
        assertThat(m.applyX(100, 50)).isCloseTo(49.5, within(1e-4));
        assertThat(m.applyY(100, 50)).isCloseTo(99.5, within(1e-4));
    }

    @Test
    void inverseUndoesForwardForAnyRotation() {
        CenterScale cs = new CenterScale(210f, 140f, 1.3f, 1.7f);
        AffineMatrix f = AffineTransforms.imageToOutput(cs, 37.5, 192, 256);
        AffineMatrix b = AffineTransforms.outputToImage(cs, 37.5, 192, 256);
        double x = f.applyX(180, 170);
        double y = f.applyY(180, 170);
        assertThat(b.applyX(x, y)).isCloseTo(180, within(1e-3));
        assertThat(b.applyY(x, y)).isCloseTo(170, within(1e-3));
    }

    @Test
    void collinearPointsAreRejected() {
        assertThatThrownBy(() ->
                        AffineTransforms.fromPoints(new float[] {0, 0, 1, 1, 2, 2}, new float[] {0, 0, 1, 0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double relativeError(AffineMatrix m, JsonNode ref) {
        double[] got = m.toArray();
        double worst = 0;
        for (int i = 0; i < 6; i++) {
            double r = ref.get(i / 3).get(i % 3).asDouble();
            worst = Math.max(worst, Math.abs(got[i] - r) / Math.max(1, Math.abs(r)));
        }
        return worst;
    }
}
