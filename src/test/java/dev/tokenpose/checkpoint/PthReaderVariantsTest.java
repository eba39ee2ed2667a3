package dev.tokenpose.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.razorvine.pickle.Pickler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The variants written by {@code fixtures/checkpoints/make_variants.py} from the tiny-T model. */
class PthReaderVariantsTest {

    private static final Path DIR = Fixtures.bundled().resolveSibling("checkpoints");
    private static StateDict reference;

    @BeforeAll
    static void readReference() throws CheckpointException {
        reference = PthReader.read(Fixtures.bundled().resolve("tiny-T-seed22").resolve("model.pth"));
    }

    private static void assertSameTensors(StateDict actual, StateDict expected) {
        assertThat(actual.keys()).containsExactlyElementsOf(expected.keys());
        for (String key : expected.keys()) {
            TensorData a = actual.get(key);
            TensorData e = expected.get(key);
            assertThat(a.dtype()).as(key).isEqualTo(e.dtype());
            assertThat(a.shape()).as(key).containsExactly(e.shape());
            if (e.isFloatingPoint()) {
                assertThat(a.floats()).as(key).containsExactly(e.floats());
            } else {
                assertThat(a.longs()).as(key).containsExactly(e.longs());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tiny-T-legacy.pth", "tiny-T-checkpoint.pth", "tiny-T-checkpoint-legacy.pth"})
    void shouldReadTheSameTensorsFromEveryVariant(String name) throws Exception {
        StateDict sd = PthReader.read(DIR.resolve(name));

        assertSameTensors(sd, reference);
        assertThat(sd.source()).isEqualTo(name);
    }

    @Test
    void shouldStripTheDataParallelPrefixFromATrainingCheckpoint() throws Exception {
        StateDict sd = PthReader.read(DIR.resolve("tiny-T-checkpoint.pth"));

        assertThat(sd.keys()).noneMatch(k -> k.startsWith("module."));
        assertThat(sd.keys()).allMatch(k -> k.startsWith("transformer."));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"views.pth", "views-legacy.pth"})
    void shouldCopyViewsScalarsAndEveryDtypeInCOrder(String name) throws Exception {
        JsonNode expected =
                new ObjectMapper().readTree(DIR.resolve("views-expected.json").toFile());
        StateDict sd = PthReader.read(DIR.resolve(name));

        assertThat(sd.keys())
                .containsExactlyElementsOf(
                        expected.properties().stream().map(Map.Entry::getKey).toList());
        for (Map.Entry<String, JsonNode> e : expected.properties()) {
            String key = e.getKey();
            JsonNode spec = e.getValue();
            TensorData t = sd.get(key);
            long[] shape = new long[spec.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = spec.get("shape").get(i).asLong();
            }
            assertThat(t.dtype()).as(key).isEqualTo(spec.get("dtype").asText());
            assertThat(t.shape()).as(key).containsExactly(shape);
            JsonNode values = spec.get("values");
            if (t.isFloatingPoint()) {
                float[] want = new float[values.size()];
                for (int i = 0; i < want.length; i++) {
                    want[i] = parseFloat(values.get(i).asText());
                }
                assertThat(t.floats()).as(key).containsExactly(want);
            } else {
                long[] want = new long[values.size()];
                for (int i = 0; i < want.length; i++) {
                    want[i] = Long.parseLong(values.get(i).asText());
                }
                assertThat(t.longs()).as(key).containsExactly(want);
            }
        }
    }

    private static float parseFloat(String python) {
        return switch (python) {
            case "inf" -> Float.POSITIVE_INFINITY;
            case "-inf" -> Float.NEGATIVE_INFINITY;
            case "nan" -> Float.NaN;
            default -> (float) Double.parseDouble(python);
        };
    }

    @Test
    void shouldReadBothFormatsOfTheViewsIdentically() throws Exception {
        assertSameTensors(PthReader.read(DIR.resolve("views-legacy.pth")), PthReader.read(DIR.resolve("views.pth")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"views-truncated.pth", "views-legacy-truncated.pth"})
    void shouldReportATruncatedFile(String name) {
        assertThatThrownBy(() -> PthReader.read(DIR.resolve(name)))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(name)
                .hasMessageContaining("truncated");
    }

    @ParameterizedTest(name = "{0} cut short by {1} bytes")
    @CsvSource({"tiny-T-legacy.pth, 1", "tiny-T-legacy.pth, 5000", "tiny-T-checkpoint.pth, 100"})
    void shouldReportAFileThatEndsInsideItsData(String name, int cut, @TempDir Path tmp) throws IOException {
        byte[] bytes = Files.readAllBytes(DIR.resolve(name));
        Path file = tmp.resolve("cut-" + name);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - cut));

        assertThatThrownBy(() -> PthReader.read(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void shouldRejectAFileThatIsNotACheckpoint(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("notes.pth");
        Files.writeString(file, "these are not the weights you are looking for\n");

        assertThatThrownBy(() -> PthReader.read(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("Checkpoint " + file + " is not a PyTorch checkpoint "
                        + "(it is neither a zip archive nor a pickle stream).");
    }

    @Test
    void shouldRejectAPickleThatIsNotACheckpoint(@TempDir Path tmp) throws IOException {
        Path file = Files.write(tmp.resolve("plain.pkl"), new Pickler().dumps(Map.of("a", 1)));

        assertThatThrownBy(() -> PthReader.read(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("plain.pkl is a pickle stream but not a PyTorch checkpoint");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tiny-T-checkpoint.pth", "tiny-T-checkpoint-legacy.pth"})
    void shouldSkipOptimizerStateAndUnknownObjectsOutsideTheStateDict(String name) throws Exception {
        // Besides the weights, these hold Adam state, a complex tensor and an instance of a
        // class defined in the generator script.
        StateDict sd = PthReader.read(DIR.resolve(name));

        assertThat(sd.size()).isEqualTo(reference.size());
    }

    @Test
    void shouldRejectAMissingOrEmptyFile(@TempDir Path tmp) throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.pth"));

        assertThatThrownBy(() -> PthReader.read(tmp.resolve("absent.pth")))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("absent.pth does not exist");
        assertThatThrownBy(() -> PthReader.read(empty))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("empty.pth is empty");
    }

    @Test
    void shouldRejectAVeryOldTarCheckpoint(@TempDir Path tmp) throws IOException {
        byte[] header = new byte[1024];
        byte[] name = "sys_info".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, header, 0, name.length);
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 5);
        Path file = Files.write(tmp.resolve("old.pth"), header);

        assertThatThrownBy(() -> PthReader.read(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("tar archive");
    }

    @Test
    void shouldRejectAZipWithoutDataPkl(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("other.zip");
        try (var zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("top/readme.txt"));
            zip.write(1);
            zip.closeEntry();
        }

        assertThatThrownBy(() -> PthReader.read(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("without a data.pkl");
    }

    @Test
    void shouldReportThatNoStateDictWasFound() {
        assertThatThrownBy(() -> PthReader.read(DIR.resolve("no-state-dict.pth")))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("no-state-dict.pth holds no state dict")
                .hasMessageContaining("[epoch, perf, model]");
    }

    @Test
    void shouldReportATorchScriptArchive() {
        assertThatThrownBy(() -> PthReader.read(DIR.resolve("torchscript.pth")))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("TorchScript");
    }

    @Test
    void shouldRejectAnUnsupportedStorageTypeInTheStateDict() {
        assertThatThrownBy(() -> PthReader.read(DIR.resolve("complex-state-dict.pth")))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("'phase'")
                .hasMessageContaining("torch.ComplexFloatStorage")
                .hasMessageContaining("not supported");
    }

    @Test
    void shouldKeepFixturesSmall() throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path p : files.toList()) {
                total += Files.size(p);
            }
        }
        assertThat(total).isLessThan(1 << 20);
    }
}
