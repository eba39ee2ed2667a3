package dev.tokenpose.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class FrameRecordDeserializerTest {

    static VideoFrame frame(String stream, long seq) {
        return VideoFrame.newBuilder()
                .setStreamId(stream)
                .setSequence(seq)
                .setCaptureTime(Instant.ofEpochSecond(1_700_000_000L, 123_456_000L))
                .setWidth(4)
                .setHeight(2)
                .setEncoding(FrameEncoding.RAW_BGR)
                .setPayload(ByteBuffer.wrap(new byte[4 * 2 * 3]))
                .build();
    }

    static List<FrameRecord> read(byte[] value) {
        List<FrameRecord> out = new ArrayList<>();
        ConsumerRecord<byte[], byte[]> r =
                new ConsumerRecord<>("video-frames", 2, 41L, "cam".getBytes(StandardCharsets.UTF_8), value);
        new FrameRecordDeserializer(FrameLimits.DEFAULTS).deserialize(r, new Collector<>() {
            @Override
            public void collect(FrameRecord record) {
                out.add(record);
            }

            @Override
            public void close() {}
        });
        return out;
    }

    @Test
    void shouldPassAValidFrameWithItsCaptureTimeAsEventTime() {
        List<FrameRecord> out = read(AvroCodec.VIDEO_FRAME.encode(frame("cam", 7)));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).deadLetter).isNull();
        assertThat(out.get(0).frame.getSequence()).isEqualTo(7);
        assertThat(out.get(0).eventTimeMillis()).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void shouldTurnNonAvroBytesIntoADeadLetter() {
        FrameRecord r =
                read("definitely not avro".getBytes(StandardCharsets.UTF_8)).get(0);

        assertThat(r.frame).isNull();
        assertThat(r.deadLetter.getReason()).isEqualTo(DeadLetterReason.NOT_AVRO);
        assertThat(r.deadLetter.getSourceTopic()).isEqualTo("video-frames");
        assertThat(r.deadLetter.getPartition()).isEqualTo(2);
        assertThat(r.deadLetter.getOffset()).isEqualTo(41L);
        assertThat(StandardCharsets.UTF_8.decode(r.deadLetter.getPayloadHead()).toString())
                .isEqualTo("definitely not avro");
    }

    @Test
    void shouldTurnAnUnknownWriterSchemaIntoADeadLetter() {
        byte[] value = AvroCodec.VIDEO_FRAME.encode(frame("cam", 1));
        value[5] ^= 0x5a; // another fingerprint

        assertThat(read(value).get(0).deadLetter.getReason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
    }

    @Test
    void shouldTurnATruncatedBodyIntoADeadLetter() {
        byte[] value = AvroCodec.VIDEO_FRAME.encode(frame("cam", 1));

        FrameRecord r = read(java.util.Arrays.copyOf(value, 14)).get(0);

        assertThat(r.deadLetter.getReason()).isEqualTo(DeadLetterReason.UNDECODABLE_RECORD);
    }

    @Test
    void shouldRejectFramesThatContradictThemselves() {
        VideoFrame wrongSize = frame("cam", 1);
        wrongSize.setWidth(5);
        VideoFrame badBox = frame("cam", 2);
        badBox.setBoxes(List.of(new Box(1f, 1f, 0f, 3f, 1f)));
        VideoFrame noStream = frame("", 3);

        for (VideoFrame f : List.of(wrongSize, badBox, noStream)) {
            FrameRecord r = read(AvroCodec.VIDEO_FRAME.encode(f)).get(0);
            assertThat(r.deadLetter.getReason()).as(f.toString()).isEqualTo(DeadLetterReason.INVALID_FRAME);
        }
        assertThat(read(AvroCodec.VIDEO_FRAME.encode(wrongSize))
                        .get(0)
                        .deadLetter
                        .getMessage())
                .contains("RAW_BGR payload of 24 bytes does not fit 5x2x3");
    }
}
