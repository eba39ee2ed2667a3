package dev.tokenpose.kafka.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.kafka.serde.AvroSerializer;
import dev.tokenpose.schema.VideoFrame;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The frame producer against Kafka's in-memory producer: reading, pacing, looping, limits. */
class FrameProducerTest {

    private static final ProduceOptions FAST = ProduceOptions.DEFAULTS.withPacing(Pacing.AS_FAST_AS_POSSIBLE);

    private final MockProducer<String, VideoFrame> mock =
            new MockProducer<>(true, null, new StringSerializer(), AvroSerializer.videoFrames());

    @Test
    void publishesEveryFrameOfAFileKeyedByStreamWithSequencesFromZero() throws Exception {
        try (FrameProducer producer = new FrameProducer(mock, "frames", FAST)) {
            assertThat(producer.publish(SampleClip.source(), "ped")).isEqualTo(SampleClip.FRAMES);
        }
        List<ProducerRecord<String, VideoFrame>> sent = mock.history();
        assertThat(sent).hasSize(SampleClip.FRAMES).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo("frames");
            assertThat(r.key()).isEqualTo("ped");
            assertThat(r.value().getStreamId()).isEqualTo("ped");
            assertThat(r.value().getWidth()).isEqualTo(SampleClip.WIDTH);
            assertThat(r.value().getHeight()).isEqualTo(SampleClip.HEIGHT);
            assertThat(r.value().getMetadata())
                    .containsEntry("source", SampleClip.path().toString())
                    .containsEntry("sourceKind", "file")
                    .containsEntry("frameRate", "10.000");
        });
        assertThat(sent)
                .extracting(r -> r.value().getSequence())
                .containsExactlyElementsOf(
                        LongStream.range(0, SampleClip.FRAMES).boxed().toList());
        assertThat(sent).extracting(r -> r.value().getCaptureTime()).isSorted();
    }

    @Test
    void loopingRestartsTheFileAndKeepsCountingUntilTheFrameLimit() throws Exception {
        int limit = SampleClip.FRAMES + 15;
        try (FrameProducer producer = new FrameProducer(
                mock, "frames", FAST.withLoop(true).withMaxFrames(limit).withMaxSize(192, 0))) {
            assertThat(producer.publish(SampleClip.source(), "loop")).isEqualTo(limit);
        }
        List<VideoFrame> frames =
                mock.history().stream().map(ProducerRecord::value).toList();
        assertThat(frames)
                .extracting(VideoFrame::getSequence)
                .containsExactlyElementsOf(LongStream.range(0, limit).boxed().toList());
        assertThat(frames.get(SampleClip.FRAMES - 1).getMetadata()).containsEntry("sourceFrame", "59");
        assertThat(frames.get(SampleClip.FRAMES).getMetadata()).containsEntry("sourceFrame", "0");
        assertThat(frames).allSatisfy(f -> assertThat(f.getWidth()).isEqualTo(192));
    }

    @Test
    void withoutLoopingTheFrameLimitCutsTheFileShort() throws Exception {
        try (FrameProducer producer = new FrameProducer(mock, "frames", FAST.withMaxFrames(7))) {
            assertThat(producer.publish(SampleClip.source(), "short")).isEqualTo(7);
        }
        assertThat(mock.history()).hasSize(7);
    }

    @Test
    void realtimePacingFollowsTheFileFrameRate() throws Exception {
        int frames = 6;
        long start = System.nanoTime();
        try (FrameProducer producer =
                new FrameProducer(mock, "frames", ProduceOptions.DEFAULTS.withMaxFrames(frames))) {
            producer.publish(SampleClip.source(), "paced");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // Frame k goes out k/10 s after the first one: 0.5 s for six frames.
        assertThat(seconds).isGreaterThanOrEqualTo((frames - 1) / SampleClip.FRAME_RATE);
        List<ProducerRecord<String, VideoFrame>> sent = mock.history();
        long spanMicros = java.time.Duration.between(
                                sent.get(0).value().getCaptureTime(),
                                sent.get(frames - 1).value().getCaptureTime())
                        .toNanos()
                / 1000;
        assertThat(spanMicros).isBetween(480_000L, 1_500_000L);
    }

    @Test
    void publishesSeveralStreamsConcurrentlyAndReportsTheirCounts() throws Exception {
        try (FrameProducer producer = new FrameProducer(mock, "frames", FAST.withMaxFrames(10))) {
            Map<String, Long> counts = producer.publishAll(
                    List.of(new VideoStream(SampleClip.source(), "a"), new VideoStream(SampleClip.source(), "b")));
            assertThat(counts).containsExactly(Map.entry("a", 10L), Map.entry("b", 10L));
        }
        for (String id : List.of("a", "b")) {
            assertThat(mock.history())
                    .filteredOn(r -> r.key().equals(id))
                    .extracting(r -> r.value().getSequence())
                    .containsExactlyElementsOf(LongStream.range(0, 10).boxed().toList());
        }
    }

    @Test
    void aMissingFileFailsItsStreamButNotTheOthers() throws Exception {
        try (FrameProducer producer = new FrameProducer(mock, "frames", FAST.withMaxFrames(5))) {
            assertThatThrownBy(() -> producer.publishAll(List.of(
                            new VideoStream(SampleClip.source(), "good"),
                            new VideoStream(FrameSource.parse("missing/clip.mp4"), "bad"))))
                    .isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("clip.mp4");
        }
        assertThat(mock.history())
                .hasSize(5)
                .allSatisfy(r -> assertThat(r.key()).isEqualTo("good"));
    }

    @Test
    void aStreamIdMayBeUsedOnlyOnce() {
        try (FrameProducer producer = new FrameProducer(mock, "frames", FAST)) {
            assertThatThrownBy(() -> producer.publishAll(List.of(
                            new VideoStream(SampleClip.source(), "x"), new VideoStream(SampleClip.source(), "x"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("x");
        }
    }

    @Test
    void aFileThatIsNotAVideoFailsWithAnIoException(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path notVideo = java.nio.file.Files.writeString(dir.resolve("notes.mp4"), "not a video");
        try (FrameProducer producer = new FrameProducer(mock, "frames", FAST)) {
            assertThatThrownBy(() -> producer.publish(FrameSource.file(notVideo), "x"))
                    .isInstanceOf(IOException.class);
        }
    }
}
