package dev.tokenpose.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tokenpose.schema.codec.AvroCodec;
import dev.tokenpose.schema.codec.CodecException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParser;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the current schemas against every released version, snapshotted under
 * {@code src/main/resources/dev/tokenpose/schema/releases/vN/}: current readers must read values of every release
 * (backward) and every release's readers must read current values (forward). Releasing a version
 * means copying {@code src/main/avro/*.avsc} into the next {@code releases/vN/} folder; nothing here
 * names a version.
 */
class SchemaCompatibilityTest {

    /** The current schema of every record that may appear in a release, by full name. */
    private static final Map<String, Schema> CURRENT = Stream.of(
                    Box.getClassSchema(),
                    VideoFrame.getClassSchema(),
                    PoseFrame.getClassSchema(),
                    DeadLetter.getClassSchema())
            .collect(Collectors.toMap(Schema::getFullName, Function.identity()));

    /** The codec of each topic, by the full name of its record. */
    private static final Map<String, AvroCodec<?>> TOPICS = Map.of(
            VideoFrame.getClassSchema().getFullName(), AvroCodec.VIDEO_FRAME,
            PoseFrame.getClassSchema().getFullName(), AvroCodec.POSE_FRAME,
            DeadLetter.getClassSchema().getFullName(), AvroCodec.DEAD_LETTER);

    private static final int RANDOM_VALUES = 200;

    /** One record schema of one release. */
    record Released(String version, Schema schema) {
        Schema current() {
            Schema current = CURRENT.get(schema.getFullName());
            if (current == null) {
                fail("%s was released in %s but no longer exists", schema.getFullName(), version);
            }
            return current;
        }

        @Override
        public String toString() {
            return version + " " + schema.getName();
        }
    }

    @Test
    void theCodecsKnowEveryReleaseFolder() {
        assertThat(versionFolders())
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(dev.tokenpose.schema.codec.SchemaReleases.VERSIONS);
    }

    @Test
    void atLeastOneVersionIsReleasedAndEachHoldsEveryTopicRecord() {
        assertThat(versionFolders()).isNotEmpty();
        for (Path folder : versionFolders()) {
            assertThat(parseRelease(folder).keySet())
                    .as(folder.getFileName().toString())
                    .containsAll(TOPICS.keySet());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedSchemas")
    void currentSchemaReadsValuesOfEveryRelease(Released released) {
        assertThat(incompatibilities(released.current(), released.schema(), released.version()))
                .filteredOn(problem -> problem.startsWith("backward"))
                .isEmpty();
        assertResolves(released.schema(), released.current());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedSchemas")
    void everyReleaseReadsValuesOfTheCurrentSchema(Released released) {
        assertThat(incompatibilities(released.current(), released.schema(), released.version()))
                .filteredOn(problem -> problem.startsWith("forward"))
                .isEmpty();
        assertResolves(released.current(), released.schema());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedTopicSchemas")
    void topicCodecReadsValuesWrittenWithEveryRelease(Released released) {
        AvroCodec<?> codec = TOPICS.get(released.schema().getFullName());
        BinaryMessageEncoder<Object> writer = new BinaryMessageEncoder<>(GenericData.get(), released.schema());
        for (Object value : new RandomData(released.schema(), RANDOM_VALUES, 1L)) {
            try {
                codec.decode(toArray(writer.encode(value)));
            } catch (CodecException | IOException e) {
                fail(
                        "%s values (fingerprint %016x) do not decode; give the codec the release's schema with "
                                + "AvroCodec.of(current, older...): %s",
                        released, SchemaNormalization.parsingFingerprint64(released.schema()), e.getMessage());
            }
        }
    }

    static Stream<Arguments> incompatibleChanges() {
        Schema frame = VideoFrame.getClassSchema();
        return Stream.of(
                Arguments.of(
                        "a new field without default",
                        edit(frame, "\"fields\":[", "\"fields\":[{\"name\":\"exposure\",\"type\":\"float\"},"),
                        "backward",
                        SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE),
                Arguments.of(
                        "a removed field without default",
                        withoutField(frame, "width"),
                        "forward",
                        SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE),
                Arguments.of(
                        "a renamed field",
                        edit(frame, "\"name\":\"streamId\"", "\"name\":\"stream\""),
                        "backward",
                        SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE),
                Arguments.of(
                        "a renamed enum symbol",
                        edit(frame, "\"RAW_BGR\"", "\"BGR\""),
                        "backward",
                        SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS),
                Arguments.of(
                        "an enum symbol added while readers have no enum default",
                        edit(frame, "\"RAW_BGR\"]", "\"RAW_BGR\",\"NV12\"]"),
                        "forward",
                        SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS),
                Arguments.of(
                        "a narrowed type",
                        edit(
                                frame,
                                "{\"name\":\"sequence\",\"type\":\"long\"",
                                "{\"name\":\"sequence\",\"type\":\"int\""),
                        "backward",
                        SchemaIncompatibilityType.TYPE_MISMATCH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("incompatibleChanges")
    void theCheckReportsAnIncompatibleChange(
            String change, Schema candidate, String direction, SchemaIncompatibilityType type) {
        List<String> problems = incompatibilities(candidate, VideoFrame.getClassSchema(), "the baseline");

        assertThat(problems)
                .anySatisfy(problem -> assertThat(problem).startsWith(direction).contains(type.name()));
    }

    @Test
    void theCheckAcceptsANewOptionalFieldWithDefault() {
        Schema candidate = edit(
                VideoFrame.getClassSchema(),
                "\"fields\":[",
                "\"fields\":[{\"name\":\"exposure\",\"type\":[\"null\",\"float\"],\"default\":null},");

        assertThat(incompatibilities(candidate, VideoFrame.getClassSchema(), "the baseline"))
                .isEmpty();
    }

    @Test
    void anAddedEnumSymbolIsReadableOnlyByReadersWhoseEnumHasADefault() {
        Schema reader = VideoFrame.getClassSchema();
        Schema writer = edit(reader, "\"RAW_BGR\"]", "\"RAW_BGR\",\"NV12\"]");
        Schema readerWithDefault = edit(reader, "\"RAW_BGR\"]", "\"RAW_BGR\"],\"default\":\"JPEG\"");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(readerWithDefault, writer)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    /**
     * What stops {@code candidate} and {@code released} from reading each other's values, one line
     * per problem starting with the direction: "backward" when the candidate cannot read released
     * values, "forward" when released readers cannot read the candidate's.
     */
    static List<String> incompatibilities(Schema candidate, Schema released, String releasedName) {
        List<String> problems = new ArrayList<>();
        for (Incompatibility problem : SchemaCompatibility.checkReaderWriterCompatibility(candidate, released)
                .getResult()
                .getIncompatibilities()) {
            problems.add("backward (current reads " + releasedName + "): " + describe(problem));
        }
        for (Incompatibility problem : SchemaCompatibility.checkReaderWriterCompatibility(released, candidate)
                .getResult()
                .getIncompatibilities()) {
            problems.add("forward (" + releasedName + " reads current): " + describe(problem));
        }
        return problems;
    }

    private static String describe(Incompatibility problem) {
        return problem.getType() + " at " + problem.getLocation() + ": " + problem.getMessage();
    }

    /** Random values written with {@code writer} decode with {@code reader} through schema resolution. */
    private static void assertResolves(Schema writer, Schema reader) {
        GenericDatumWriter<Object> out = new GenericDatumWriter<>(writer, GenericData.get());
        GenericDatumReader<GenericRecord> in = new GenericDatumReader<>(writer, reader, GenericData.get());
        for (Object value : new RandomData(writer, RANDOM_VALUES, 2L)) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
                out.write(value, encoder);
                encoder.flush();
                in.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Stream<Released> releasedSchemas() {
        return versionFolders().stream()
                .flatMap(folder -> parseRelease(folder).values().stream()
                        .map(schema -> new Released(folder.getFileName().toString(), schema)));
    }

    static Stream<Released> releasedTopicSchemas() {
        return releasedSchemas()
                .filter(released -> TOPICS.containsKey(released.schema().getFullName()));
    }

    /** The folders {@code compat/v1}, {@code compat/v2}, ... in version order. */
    static List<Path> versionFolders() {
        try (Stream<Path> folders = Files.list(Path.of(SchemaCompatibilityTest.class
                .getResource("/dev/tokenpose/schema/releases")
                .toURI()))) {
            return folders.filter(folder -> folder.getFileName().toString().matches("v\\d+"))
                    .sorted(Comparator.comparingInt(folder ->
                            Integer.parseInt(folder.getFileName().toString().substring(1))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every schema file of one release, by full name; files may refer to each other in any order. */
    static Map<String, Schema> parseRelease(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            SchemaParser parser = new SchemaParser();
            List<SchemaParser.ParseResult> results = new ArrayList<>();
            for (Path file : files.filter(file -> file.toString().endsWith(".avsc"))
                    .sorted()
                    .toList()) {
                results.add(parser.parse(file));
            }
            Map<String, Schema> schemas = new LinkedHashMap<>();
            for (SchemaParser.ParseResult result : results) {
                Schema schema = parser.resolve(result);
                schemas.put(schema.getFullName(), schema);
            }
            return schemas;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code schema} with one piece of its JSON replaced; fails if the piece is not there. */
    private static Schema edit(Schema schema, String from, String to) {
        String json = schema.toString();
        assertThat(json).as("schema text to edit").contains(from);
        return new Schema.Parser().parse(json.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
    }

    private static Schema withoutField(Schema record, String name) {
        assertThat(record.getField(name)).as("field to remove").isNotNull();
        List<Schema.Field> fields = record.getFields().stream()
                .filter(field -> !field.name().equals(name))
                .map(field -> new Schema.Field(field, field.schema()))
                .toList();
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
