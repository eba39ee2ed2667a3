package dev.tokenpose.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CenterScaleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pipelineBoxesGiveTheManifestCentersAndScales() throws IOException {
        Path dir = Fixtures.folder("pipeline-seed4").orElseThrow();
        for (JsonNode crop :
                JSON.readTree(dir.resolve("manifest.json").toFile()).get("info").get("crops")) {
            JsonNode b = crop.get("box_xywh");
            CenterScale cs = CenterScale.fromBox(
                    b.get(0).asDouble(),
                    b.get(1).asDouble(),
                    b.get(2).asDouble(),
                    b.get(3).asDouble(),
                    192,
                    256);
            assertMatches(cs, crop.get("center"), crop.get("scale"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-S-seed21", "tiny-T-seed22", "S-v1-seed1", "T-seed2"})
    void modelFixtureBoxesGiveTheirCentersAndScalesForTheModelAspectRatio(String name) throws IOException {
        Optional<Path> dir = Fixtures.folder(name);
        assumeTrue(dir.isPresent(), name + " not available");
        JsonNode manifest = JSON.readTree(dir.get().resolve("manifest.json").toFile());
        JsonNode inputShape = manifest.get("input_shape");
        int height = inputShape.get(2).asInt();
        int width = inputShape.get(3).asInt();
        JsonNode pp = manifest.get("extra").get("postprocess");
        for (int i = 0; i < pp.get("boxes_xywh").size(); i++) {
            JsonNode b = pp.get("boxes_xywh").get(i);
            CenterScale cs = CenterScale.fromBox(
                    b.get(0).asDouble(),
                    b.get(1).asDouble(),
                    b.get(2).asDouble(),
                    b.get(3).asDouble(),
                    width,
                    height);
            assertMatches(cs, pp.get("centers").get(i), pp.get("scales").get(i));
        }
    }

    @Test
    void narrowBoxIsWidenedAndWideBoxIsHeightenedToTheAspectRatio() {
        CenterScale tall = CenterScale.fromBox(0, 0, 100, 400, 192, 256);
        assertThat(tall.scaleX() / tall.scaleY()).isCloseTo(0.75f, within(1e-6f));
        assertThat(tall.scaleY()).isEqualTo(400 / 200f * 1.25f);

        CenterScale wide = CenterScale.fromBox(0, 0, 300, 100, 192, 256);
        assertThat(wide.scaleX()).isEqualTo(300 / 200f * 1.25f);
        assertThat(wide.scaleX() / wide.scaleY()).isCloseTo(0.75f, within(1e-6f));
    }

    @Test
    void centerUsesTheInclusivePixelConvention() {
        CenterScale cs = CenterScale.fromBox(10, 20, 30, 40, 192, 256);
        assertThat(cs.centerX()).isEqualTo(10 + 29 / 2f);
        assertThat(cs.centerY()).isEqualTo(20 + 39 / 2f);
    }

    @Test
    void scaleProductIsRoundedInFloat32LikeTheOfficialArrays() {
        // 400/0.75/200 = 2.666… rounds to float32 first; ×1.25 in float32 gives 3.3333335, not 3.3333333.
        CenterScale cs = CenterScale.fromBox(15.5, 100.25, 400, 220, 192, 256);
        assertThat(cs.scaleY()).isEqualTo(3.3333335f);
    }

    @Test
    void nonPositiveModelSizeIsRejected() {
        assertThatThrownBy(() -> CenterScale.fromBox(0, 0, 1, 1, 0, 256)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertMatches(CenterScale cs, JsonNode center, JsonNode scale) {
        assertThat((double) cs.centerX())
                .isCloseTo(
                        center.get(0).asDouble(),
                        within(1e-6 * Math.abs(center.get(0).asDouble())));
        assertThat((double) cs.centerY())
                .isCloseTo(
                        center.get(1).asDouble(),
                        within(1e-6 * Math.abs(center.get(1).asDouble())));
        assertThat((double) cs.scaleX())
                .isCloseTo(
                        scale.get(0).asDouble(),
                        within(1e-6 * Math.abs(scale.get(0).asDouble())));
        assertThat((double) cs.scaleY())
                .isCloseTo(
                        scale.get(1).asDouble(),
                        within(1e-6 * Math.abs(scale.get(1).asDouble())));
    }
}
