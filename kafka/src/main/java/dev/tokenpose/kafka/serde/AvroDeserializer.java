package dev.tokenpose.kafka.serde;

import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import dev.tokenpose.schema.codec.CodecException;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A Kafka deserializer reading records in the pipeline's Avro single-object encoding. A value it
 * cannot read fails with a {@link SerializationException} whose cause is the {@link CodecException}
 * naming the dead-letter reason.
 *
 * @param <T> the generated record class
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final AvroCodec<T> codec;

    /**
     * A deserializer using {@code codec}.
     *
     * @param codec the record type's codec
     */
    public AvroDeserializer(AvroCodec<T> codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** The deserializer of the frames topic. */
    public static AvroDeserializer<VideoFrame> videoFrames() {
        return new AvroDeserializer<>(AvroCodec.VIDEO_FRAME);
    }

    /** The deserializer of the poses topic. */
    public static AvroDeserializer<PoseFrame> poseFrames() {
        return new AvroDeserializer<>(AvroCodec.POSE_FRAME);
    }

    /** The deserializer of the dead-letter topic. */
    public static AvroDeserializer<DeadLetter> deadLetters() {
        return new AvroDeserializer<>(AvroCodec.DEAD_LETTER);
    }

    /** Decodes {@code data}; null (a tombstone) stays null. */
    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return codec.decode(data);
        } catch (CodecException e) {
            throw new SerializationException(e.reason() + " on topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
