package dev.tokenpose.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.admin.Topics;
import dev.tokenpose.kafka.consume.RecordReader;
import dev.tokenpose.kafka.produce.FrameEncoder;
import dev.tokenpose.kafka.produce.FrameProducer;
import dev.tokenpose.kafka.produce.Pacing;
import dev.tokenpose.kafka.produce.ProduceOptions;
import dev.tokenpose.kafka.produce.SampleClip;
import dev.tokenpose.kafka.produce.VideoStream;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The frame producer against the official Kafka image; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerTest {

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.0");

    @Test
    void framesPublishedToARealBrokerComeBackInOrderAndDecodable() throws Exception {
        KafkaConnection bootstrap = KafkaConnection.plaintext(KAFKA.getBootstrapServers());
        TopicSettings settings = TopicSettings.DEFAULTS.withTopics("tc-frames", "tc-poses", "tc-dead");
        assertThat(Topics.ensure(bootstrap, settings)).containsExactly("tc-frames", "tc-poses", "tc-dead");
        ProduceOptions options =
                ProduceOptions.DEFAULTS.withPacing(Pacing.AS_FAST_AS_POSSIBLE).withMaxFrames(10);
        try (FrameProducer producer = FrameProducer.create(bootstrap, "tc-frames", options)) {
            producer.publishAll(
                    List.of(new VideoStream(SampleClip.source(), "a"), new VideoStream(SampleClip.source(), "b")));
        }
        List<VideoFrame> frames =
                RecordReader.read(bootstrap, "tc-frames", AvroCodec.VIDEO_FRAME, 20, Duration.ofSeconds(20));
        assertThat(frames).hasSize(20);
        for (String id : List.of("a", "b")) {
            assertThat(frames)
                    .filteredOn(f -> f.getStreamId().equals(id))
                    .extracting(VideoFrame::getSequence)
                    .containsExactlyElementsOf(LongStream.range(0, 10).boxed().toList());
        }
        try (Mat image = FrameEncoder.decode(frames.get(0))) {
            assertThat(image.cols()).isEqualTo(SampleClip.WIDTH);
            assertThat(image.rows()).isEqualTo(SampleClip.HEIGHT);
        }
    }
}
