package dev.tokenpose.kafka.produce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.kafka.SharedKafka;
import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.admin.Topics;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import dev.tokenpose.kafka.consume.ConsumeOptions;
import dev.tokenpose.kafka.consume.RecordReader;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The frame producer against a real broker: what a pose job reading the frames topic gets. */
@ExtendWith(SharedKafka.class)
class FrameProducerKafkaTest {

    private record Received(String key, int partition, VideoFrame frame) {}

    @Test
    void publishesTwoStreamsOfTheSampleClipReadableAsDecodableJpegFrames(EmbeddedKafka kafka) throws Exception {
        String topic = "frames-two-streams";
        try (Admin admin = Topics.admin(kafka.connection())) {
            Topics.ensure(admin, List.of(Topics.framesTopic(topic, TopicSettings.DEFAULTS)));
        }
        ProduceOptions options =
                ProduceOptions.DEFAULTS.withPacing(Pacing.AS_FAST_AS_POSSIBLE).withMaxFrames(20);
        try (FrameProducer producer = FrameProducer.create(kafka.connection(), topic, options)) {
            Map<String, Long> counts = producer.publishAll(List.of(
                    new VideoStream(SampleClip.source(), "cam-a"), new VideoStream(SampleClip.source(), "cam-b")));
            assertThat(counts).containsEntry("cam-a", 20L).containsEntry("cam-b", 20L);
        }

        List<Received> received = new ArrayList<>();
        ConsumeOptions read = ConsumeOptions.DEFAULTS.withMaxRecords(40).withIdleTimeout(Duration.ofSeconds(10));
        try (RecordReader<VideoFrame> reader =
                new RecordReader<>(kafka.connection(), topic, AvroCodec.VIDEO_FRAME, read)) {
            reader.forEach((record, frame) -> received.add(new Received(record.key(), record.partition(), frame)));
        }

        assertThat(received).hasSize(40);
        for (String id : List.of("cam-a", "cam-b")) {
            List<Received> stream =
                    received.stream().filter(r -> r.key().equals(id)).toList();
            // One key, one partition: the stream's order survives.
            assertThat(stream)
                    .extracting(Received::partition)
                    .containsOnly(stream.get(0).partition());
            assertThat(stream).extracting(r -> r.frame().getStreamId()).containsOnly(id);
            assertThat(stream)
                    .extracting(r -> r.frame().getSequence())
                    .containsExactlyElementsOf(LongStream.range(0, 20).boxed().toList());
        }
        for (Received r : List.of(received.get(0), received.get(39))) {
            try (Mat image = FrameEncoder.decode(r.frame())) {
                assertThat(image.cols()).isEqualTo(r.frame().getWidth()).isEqualTo(SampleClip.WIDTH);
                assertThat(image.rows()).isEqualTo(r.frame().getHeight()).isEqualTo(SampleClip.HEIGHT);
            }
        }
    }

    @Test
    void loopsTheClipPastItsLengthWithContiguousSequences(EmbeddedKafka kafka) throws Exception {
        String topic = "frames-loop";
        long limit = SampleClip.FRAMES + 10;
        ProduceOptions options = ProduceOptions.DEFAULTS
                .withPacing(Pacing.AS_FAST_AS_POSSIBLE)
                .withLoop(true)
                .withMaxFrames(limit)
                .withMaxSize(320, 240)
                .withJpegQuality(70);
        try (Admin admin = Topics.admin(kafka.connection())) {
            Topics.ensure(admin, List.of(Topics.framesTopic(topic, TopicSettings.DEFAULTS)));
        }
        try (FrameProducer producer = FrameProducer.create(kafka.connection(), topic, options)) {
            assertThat(producer.publish(SampleClip.source(), "looped")).isEqualTo(limit);
        }
        List<VideoFrame> frames =
                RecordReader.read(kafka.connection(), topic, AvroCodec.VIDEO_FRAME, limit, Duration.ofSeconds(10));
        assertThat(frames)
                .extracting(VideoFrame::getSequence)
                .containsExactlyElementsOf(LongStream.range(0, limit).boxed().toList());
        assertThat(frames).allSatisfy(f -> {
            assertThat(f.getWidth()).isEqualTo(320);
            assertThat(f.getHeight()).isEqualTo(240);
        });
    }
}
