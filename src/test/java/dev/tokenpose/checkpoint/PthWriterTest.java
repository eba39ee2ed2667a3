package dev.tokenpose.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.checkpoint.StateDictPickler.Item;
import dev.tokenpose.checkpoint.TorchUnpickler.TensorRef;
import dev.tokenpose.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PthWriterTest {

    /** Names of the pickle opcodes torch's state dicts use that take no argument. */
    private static final Map<Integer, String> PLAIN_OPCODES = Map.ofEntries(
            Map.entry((int) '(', "MARK"),
            Map.entry((int) ')', "EMPTY_TUPLE"),
            Map.entry((int) 't', "TUPLE"),
            Map.entry(0x85, "TUPLE1"),
            Map.entry(0x86, "TUPLE2"),
            Map.entry(0x87, "TUPLE3"),
            Map.entry(0x89, "NEWFALSE"),
            Map.entry((int) 'R', "REDUCE"),
            Map.entry((int) 'Q', "BINPERSID"),
            Map.entry((int) 's', "SETITEM"),
            Map.entry((int) 'u', "SETITEMS"),
            Map.entry((int) '}', "EMPTY_DICT"),
            Map.entry((int) 'b', "BUILD"),
            Map.entry((int) '.', "STOP"));

    /** The tiny model fixtures: every layout of the full-size ones at a fraction of the bytes. */
    static Stream<Path> tinyModelFolders() {
        return Fixtures.modelFolders().stream()
                .filter(p -> p.getFileName().toString().startsWith("tiny-"));
    }

    private static Path tinyModel(String name) {
        return Fixtures.folder(name).orElseThrow().resolve("model.pth");
    }

    /** Every rank from 0-d to 4-d, empty tensors, special values and more than ten storages. */
    private static StateDict mixed() {
        List<TensorData> tensors = new ArrayList<>();
        tensors.add(TensorData.ofFloats("z.scalar", new long[0], new float[] {-0.0f}));
        tensors.add(TensorData.ofFloats("a.vector", new long[] {5}, new float[] {
            Float.NaN,
            Float.intBitsToFloat(0x7fc00001),
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE
        }));
        tensors.add(TensorData.ofFloats("one", new long[] {1}, new float[] {1.5f}));
        tensors.add(TensorData.ofFloats("m.matrix", new long[] {2, 3}, ramp(6)));
        tensors.add(TensorData.ofFloats("cube", new long[] {2, 3, 4}, ramp(24)));
        tensors.add(TensorData.ofFloats("conv.weight", new long[] {2, 1, 3, 4}, ramp(24)));
        tensors.add(TensorData.ofFloats("empty", new long[] {2, 0, 3}, new float[0]));
        tensors.add(TensorData.ofLongs("bn.num_batches_tracked", new long[0], new long[] {123456789012L}));
        tensors.add(TensorData.ofLongs("ids", new long[] {4}, new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}));
        tensors.add(TensorData.ofLongs("grid", new long[] {2, 2}, new long[] {1, 2, 3, 4}));
        tensors.add(TensorData.ofFloats("long.row", new long[] {70_000}, ramp(70_000)));
        tensors.add(TensorData.ofFloats("b.last", new long[] {3}, new float[] {1, 2, 3}));
        return StateDict.of("mixed", tensors);
    }

    private static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 0.25f - 7;
        }
        return v;
    }

    /** Same keys, dtypes, shapes and bits (NaN payloads and signed zeros included). */
    private static void assertBitIdentical(StateDict actual, StateDict expected) {
        assertThat(actual.keys()).containsExactlyElementsOf(expected.keys());
        for (TensorData e : expected.tensors()) {
            TensorData a = actual.get(e.name());
            assertThat(a.dtype()).as(e.name()).isEqualTo(e.dtype());
            assertThat(a.shape()).as(e.name()).containsExactly(e.shape());
            // isEqualTo compares arrays in linear time; containsExactly diffs them quadratically.
            if (e.isFloatingPoint()) {
                assertThat(rawBits(a.floats())).as(e.name()).isEqualTo(rawBits(e.floats()));
            } else {
                assertThat(a.longs()).as(e.name()).isEqualTo(e.longs());
            }
        }
    }

    private static int[] rawBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static Map<String, byte[]> records(Path file) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                try (var in = zip.getInputStream(e)) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }

    @Test
    void shouldRoundTripFloat32AndInt64TensorsOfEveryRankInOrder(@TempDir Path tmp) {
        StateDict sd = mixed();
        Path file = tmp.resolve("mixed.pth");

        PthWriter.write(file, sd);

        assertBitIdentical(PthReader.read(file), sd);
    }

    @Test
    void shouldRoundTripMoreEntriesThanOnePickleBatch(@TempDir Path tmp) {
        // 1001 entries: one SETITEMS batch of 1000, then a lone SETITEM, and memo indices past 255.
        List<TensorData> tensors = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tensors.add(
                    i % 3 == 0
                            ? TensorData.ofLongs("layer" + i + ".num_batches_tracked", new long[0], new long[] {i})
                            : TensorData.ofFloats("layer" + i + ".weight", new long[] {2}, new float[] {i, -i}));
        }
        StateDict sd = StateDict.of("many", tensors);
        Path file = tmp.resolve("many.pth");

        PthWriter.write(file, sd);

        assertBitIdentical(PthReader.read(file), sd);
    }

    @Test
    void shouldWriteAnEmptyStateDict(@TempDir Path tmp) {
        Path file = tmp.resolve("empty.pth");

        PthWriter.write(file, StateDict.of("empty", List.of()));

        assertThat(PthReader.read(file).size()).isZero();
    }

    @Test
    void shouldPickleDimensionsBeyondInt32() throws Exception {
        // No array can hold such a tensor, so only the pickle is checked: LONG1 for the sizes.
        long big = (1L << 33) + 5;
        byte[] pkl = StateDictPickler.pickle(List.of(new Item("huge", ScalarType.FLOAT32, new long[] {big, 1}, "0")));

        Object root = new TorchUnpickler().load(new ByteArrayInputStream(pkl));

        TensorRef ref = (TensorRef) ((Map<?, ?>) root).get("huge");
        assertThat(ref.shape()).containsExactly(big, 1);
        assertThat(ref.stride()).containsExactly(1, 1);
        assertThat(ref.storage().numel()).isEqualTo(big);
    }

    @Test
    void shouldUseTorchContiguousStridesForEmptyDimensions() {
        assertThat(StateDictPickler.contiguousStrides(new long[] {2, 0, 3})).containsExactly(3, 3, 1);
        assertThat(StateDictPickler.contiguousStrides(new long[] {2, 1, 3, 4})).containsExactly(12, 12, 4, 1);
        assertThat(StateDictPickler.contiguousStrides(new long[0])).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tinyModelFolders")
    void shouldRewriteAFixtureWithTheSameTensorsAndStorageRecords(Path folder, @TempDir Path tmp) throws Exception {
        Path original = folder.resolve("model.pth");
        StateDict sd = PthReader.read(original);
        Path file = tmp.resolve("model.pth");

        PthWriter.write(file, sd);

        assertBitIdentical(PthReader.read(file), sd);
        Map<String, byte[]> expected = records(original);
        Map<String, byte[]> actual = records(file);
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            if (e.getKey().startsWith("model/data/")) {
                assertThat(actual.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tiny-T-seed22", "tiny-S-seed21"})
    void shouldPickleLikeTorchUpToTheMetadata(String fixture, @TempDir Path tmp) throws Exception {
        Path original = tinyModel(fixture);
        Path file = tmp.resolve("model.pth");
        PthWriter.write(file, PthReader.read(original));
        byte[] torch = records(original).get("model/data.pkl");
        byte[] ours = records(file).get("model/data.pkl");

        // Same opcodes, strings, globals and memo slots; ours leaves out the OrderedDict's state
        // ({'_metadata': ...} BUILD), which torch writes before STOP.
        List<String> torchOps = opcodes(torch);
        List<String> ourOps = opcodes(ours);
        assertThat(ourOps.get(ourOps.size() - 1)).isEqualTo("STOP");
        List<String> body = ourOps.subList(0, ourOps.size() - 1);
        assertThat(torchOps.subList(0, body.size())).isEqualTo(body);
        List<String> state = torchOps.subList(body.size(), torchOps.size());
        assertThat(state)
                .startsWith("EMPTY_DICT")
                .contains("BINUNICODE _metadata")
                .endsWith("BUILD", "STOP");

        // The int arguments: equal, except strides of size-1 dimensions, which torch keeps from
        // however the tensor was made; ours are those of a freshly allocated tensor.
        Map<?, ?> torchDict = (Map<?, ?>) new TorchUnpickler().load(new ByteArrayInputStream(torch));
        Map<?, ?> ourDict = (Map<?, ?>) new TorchUnpickler().load(new ByteArrayInputStream(ours));
        assertThat(List.copyOf(ourDict.keySet())).isEqualTo(List.copyOf(torchDict.keySet()));
        for (Object key : torchDict.keySet()) {
            TensorRef t = (TensorRef) torchDict.get(key);
            TensorRef o = (TensorRef) ourDict.get(key);
            assertThat(List.of(
                            o.storage().key(),
                            o.storage().type().name(),
                            o.storage().numel(),
                            o.offset()))
                    .as("%s", key)
                    .isEqualTo(List.of(
                            t.storage().key(),
                            t.storage().type().name(),
                            t.storage().numel(),
                            t.offset()));
            assertThat(o.shape()).as("%s", key).isEqualTo(t.shape());
            for (int d = 0; d < t.shape().length; d++) {
                if (t.shape()[d] != 1) {
                    assertThat(o.stride()[d]).as("%s stride %d", key, d).isEqualTo(t.stride()[d]);
                }
            }
        }
    }

    /**
     * Disassembles a protocol-2 pickle into opcodes with their arguments, as pickletools would;
     * ints of every width become plain {@code INT}, so that their values can be compared apart.
     */
    private static List<String> opcodes(byte[] pickle) {
        ByteBuffer b = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
        List<String> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int op = b.get() & 0xff;
            String plain = PLAIN_OPCODES.get(op);
            if (plain != null) {
                out.add(plain);
                continue;
            }
            switch (op) {
                case 0x80 -> out.add("PROTO " + (b.get() & 0xff));
                case 'c' -> out.add("GLOBAL " + line(b) + " " + line(b));
                case 'q' -> out.add("BINPUT " + (b.get() & 0xff));
                case 'r' -> out.add("LONG_BINPUT " + b.getInt());
                case 'h' -> out.add("BINGET " + (b.get() & 0xff));
                case 'j' -> out.add("LONG_BINGET " + b.getInt());
                case 'X' -> {
                    byte[] utf8 = new byte[b.getInt()];
                    b.get(utf8);
                    out.add("BINUNICODE " + new String(utf8, StandardCharsets.UTF_8));
                }
                case 'K', 'M', 'J', 0x8a -> {
                    int length = op == 'K' ? 1 : op == 'M' ? 2 : op == 'J' ? 4 : b.get() & 0xff;
                    b.position(b.position() + length);
                    out.add("INT");
                }
                default ->
                    throw new AssertionError(
                            "unexpected opcode 0x" + Integer.toHexString(op) + " at " + (b.position() - 1));
            }
        }
        return out;
    }

    private static String line(ByteBuffer b) {
        StringBuilder sb = new StringBuilder();
        for (byte c = b.get(); c != '\n'; c = b.get()) {
            sb.append((char) c);
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tiny-T-seed22", "tiny-S-seed21"})
    void shouldLayOutTheArchiveLikeTorch(String fixture, @TempDir Path tmp) throws Exception {
        Path original = tinyModel(fixture);
        Path file = tmp.resolve("model.pth");
        PthWriter.write(file, PthReader.read(original));

        RawZip torch = RawZip.parse(Files.readAllBytes(original));
        RawZip ours = RawZip.parse(Files.readAllBytes(file));

        List<String> expectedNames = new ArrayList<>(torch.names());
        expectedNames.add(1, "model/byteorder");
        assertThat(ours.names()).containsExactlyElementsOf(expectedNames);
        // Every header has torch's fixed fields (versions, flags, method, times, attributes).
        assertThat(ours.headerFields()).hasSize(1).isEqualTo(torch.headerFields());
        assertThat(ours.tailFields).isEqualTo(torch.tailFields);
        assertThat(new String(ours.records.get(1).data(), StandardCharsets.US_ASCII))
                .isEqualTo("little");
        assertThat(ours.records.get(ours.records.size() - 1).data())
                .isEqualTo(torch.records.get(torch.records.size() - 1).data());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tiny-T-seed22", "tiny-S-seed21", "mixed"})
    void shouldAlignEveryRecordTo64BytesWithTorchPadding(String source, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("model.pth");
        PthWriter.write(file, source.equals("mixed") ? mixed() : PthReader.read(tinyModel(source)));

        RawZip zip = RawZip.parse(Files.readAllBytes(file));

        assertThat(zip.records).isNotEmpty();
        for (RawZip.Record r : zip.records) {
            assertThat(r.dataOffset() % 64).as(r.name()).isZero();
            ByteBuffer extra = ByteBuffer.wrap(r.extra()).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(new String(r.extra(), 0, 2, StandardCharsets.US_ASCII))
                    .as(r.name())
                    .isEqualTo("FB");
            assertThat(extra.getShort(2) & 0xffff).as(r.name()).isEqualTo(r.extra().length - 4);
            for (int i = 4; i < r.extra().length; i++) {
                assertThat(r.extra()[i]).as(r.name()).isEqualTo((byte) 'Z');
            }
        }
    }

    @Test
    void shouldStoreTensorsInTorchsStringOrderOfStorageKeys(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("mixed.pth");
        PthWriter.write(file, mixed());

        RawZip zip = RawZip.parse(Files.readAllBytes(file));

        assertThat(zip.names())
                .containsExactly(
                        "mixed/data.pkl",
                        "mixed/byteorder",
                        "mixed/data/0",
                        "mixed/data/1",
                        "mixed/data/10",
                        "mixed/data/11",
                        "mixed/data/2",
                        "mixed/data/3",
                        "mixed/data/4",
                        "mixed/data/5",
                        "mixed/data/6",
                        "mixed/data/7",
                        "mixed/data/8",
                        "mixed/data/9",
                        "mixed/version");
        // Storage 10 is the eleventh tensor, long.row: 70,000 float32 values.
        assertThat(zip.records.get(4).data()).hasSize(70_000 * Float.BYTES);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "model.pth, model",
        "TokenPose-S.v1.pth, TokenPose-S.v1",
        "weights, weights",
        ".pth, archive",
        "dir\\model.pt, model"
    })
    void shouldNameTheTopFolderAfterTheFileAsTorchDoes(String fileName, String folder) {
        assertThat(PthWriter.archiveName(fileName)).isEqualTo(folder);
    }

    @Test
    void shouldUseTorchsStreamFolderWhenWritingToAStream(@TempDir Path tmp) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StateDict sd = mixed();

        PthWriter.write(out, sd);

        Path file = Files.write(tmp.resolve("buffer.pth"), out.toByteArray());
        assertThat(RawZip.parse(out.toByteArray()).names()).allMatch(n -> n.startsWith("archive/"));
        assertBitIdentical(PthReader.read(file), sd);
    }

    @Test
    void shouldReplaceAnExistingFileAndLeaveNothingElse(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("model.pth"), "old");

        PthWriter.write(file, mixed());

        assertThat(PthReader.read(file).keys()).containsExactlyElementsOf(mixed().keys());
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void shouldRefuseOtherDtypesNamingTheEntryAndWriteNothing(@TempDir Path tmp) throws IOException {
        StateDict views =
                PthReader.read(Fixtures.bundled().resolveSibling("checkpoints").resolve("views.pth"));
        Path file = tmp.resolve("views.pth");

        assertThatThrownBy(() -> PthWriter.write(file, views))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'double' of type float64")
                .hasMessageContaining("only float32 and int64");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void shouldReportAFolderThatDoesNotExist(@TempDir Path tmp) {
        Path file = tmp.resolve("missing").resolve("model.pth");

        assertThatThrownBy(() -> PthWriter.write(file, mixed()))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("could not be written");
    }

    /** A zip parsed field by field from its end records, to compare headers with torch's. */
    static final class RawZip {

        record Record(
                String name,
                List<Integer> localFields,
                List<Integer> centralFields,
                byte[] extra,
                long dataOffset,
                byte[] data) {}

        final List<Record> records = new ArrayList<>();
        /** Fixed fields of the zip64 end record, its locator and the end record. */
        final List<Long> tailFields = new ArrayList<>();

        List<String> names() {
            return records.stream().map(Record::name).toList();
        }

        /** The distinct (local, central) header field lists, offsets, sizes and CRCs left out. */
        List<List<List<Integer>>> headerFields() {
            return records.stream()
                    .map(r -> List.of(r.localFields(), r.centralFields()))
                    .distinct()
                    .toList();
        }

        static RawZip parse(byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            RawZip zip = new RawZip();
            int end = bytes.length - 22;
            assertThat(b.getInt(end)).as("end record").isEqualTo(0x06054b50);
            int locator = end - 20;
            assertThat(b.getInt(locator)).as("zip64 locator").isEqualTo(0x07064b50);
            int zip64End = (int) b.getLong(locator + 8);
            assertThat(b.getInt(zip64End)).as("zip64 end record").isEqualTo(0x06064b50);
            assertThat(zip64End + 56)
                    .as("zip64 end record is followed by its locator")
                    .isEqualTo(locator);
            long entries = b.getLong(zip64End + 32);
            long directorySize = b.getLong(zip64End + 40);
            int directory = (int) b.getLong(zip64End + 48);
            assertThat(directory + directorySize)
                    .as("directory ends where the zip64 end record starts")
                    .isEqualTo(zip64End);
            assertThat(b.getShort(end + 10) & 0xffff).isEqualTo((int) entries);
            assertThat(b.getInt(end + 12) & 0xffffffffL).isEqualTo(directorySize);
            assertThat(b.getInt(end + 16) & 0xffffffffL).isEqualTo(directory);
            zip.tailFields.addAll(List.of(
                    b.getLong(zip64End + 4),
                    (long) b.getShort(zip64End + 12),
                    (long) b.getShort(zip64End + 14),
                    (long) b.getInt(zip64End + 16),
                    (long) b.getInt(zip64End + 20),
                    (long) b.getInt(locator + 4),
                    (long) b.getInt(locator + 16),
                    (long) b.getInt(end + 4),
                    (long) b.getShort(end + 20)));

            int pos = directory;
            long expectedOffset = 0;
            for (long i = 0; i < entries; i++) {
                assertThat(b.getInt(pos)).as("central header").isEqualTo(0x02014b50);
                int nameLength = b.getShort(pos + 28) & 0xffff;
                int extraLength = b.getShort(pos + 30) & 0xffff;
                int commentLength = b.getShort(pos + 32) & 0xffff;
                String name = new String(bytes, pos + 46, nameLength, StandardCharsets.UTF_8);
                int crc = b.getInt(pos + 16);
                int size = b.getInt(pos + 20);
                assertThat(b.getInt(pos + 24)).as(name).isEqualTo(size);
                int local = b.getInt(pos + 42);
                List<Integer> central = List.of(
                        b.getShort(pos + 4) & 0xffff,
                        b.getShort(pos + 6) & 0xffff,
                        b.getShort(pos + 8) & 0xffff,
                        b.getShort(pos + 10) & 0xffff,
                        b.getShort(pos + 12) & 0xffff,
                        b.getShort(pos + 14) & 0xffff,
                        extraLength,
                        commentLength,
                        b.getShort(pos + 34) & 0xffff,
                        b.getShort(pos + 36) & 0xffff,
                        b.getInt(pos + 38));
                pos += 46 + nameLength + extraLength + commentLength;

                assertThat((long) local)
                        .as(name + " follows the previous record")
                        .isEqualTo(expectedOffset);
                assertThat(b.getInt(local)).as(name + " local header").isEqualTo(0x04034b50);
                int localName = b.getShort(local + 26) & 0xffff;
                int localExtra = b.getShort(local + 28) & 0xffff;
                assertThat(new String(bytes, local + 30, localName, StandardCharsets.UTF_8))
                        .isEqualTo(name);
                List<Integer> localFields = List.of(
                        b.getShort(local + 4) & 0xffff,
                        b.getShort(local + 6) & 0xffff,
                        b.getShort(local + 8) & 0xffff,
                        b.getShort(local + 10) & 0xffff,
                        b.getShort(local + 12) & 0xffff,
                        b.getInt(local + 14),
                        b.getInt(local + 18),
                        b.getInt(local + 22));
                byte[] extra = Arrays.copyOfRange(bytes, local + 30 + localName, local + 30 + localName + localExtra);
                int data = local + 30 + localName + localExtra;
                byte[] content = Arrays.copyOfRange(bytes, data, data + size);
                CRC32 check = new CRC32();
                check.update(content);
                assertThat((int) check.getValue()).as(name + " CRC").isEqualTo(crc);
                int descriptor = data + size;
                assertThat(List.of(
                                b.getInt(descriptor),
                                b.getInt(descriptor + 4),
                                b.getInt(descriptor + 8),
                                b.getInt(descriptor + 12)))
                        .as(name + " data descriptor")
                        .containsExactly(0x08074b50, crc, size, size);
                expectedOffset = descriptor + 16;
                zip.records.add(new Record(name, localFields, central, extra, data, content));
            }
            assertThat((long) directory).as("directory follows the last record").isEqualTo(expectedOffset);
            return zip;
        }
    }
}
