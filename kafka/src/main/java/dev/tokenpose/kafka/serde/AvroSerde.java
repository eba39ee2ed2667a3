package dev.tokenpose.kafka.serde;

import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.StreamStats;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Kafka Streams serdes of the pipeline's records, in the same single-object encoding as the clients. */
public final class AvroSerde {

    private AvroSerde() {}

    /**
     * The serde of one record type.
     *
     * @param codec the record type's codec
     * @return a serde writing and reading {@code codec}'s records
     */
    public static <T extends SpecificRecord> Serde<T> of(AvroCodec<T> codec) {
        return Serdes.serdeFrom(new AvroSerializer<>(codec), new AvroDeserializer<>(codec));
    }

    /** The serde of the frames topic. */
    public static Serde<VideoFrame> videoFrames() {
        return of(AvroCodec.VIDEO_FRAME);
    }

    /** The serde of the poses topic. */
    public static Serde<PoseFrame> poseFrames() {
        return of(AvroCodec.POSE_FRAME);
    }

    /** The serde of the dead-letter topic. */
    public static Serde<DeadLetter> deadLetters() {
        return of(AvroCodec.DEAD_LETTER);
    }

    /** The serde of the stream statistics topic. */
    public static Serde<StreamStats> streamStats() {
        return of(AvroCodec.STREAM_STATS);
    }
}
