package dev.tokenpose.schema.codec;

import static dev.tokenpose.schema.codec.Samples.deadLetter;
import static dev.tokenpose.schema.codec.Samples.frame;
import static dev.tokenpose.schema.codec.Samples.poses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AvroCodecErrorTest {

    @Test
    void plainTextIsNotAvro() {
        CodecException e = decodeFails(AvroCodec.VIDEO_FRAME, "frame 42 of cam-1".getBytes(StandardCharsets.UTF_8));

        assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_AVRO);
        assertThat(e).hasMessage("not an Avro single-object value: starts with 0x66 0x72 instead of 0xC3 0x01");
    }

    @Test
    void jpegBytesAreNotAvro() {
        CodecException e = decodeFails(AvroCodec.VIDEO_FRAME, Samples.JPEG_HEAD);

        assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_AVRO);
        assertThat(e).hasMessageContaining("starts with 0xFF 0xD8");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 9})
    void valuesShorterThanTheHeaderAreNotAvro(int length) {
        byte[] value = Arrays.copyOf(AvroCodec.VIDEO_FRAME.encode(frame()), length);

        CodecException e = decodeFails(AvroCodec.VIDEO_FRAME, value);

        assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_AVRO);
        assertThat(e).hasMessage("value of " + length + " bytes is too short for an Avro single-object header");
    }

    @Test
    void aNullValueIsNotAvro() {
        CodecException e = decodeFails(AvroCodec.POSE_FRAME, null);

        assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_AVRO);
        assertThat(e).hasMessage("value of null is too short for an Avro single-object header");
    }

    @Test
    void aValueWrittenWithAnUnknownSchemaIsRejectedWithItsFingerprint() {
        Schema modified = withExtraField(VideoFrame.getClassSchema());
        byte[] value = encodeGeneric(
                modified, olderStyleFrame(modified).set("exposure", 0.5f).build());

        CodecException e = decodeFails(AvroCodec.VIDEO_FRAME, value);

        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
        assertThat(e)
                .hasMessage(
                        "writer schema fingerprint %016x is not a known version of dev.tokenpose.schema.VideoFrame",
                        SchemaNormalization.parsingFingerprint64(modified));
    }

    @Test
    void aValueOfAnotherTopicIsAnUnknownSchema() {
        CodecException e = decodeFails(AvroCodec.VIDEO_FRAME, AvroCodec.POSE_FRAME.encode(poses()));

        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
        assertThat(e).hasMessageContaining("%016x", AvroCodec.POSE_FRAME.fingerprint());
    }

    @Test
    void aCodecGivenAnOlderWriterSchemaReadsItsValuesThroughSchemaResolution() {
        Schema current = VideoFrame.getClassSchema();
        Schema older = withoutField(current, "metadata");
        byte[] value = encodeGeneric(older, olderStyleFrame(older).build());
        AvroCodec<VideoFrame> codec = AvroCodec.of(current, older);

        VideoFrame decoded = codec.decode(value);

        assertThat(decoded.getStreamId()).isEqualTo("cam-1");
        assertThat(decoded.getCaptureTime()).isEqualTo(Samples.CAPTURED);
        assertThat(decoded.getEncoding()).isEqualTo(FrameEncoding.PNG);
        assertThat(decoded.getMetadata())
                .as("default of the field the older writer lacks")
                .isNull();
        assertThat(codec.decode(codec.encode(frame())))
                .as("current values still decode")
                .isEqualTo(frame());
        assertThat(decodeFails(AvroCodec.VIDEO_FRAME, value).reason())
                .as("the topic codec does not know this older version")
                .isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
    }

    @Test
    void aHeaderWithoutBodyIsUndecodable() {
        byte[] value = Arrays.copyOf(AvroCodec.DEAD_LETTER.encode(deadLetter()), 10);

        CodecException e = decodeFails(AvroCodec.DEAD_LETTER, value);

        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE_RECORD);
        assertThat(e).hasMessageStartingWith("corrupt DeadLetter body at byte 10 (DeadLetter.sourceTopic): ");
    }

    @Test
    void everyTruncationOfAValueIsUndecodable() {
        for (byte[] value : sampleValues()) {
            for (int length = 10; length < value.length; length++) {
                assertThat(decodeFails(codecFor(value), Arrays.copyOf(value, length))
                                .reason())
                        .as("truncated to %d of %d bytes", length, value.length)
                        .isEqualTo(DeadLetterReason.UNDECODABLE_RECORD);
            }
        }
    }

    @Test
    void bytesAfterTheRecordAreUndecodable() {
        byte[] value = AvroCodec.POSE_FRAME.encode(poses());
        byte[] longer = Arrays.copyOf(value, value.length + 2);

        CodecException e = decodeFails(AvroCodec.POSE_FRAME, longer);

        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE_RECORD);
        assertThat(e).hasMessageEndingWith("2 bytes follow the end of the record");
    }

    @Test
    void aPayloadLengthBeyondTheValueIsUndecodableWithoutAllocatingIt() {
        byte[] value = withBody(AvroCodec.VIDEO_FRAME, out -> {
            frameUpToPayload(out);
            out.writeLong(1_500_000_000L); // the payload's length, of which 3 bytes follow
            out.writeFixed(new byte[] {1, 2, 3});
        });

        CodecException e = decodeFails(AvroCodec.VIDEO_FRAME, value);

        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE_RECORD);
        assertThat(e).hasMessageContaining("(VideoFrame.payload): length 1500000000 exceeds the 3 bytes left");
    }

    @Test
    void aNegativeStringLengthIsUndecodable() {
        byte[] value = withBody(AvroCodec.VIDEO_FRAME, out -> out.writeLong(-1));

        CodecException e = decodeFails(AvroCodec.VIDEO_FRAME, value);

        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE_RECORD);
        assertThat(e).hasMessageContaining("(VideoFrame.streamId): length -1 exceeds");
    }

    @Test
    void anArrayCountBeyondTheValueIsUndecodableWithoutRunningOutOfMemory() {
        // Without the body check Avro sizes a list for two billion persons before reading any.
        byte[] value = withBody(AvroCodec.POSE_FRAME, out -> {
            out.writeString("cam-1");
            out.writeLong(42);
            out.writeLong(0);
            out.writeLong(0);
            out.writeLong(0);
            out.writeString("S-v1");
            out.writeString("sha256:0123456789ab");
            out.writeBoolean(true);
            out.writeInt(640);
            out.writeInt(480);
            out.writeLong(2_000_000_000L); // the persons block's item count
            out.writeLong(0);
        });

        CodecException e = decodeFails(AvroCodec.POSE_FRAME, value);

        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE_RECORD);
        assertThat(e).hasMessageContaining("(PoseFrame.persons): block of 2000000000 items exceeds the 1 bytes left");
    }

    @Test
    void anEnumIndexBeyondTheSymbolsIsUndecodable() {
        byte[] value = withBody(AvroCodec.VIDEO_FRAME, out -> {
            out.writeString("cam-1");
            out.writeLong(42);
            out.writeLong(0);
            out.writeInt(640);
            out.writeInt(480);
            out.writeEnum(7);
        });

        CodecException e = decodeFails(AvroCodec.VIDEO_FRAME, value);

        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE_RECORD);
        assertThat(e)
                .hasMessageContaining(
                        "(VideoFrame.encoding): enum index 7 is not one of the 3 symbols of FrameEncoding");
    }

    @Test
    void aUnionBranchThatDoesNotExistIsUndecodable() {
        byte[] value = withBody(AvroCodec.DEAD_LETTER, out -> {
            out.writeString("frames");
            out.writeInt(3);
            out.writeLong(99);
            out.writeIndex(2); // key is ["null", "bytes"]
        });

        CodecException e = decodeFails(AvroCodec.DEAD_LETTER, value);

        assertThat(e.reason()).isEqualTo(DeadLetterReason.UNDECODABLE_RECORD);
        assertThat(e).hasMessageContaining("(DeadLetter.key): union branch 2 does not exist (2 branches)");
    }

    @Test
    void anyCorruptedByteEitherDecodesOrIsUndecodableButNeverEscapesAsAnotherError() {
        int[] replacements = {0x00, 0x01, 0x7F, 0x80, 0xFF};
        for (byte[] value : sampleValues()) {
            for (int i = 10; i < value.length; i++) {
                for (int replacement : replacements) {
                    byte[] corrupt = value.clone();
                    corrupt[i] = (byte) replacement;
                    decodesOrIsUndecodable(codecFor(value), corrupt);
                }
            }
        }
    }

    @Test
    void randomBodiesBehindAKnownHeaderEitherDecodeOrAreUndecodable() {
        Random random = new Random(20_250_314);
        for (byte[] sample : sampleValues()) {
            for (int n = 0; n < 2_000; n++) {
                byte[] value = Arrays.copyOf(sample, 10 + random.nextInt(120));
                byte[] body = new byte[value.length - 10];
                random.nextBytes(body);
                System.arraycopy(body, 0, value, 10, body.length);
                decodesOrIsUndecodable(codecFor(sample), value);
            }
        }
    }

    private static void decodesOrIsUndecodable(AvroCodec<?> codec, byte[] value) {
        try {
            codec.decode(value);
        } catch (CodecException e) {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(DeadLetterReason.UNDECODABLE_RECORD);
            assertThat(e.getMessage()).startsWith("corrupt ");
        }
    }

    private static List<byte[]> sampleValues() {
        return List.of(
                AvroCodec.VIDEO_FRAME.encode(frame()),
                AvroCodec.POSE_FRAME.encode(poses()),
                AvroCodec.DEAD_LETTER.encode(deadLetter()));
    }

    private static AvroCodec<?> codecFor(byte[] value) {
        long fingerprint =
                ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return List.of(AvroCodec.VIDEO_FRAME, AvroCodec.POSE_FRAME, AvroCodec.DEAD_LETTER).stream()
                .filter(codec -> codec.fingerprint() == fingerprint)
                .findFirst()
                .orElseThrow();
    }

    private static CodecException decodeFails(AvroCodec<?> codec, byte[] value) {
        CodecException e = catchThrowableOfType(CodecException.class, () -> codec.decode(value));
        assertThat(e).as("decoding must fail").isNotNull();
        return e;
    }

    /** The fields of a VideoFrame before its payload. */
    private static void frameUpToPayload(BinaryEncoder out) throws IOException {
        out.writeString("cam-1");
        out.writeLong(42);
        out.writeLong(0);
        out.writeInt(640);
        out.writeInt(480);
        out.writeEnum(0);
    }

    /** A value with the codec's header and a body written field by field. */
    private static byte[] withBody(AvroCodec<?> codec, BodyWriter body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(0xC3);
        bytes.write(0x01);
        bytes.writeBytes(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(codec.fingerprint())
                .array());
        BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
        try {
            body.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private interface BodyWriter {
        void write(BinaryEncoder out) throws IOException;
    }

    private static Schema withoutField(Schema record, String name) {
        List<Schema.Field> fields = record.getFields().stream()
                .filter(field -> !field.name().equals(name))
                .map(field -> new Schema.Field(field, field.schema()))
                .toList();
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }

    private static Schema withExtraField(Schema record) {
        List<Schema.Field> fields = new ArrayList<>(record.getFields().stream()
                .map(field -> new Schema.Field(field, field.schema()))
                .toList());
        fields.add(new Schema.Field("exposure", Schema.create(Schema.Type.FLOAT), "Exposure in seconds.", 0.0f));
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }

    /** A frame as a generic record of another version of the schema; timestamps as raw microseconds. */
    private static GenericRecordBuilder olderStyleFrame(Schema schema) {
        Schema encoding = schema.getField("encoding").schema();
        return new GenericRecordBuilder(schema)
                .set("streamId", "cam-1")
                .set("sequence", 42L)
                .set("captureTime", Samples.CAPTURED.getEpochSecond() * 1_000_000 + Samples.CAPTURED.getNano() / 1_000)
                .set("width", 640)
                .set("height", 480)
                .set("encoding", new GenericData.EnumSymbol(encoding, "PNG"))
                .set("payload", ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
    }

    private static byte[] encodeGeneric(Schema schema, GenericRecord record) {
        try {
            ByteBuffer buf = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
