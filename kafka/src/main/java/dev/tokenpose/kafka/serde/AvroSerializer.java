package dev.tokenpose.kafka.serde;

import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serializer writing records in the pipeline's Avro single-object encoding.
 *
 * @param <T> the generated record class
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final AvroCodec<T> codec;

    /**
     * A serializer using {@code codec}.
     *
     * @param codec the record type's codec
     */
    public AvroSerializer(AvroCodec<T> codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** The serializer of the frames topic. */
    public static AvroSerializer<VideoFrame> videoFrames() {
        return new AvroSerializer<>(AvroCodec.VIDEO_FRAME);
    }

    /** The serializer of the poses topic. */
    public static AvroSerializer<PoseFrame> poseFrames() {
        return new AvroSerializer<>(AvroCodec.POSE_FRAME);
    }

    /** The serializer of the dead-letter topic. */
    public static AvroSerializer<DeadLetter> deadLetters() {
        return new AvroSerializer<>(AvroCodec.DEAD_LETTER);
    }

    /** Encodes {@code record}; a null record stays null, Kafka's tombstone. */
    @Override
    public byte[] serialize(String topic, T record) {
        return record == null ? null : codec.encode(record);
    }
}
