package dev.tokenpose.kafka.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.kafka.testing.Records;
import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.CodecException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    @Test
    void videoFramesSurviveARoundTrip() {
        VideoFrame frame = Records.videoFrame("cam-1", 42);
        byte[] bytes = AvroSerializer.videoFrames().serialize("video-frames", frame);
        assertThat(AvroDeserializer.videoFrames().deserialize("video-frames", bytes))
                .isEqualTo(frame);
    }

    @Test
    void poseFramesSurviveARoundTrip() {
        PoseFrame frame = Records.poseFrame("cam-1", 42);
        byte[] bytes = AvroSerializer.poseFrames().serialize("pose-frames", frame);
        assertThat(AvroDeserializer.poseFrames().deserialize("pose-frames", bytes))
                .isEqualTo(frame);
    }

    @Test
    void deadLettersSurviveARoundTrip() {
        DeadLetter letter = Records.deadLetter("cam-1");
        byte[] bytes = AvroSerializer.deadLetters().serialize("pose-dead-letters", letter);
        assertThat(AvroDeserializer.deadLetters().deserialize("pose-dead-letters", bytes))
                .isEqualTo(letter);
    }

    @Test
    void valuesStartWithTheSingleObjectMarker() {
        byte[] bytes = AvroSerializer.videoFrames().serialize("t", Records.videoFrame("s", 0));
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
    }

    @Test
    void nullStaysNullAsKafkaTombstone() {
        assertThat(AvroSerializer.videoFrames().serialize("t", null)).isNull();
        assertThat(AvroDeserializer.videoFrames().deserialize("t", null)).isNull();
    }

    @Test
    void garbageFailsWithASerializationExceptionNamingTheDeadLetterReason() {
        assertThatThrownBy(
                        () -> AvroDeserializer.videoFrames().deserialize("video-frames", "not avro at all".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("NOT_AVRO")
                .hasMessageContaining("video-frames")
                .cause()
                .isInstanceOfSatisfying(
                        CodecException.class, e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_AVRO));
    }

    @Test
    void aRecordOfAnotherTypeIsAnUnknownSchema() {
        byte[] pose = AvroSerializer.poseFrames().serialize("t", Records.poseFrame("s", 0));
        assertThatThrownBy(() -> AvroDeserializer.videoFrames().deserialize("video-frames", pose))
                .isInstanceOf(SerializationException.class)
                .cause()
                .isInstanceOfSatisfying(
                        CodecException.class, e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA));
    }
}
