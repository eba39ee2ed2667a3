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
        // variant, state-dict entries without num_batches_tracked, parameters (incl. the sine table)
        return Stream.of(
                Arguments.of("T", 144, 5_865_600L),
                Arguments.of("S-v1", 234 - 15, 6_669_888L),
                Arguments.of("S-v2", 234 - 15, 6_374_976L),
                Arguments.of("B", 1074 - 155, 13_514_368L),
                Arguments.of("L-D24", 1202 - 155, 27_531_552L),
                Arguments.of("L-D24-384x288", 1202 - 155, 29_863_968L),
                Arguments.of("L-D6-MPII", 1004 - 155, 21_492_448L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void shouldBuildWithTheOfficialEntriesAndParameters(String variant, int entries, long parameters) {
        ModelConfig c = ModelConfigs.preset(variant);
        RandomWeights weights = new RandomWeights(c, 7);
        try (TfHeatmapModel model = TfHeatmapModel.create(c, weights, variant + "@random", TfThreads.DEFAULT)) {
            assertThat(weights.entries()).isEqualTo(entries);
            assertThat(weights.parameters()).isEqualTo(parameters);

            int batch = 3;
            float[] input = new SplittableRandom(1).doubles(batch * 3L * c.imageHeight() * c.imageWidth())
                    .collect(() -> new FloatCollector(batch * 3 * c.imageHeight() * c.imageWidth()),
                            FloatCollector::add, (a, b) -> {}).values;
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
