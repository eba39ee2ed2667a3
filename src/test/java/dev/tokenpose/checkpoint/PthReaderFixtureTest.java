package dev.tokenpose.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.io.NpyArray;
import dev.tokenpose.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PthReaderFixtureTest {

    /** One line of {@code state_dict.txt}: key, dtype and shape such as {@code [1, 17, 32]}. */
    record Entry(String key, String dtype, long[] shape) {}

    static Stream<Path> modelFolders() {
        return Fixtures.modelFolders().stream();
    }

    static List<Entry> listing(Path folder) throws IOException {
        return Files.readAllLines(folder.resolve("state_dict.txt")).stream()
                .filter(line -> !line.isBlank())
                .map(line -> {
                    String[] parts = line.split("\t");
                    String dims = parts[2].substring(1, parts[2].length() - 1).trim();
                    long[] shape = dims.isEmpty()
                            ? new long[0]
                            : Arrays.stream(dims.split(","))
                                    .map(String::trim)
                                    .mapToLong(Long::parseLong)
                                    .toArray();
                    return new Entry(parts[0], parts[1], shape);
                })
                .toList();
    }

    @Test
    void shouldFindBothTinyFixtures() {
        assertThat(Fixtures.folder("tiny-T-seed22")).isPresent();
        assertThat(Fixtures.folder("tiny-S-seed21")).isPresent();
        assertThat(modelFolders()).hasSizeGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelFolders")
    void shouldListEveryStateDictEntryInOrderWithDtypeAndShape(Path folder) throws Exception {
        List<Entry> expected = listing(folder);
        StateDict sd = PthReader.read(folder.resolve("model.pth"));

        assertThat(sd.keys())
                .containsExactlyElementsOf(expected.stream().map(Entry::key).toList());
        for (Entry e : expected) {
            assertThat(sd.dtype(e.key())).as(e.key()).isEqualTo(e.dtype());
            assertThat(sd.shape(e.key())).as(e.key()).containsExactly(e.shape());
            assertThat(sd.get(e.key()).numel())
                    .as(e.key())
                    .isEqualTo(Arrays.stream(e.shape()).reduce(1, (a, b) -> a * b));
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        expected.forEach(e -> shapes.put(e.key(), e.shape()));
        sd.validate(shapes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelFolders")
    void shouldHoldTheKeypointTokensThatEnterTheEncoder(Path folder) throws Exception {
        Path tokensFile = folder.resolve("tokens_in.npy");
        StateDict sd = PthReader.read(folder.resolve("model.pth"));
        String key = sd.keys().stream()
                .filter(k -> k.endsWith("keypoint_token"))
                .findFirst()
                .orElseThrow();
        long[] shape = sd.shape(key);
        int joints = (int) shape[1];
        int dim = (int) shape[2];
        float[] token = sd.floats(key);

        NpyArray tokensIn = NpyArray.read(tokensFile);
        float[] tokens = tokensIn.floats();
        int perSample = tokensIn.dim(1) * tokensIn.dim(2);
        assertThat(tokensIn.dim(2)).isEqualTo(dim);
        for (int sample = 0; sample < tokensIn.dim(0); sample++) {
            float[] head = Arrays.copyOfRange(tokens, sample * perSample, sample * perSample + joints * dim);
            assertThat(head).as("sample %d", sample).containsExactly(token);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelFolders")
    void shouldReadBatchNormCountersAsInt64Scalars(Path folder) throws Exception {
        StateDict sd = PthReader.read(folder.resolve("model.pth"));
        List<String> counters = sd.keys().stream()
                .filter(k -> k.endsWith("num_batches_tracked"))
                .toList();
        for (String key : counters) {
            assertThat(sd.get(key).isFloatingPoint()).isFalse();
            assertThat(sd.longs(key)).hasSize(1);
            assertThat(sd.longs(key)[0]).isNotNegative();
        }
        if (folder.getFileName().toString().matches("(tiny-)?S-.*")) {
            assertThat(counters).isNotEmpty();
        }
    }
}
