package dev.tokenpose.tf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.ModelConfigs;
import dev.tokenpose.model.RandomWeights;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every released variant builds at full size, has exactly the official state-dict entries and
 * parameter count (spec §1.1 and §5; BatchNorm's num_batches_tracked is not read), and runs a
 * batch of any size.
 */
class PresetGraphTest {

    static Stream<Arguments> presets() {
        // variant, state-dict entries without num_batches_tracked, parameters (incl. the sine table),
        // GMAC per crop as the specification measured them on the official model (spec §1.1)
        return Stream.of(
                Arguments.of("T", 144, 5_865_600L, 1.601),
                Arguments.of("S-v1", 234 - 15, 6_669_888L, 2.726),
                Arguments.of("S-v2", 234 - 15, 6_374_976L, 7.487),
                Arguments.of("B", 1074 - 155, 13_514_368L, 6.276),
                Arguments.of("L-D24", 1202 - 155, 27_531_552L, 12.193),
                Arguments.of("L-D24-384x288", 1202 - 155, 29_863_968L, 24.010),
                Arguments.of("L-D6-MPII", 1004 - 155, 21_492_448L, 12.891));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void shouldBuildWithTheOfficialEntriesParametersAndCompute(
            String variant, int entries, long parameters, double gmac) {
        ModelConfig c = ModelConfigs.preset(variant);
        RandomWeights weights = new RandomWeights(c, 7);
        try (TfHeatmapModel model = TfHeatmapModel.create(c, weights, variant + "@random", TfSessionSettings.DEFAULT)) {
            assertThat(weights.entries()).isEqualTo(entries);
            assertThat(weights.parameters()).isEqualTo(parameters);
            assertThat(model.macsPerCrop() / 1e9).isCloseTo(gmac, org.assertj.core.data.Offset.offset(0.0005));

            int batch = 3;
            float[] input = new SplittableRandom(1)
                    .doubles(batch * 3L * c.imageHeight() * c.imageWidth())
                    .collect(
                            () -> new FloatCollector(batch * 3 * c.imageHeight() * c.imageWidth()),
                            FloatCollector::add,
                            (a, b) -> {})
                    .values;
            float[] heatmaps = model.heatmaps(input, batch);

            assertThat(heatmaps).hasSize(batch * c.numJoints() * c.heatmapHeight() * c.heatmapWidth());
            for (float v : heatmaps) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }

    private static final class FloatCollector {
        final float[] values;
        int n;

        FloatCollector(int size) {
            values = new float[size];
        }

        void add(double v) {
            values[n++] = (float) (v * 2 - 1);
        }
    }
}
