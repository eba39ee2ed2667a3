package dev.tokenpose.schema.codec;

import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.StreamStats;
import dev.tokenpose.schema.VideoFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding of one record type: a two-byte marker {@code C3 01}, the writer
 * schema's 8-byte CRC-64-AVRO fingerprint (little-endian), then the Avro binary body. A decoder
 * knows the schemas it may read, so a value written with an unknown schema is rejected with a
 * reason instead of being misread. Instances are immutable and thread-safe.
 *
 * <p>Decoding needs no {@code org.apache.avro.SERIALIZABLE_PACKAGES} setting: Avro only checks it
 * for classes named by {@code java-class} or {@code java-key-class} schema properties, which these
 * schemas do not use.
 *
 * @param <T> the generated record class
 */
public final class AvroCodec<T extends SpecificRecord> {

    /** The codec of the frames topic. */
    public static final AvroCodec<VideoFrame> VIDEO_FRAME = withReleases(VideoFrame.getClassSchema());
    /** The codec of the poses topic. */
    public static final AvroCodec<PoseFrame> POSE_FRAME = withReleases(PoseFrame.getClassSchema());
    /** The codec of the dead-letter topic. */
    public static final AvroCodec<DeadLetter> DEAD_LETTER = withReleases(DeadLetter.getClassSchema());
    /** The codec of the stream statistics topic. */
    public static final AvroCodec<StreamStats> STREAM_STATS = withReleases(StreamStats.getClassSchema());

    private static final int HEADER_LENGTH = 10;

    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    /** The writer schemas this codec reads, by fingerprint; the body check walks values along them. */
    private final Map<Long, Schema> writers = new HashMap<>();

    private AvroCodec(Schema schema, Schema... olderWriters) {
        SpecificData model = SpecificData.getForSchema(schema);
        this.schema = schema;
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        writers.put(SchemaNormalization.parsingFingerprint64(schema), schema);
        for (Schema older : olderWriters) {
            decoder.addSchema(older);
            writers.putIfAbsent(SchemaNormalization.parsingFingerprint64(older), older);
        }
    }

    /** A codec writing {@code schema} and reading every released version of its record. */
    private static <T extends SpecificRecord> AvroCodec<T> withReleases(Schema schema) {
        return of(schema, SchemaReleases.of(schema.getName()).toArray(Schema[]::new));
    }

    /**
     * A codec writing {@code schema} and reading it and the given older versions of it.
     *
     * @param schema the current schema of a generated class
     * @param olderWriters earlier versions whose values this codec must still read
     * @return the codec
     */
    public static <T extends SpecificRecord> AvroCodec<T> of(Schema schema, Schema... olderWriters) {
        return new AvroCodec<>(schema, olderWriters);
    }

    /** The schema this codec writes, and into which it resolves older versions. */
    public Schema schema() {
        return schema;
    }

    /** The fingerprint that heads every value this codec writes. */
    public long fingerprint() {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** Encodes one record with its single-object header. */
    public byte[] encode(T record) {
        try {
            ByteBuffer buf = encoder.encode(record);
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes one value.
     *
     * @throws CodecException with reason NOT_AVRO (no single-object header), UNKNOWN_SCHEMA (the
     *     writer's fingerprint is not a known version) or UNDECODABLE_RECORD (the body is corrupt)
     */
    public T decode(byte[] value) {
        if (value == null || value.length < HEADER_LENGTH) {
            throw new CodecException(
                    DeadLetterReason.NOT_AVRO,
                    "value of " + (value == null ? "null" : value.length + " bytes")
                            + " is too short for an Avro single-object header",
                    null);
        }
        if (value[0] != (byte) 0xC3 || value[1] != (byte) 0x01) {
            throw new CodecException(
                    DeadLetterReason.NOT_AVRO,
                    String.format(
                            "not an Avro single-object value: starts with 0x%02X 0x%02X instead of 0xC3 0x01",
                            value[0], value[1]),
                    null);
        }
        long fingerprint =
                ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = writers.get(fingerprint);
        if (writer == null) {
            throw new CodecException(
                    DeadLetterReason.UNKNOWN_SCHEMA,
                    "writer schema fingerprint " + String.format("%016x", fingerprint) + " is not a known version of "
                            + schema.getFullName(),
                    null);
        }
        // Before Avro allocates for the lengths and counts the body announces.
        BodyCheck.check(writer, value, HEADER_LENGTH);
        try {
            return decoder.decode(value);
        } catch (IOException
                | AvroRuntimeException
                | IndexOutOfBoundsException
                | ClassCastException
                | NegativeArraySizeException e) {
            throw new CodecException(
                    DeadLetterReason.UNDECODABLE_RECORD, "corrupt " + schema.getName() + " body: " + e, e);
        }
    }
}
