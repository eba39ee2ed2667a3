package dev.tokenpose.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.io.NpyArray;
import dev.tokenpose.testing.Arrays2;
import dev.tokenpose.testing.Fixtures;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SinePositionTableTest {

    static Stream<Path> folders() {
        return Fixtures.modelFolders().stream();
    }

    @ParameterizedTest
    @MethodSource("folders")
    void shouldMatchTheTableTheOfficialModelComputes(Path folder) throws Exception {
        ModelConfig c = ModelConfigs.fromYaml(folder.resolve("config.yaml"));
        NpyArray expected = NpyArray.read(folder.resolve("pos_embedding_sine.npy"));

        float[] table = SinePositionTable.create(c.gridHeight(), c.gridWidth(), c.dim());

        assertThat(expected.shape()).containsExactly(1, c.numPatches(), c.dim());
        assertThat(Arrays2.maxAbsDiff(table, expected.floats())).isLessThanOrEqualTo(1e-5);
    }
}
