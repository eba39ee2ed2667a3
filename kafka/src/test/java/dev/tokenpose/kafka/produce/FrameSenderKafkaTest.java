package dev.tokenpose.kafka.produce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.kafka.SharedKafka;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import dev.tokenpose.kafka.consume.ConsumeOptions;
import dev.tokenpose.kafka.consume.RecordReader;
import dev.tokenpose.kafka.testing.Records;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Ready-made frames and raw records, sent as the pose job reads them. */
@ExtendWith(SharedKafka.class)
class FrameSenderKafkaTest {

    @Test
    void sendsFramesKeyedByStreamAndRawRecordsAsGiven(EmbeddedKafka kafka) throws Exception {
        String topic = "frames-sender";
        try (FrameSender sender = FrameSender.open(kafka.connection(), topic)) {
            sender.send(Records.videoFrame("cam-a", 0));
            sender.sendRaw("cam-b", AvroCodec.VIDEO_FRAME.encode(Records.videoFrame("cam-b", 7)));
            sender.flush();
        }

        List<String> keys = new ArrayList<>();
        List<VideoFrame> frames = new ArrayList<>();
        ConsumeOptions read = ConsumeOptions.DEFAULTS.withMaxRecords(2).withIdleTimeout(Duration.ofSeconds(10));
        try (RecordReader<VideoFrame> reader =
                new RecordReader<>(kafka.connection(), topic, AvroCodec.VIDEO_FRAME, read)) {
            reader.forEach((record, frame) -> {
                keys.add(record.key());
                frames.add(frame);
            });
        }

        assertThat(keys).containsExactlyInAnyOrder("cam-a", "cam-b");
        assertThat(frames).extracting(VideoFrame::getSequence).containsExactlyInAnyOrder(0L, 7L);
    }
}
