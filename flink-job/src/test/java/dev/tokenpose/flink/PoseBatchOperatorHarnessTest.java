package dev.tokenpose.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.ModelSpec;
import dev.tokenpose.pipeline.PipelineSettings;
import dev.tokenpose.pipeline.PipelineSpec;
import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pose operator alone: how it batches across streams, keeps each stream in order and flushes. */
class PoseBatchOperatorHarnessTest {

    static final int W = 64;
    static final int H = 48;

    KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, PoseFrame> harness;

    @BeforeEach
    void open() throws Exception {
        PipelineSpec spec = new PipelineSpec(new ModelSpec("T", "seeded:5", false, true, 1, 1), "none", PipelineSettings.DEFAULTS);
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new PoseBatchOperator(spec, PoseJob.DEAD_LETTERS, 3, 1000),
                new StreamIdSelector(), Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void shouldBatchAcrossStreamsAndKeepEachStreamInOrder() throws Exception {
        harness.processElement(frame("a", 0), 0);
        harness.processElement(frame("b", 0), 0);
        assertThat(poses()).isEmpty(); // waiting for a third stream or the timer

        harness.processElement(frame("c", 0), 0);
        assertThat(poses()).extracting(p -> p.getStreamId() + p.getSequence()).containsExactly("a0", "b0", "c0");

        harness.processElement(frame("a", 1), 1);
        harness.processElement(frame("b", 1), 1);
        harness.processElement(frame("a", 2), 2); // a's next frame needs a1's tracks: a1 and b1 go first
        assertThat(poses()).extracting(p -> p.getStreamId() + p.getSequence()).containsExactly("a0", "b0", "c0", "a1", "b1");

        harness.setProcessingTime(1000);
        assertThat(poses()).extracting(p -> p.getStreamId() + p.getSequence()).endsWith("a2");
    }

    @Test
    void shouldFlushBeforeACheckpointBarrier() throws Exception {
        harness.processElement(frame("a", 0), 0);
        assertThat(poses()).isEmpty();

        harness.prepareSnapshotPreBarrier(1);

        assertThat(poses()).hasSize(1);
    }

    @Test
    void shouldKeepTrackIdsPerStreamInKeyedState() throws Exception {
        for (int seq = 0; seq < 4; seq++) {
            harness.processElement(frame("a", seq), seq);
            harness.processElement(frame("b", seq), seq);
            harness.setProcessingTime(1000L * (seq + 1));
        }
        List<PoseFrame> a = poses().stream().filter(p -> p.getStreamId().equals("a")).toList();
        List<PoseFrame> b = poses().stream().filter(p -> p.getStreamId().equals("b")).toList();

        assertThat(a).extracting(p -> p.getPersons().get(0).getTrackId()).containsExactly(null, null, 1L, 1L);
        assertThat(b).extracting(p -> p.getPersons().get(0).getTrackId()).containsExactly(null, null, 1L, 1L);
    }

    @Test
    void shouldDeadLetterAnUndecodableImageAndGoOn() throws Exception {
        FrameRecord bad = frame("a", 0);
        bad.frame.setEncoding(FrameEncoding.JPEG);
        harness.processElement(bad, 0);
        harness.processElement(frame("a", 1), 1);
        harness.setProcessingTime(1000);

        List<DeadLetter> dead = harness.getSideOutput(PoseJob.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
        assertThat(dead).extracting(DeadLetter::getReason).containsExactly(DeadLetterReason.UNDECODABLE_IMAGE);
        assertThat(poses()).extracting(PoseFrame::getSequence).containsExactly(1L);
    }

    private List<PoseFrame> poses() {
        return harness.extractOutputValues();
    }

    static FrameRecord frame(String stream, long seq) {
        byte[] pixels = new byte[W * H * 3];
        java.util.Arrays.fill(pixels, (byte) (40 + seq));
        VideoFrame f = VideoFrame.newBuilder()
                .setStreamId(stream)
                .setSequence(seq)
                .setCaptureTime(Instant.ofEpochSecond(1_700_000_000L + seq))
                .setWidth(W)
                .setHeight(H)
                .setEncoding(FrameEncoding.RAW_BGR)
                .setPayload(ByteBuffer.wrap(pixels))
                .setBoxes(List.of(new Box(10f, 5f, 20f, 36f, 1f)))
                .build();
        return FrameRecord.of(f, "video-frames", 0, seq, 1_700_000_000_000_000L + seq);
    }
}
