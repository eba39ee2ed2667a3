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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pose operator alone: how it batches across streams, keeps each stream in order and flushes. */
class PoseBatchOperatorHarnessTest {

    static final int W = 64;
    static final int H = 48;
    static final long IDLE_MS = 60_000;

    KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, PoseFrame> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness();
        harness.open();
    }

    static KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, PoseFrame> harness() throws Exception {
        PipelineSpec spec =
                new PipelineSpec(new ModelSpec("T", "seeded:5", false, true, 1, 1), "none", PipelineSettings.DEFAULTS);
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new PoseBatchOperator(spec, PoseJob.DEAD_LETTERS, 3, 1000, false, IDLE_MS),
                new StreamIdSelector(),
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void shouldBatchAcrossStreamsAndKeepEachStreamInOrder() throws Exception {
        harness.processElement(frame("a", 0), 0);
        harness.processElement(frame("b", 0), 0);
        assertThat(harness.getTaskMailbox().hasMail()).isFalse(); // waiting for a third stream or the timer

        harness.processElement(frame("c", 0), 0);
        awaitBatch();
        assertThat(poses()).extracting(p -> p.getStreamId() + p.getSequence()).containsExactly("a0", "b0", "c0");

        harness.processElement(frame("a", 1), 1);
        harness.processElement(frame("b", 1), 1);
        harness.processElement(frame("a", 2), 2); // needs a1's tracks: waits for the batch after a1's
        harness.processElement(frame("c", 1), 1);
        awaitBatch();
        assertThat(poses())
                .extracting(p -> p.getStreamId() + p.getSequence())
                .containsExactly("a0", "b0", "c0", "a1", "b1", "c1");

        harness.setProcessingTime(1000);
        awaitBatch();
        assertThat(poses()).extracting(p -> p.getStreamId() + p.getSequence()).endsWith("a2");
    }

    @Test
    void shouldWaitForTheModelWhenTheBufferIsFull() throws Exception {
        int room = PoseBatchOperator.BUFFERED_BATCHES * 3;
        for (int seq = 0; seq < room; seq++) { // the last one fills the buffer: a0 goes to the model
            harness.processElement(frame("a", seq), seq);
        }
        assertThat(poses()).isEmpty();

        harness.processElement(frame("a", room), room); // no room until a0 is done: this call waits for it

        assertThat(poses()).extracting(PoseFrame::getSequence).containsExactly(0L);
        harness.setProcessingTime(1000);
        for (int i = 0; i < room; i++) {
            awaitBatch();
        }
        assertThat(poses())
                .extracting(PoseFrame::getSequence)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(0, room).boxed().toList());
    }

    @Test
    void shouldKeepWaitingFramesInStateAcrossACheckpointInsteadOfFlushing() throws Exception {
        harness.processElement(frame("a", 0), 0);
        harness.processElement(frame("b", 0), 0);
        harness.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState snapshot = harness.snapshot(1, 0);
        assertThat(poses()).isEmpty(); // a barrier does not cut the batch short

        List<String> restored = restore(snapshot, 1);
        assertThat(restored).containsExactlyInAnyOrder("a0", "b0");

        harness.prepareSnapshotPreBarrier(2);
        OperatorSubtaskState next = harness.snapshot(2, 1);
        assertThat(restore(next, 0)).isEmpty(); // done frames do not run again
    }

    @Test
    void shouldStoreTheBatchInFlightSoThatARestoreRunsItAgain() throws Exception {
        harness.processElement(frame("a", 0), 0);
        harness.processElement(frame("b", 0), 0);
        harness.processElement(frame("c", 0), 0); // a full batch: on the model now
        harness.processElement(frame("a", 1), 1);
        harness.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState snapshot = harness.snapshot(1, 0);
        awaitBatch(); // results after the barrier belong to the next checkpoint
        assertThat(poses()).hasSize(3);

        List<String> restored = restore(snapshot, 2);
        assertThat(restored).containsExactlyInAnyOrder("a0", "b0", "c0", "a1");
        assertThat(restored.indexOf("a0"))
                .isLessThan(restored.indexOf("a1")); // streams restore in any order, each in its own
    }

    /** Closes the harness, opens a new one from the snapshot, and returns what its first batches emit. */
    private List<String> restore(OperatorSubtaskState snapshot, int batches) throws Exception {
        harness.close();
        harness = harness();
        harness.initializeState(snapshot);
        harness.open();
        harness.setProcessingTime(1000);
        for (int i = 0; i < batches; i++) {
            awaitBatch();
        }
        assertThat(awaitBatchFor(Duration.ofMillis(500))).as("no further batch").isFalse();
        return poses().stream().map(p -> p.getStreamId() + p.getSequence()).toList();
    }

    @Test
    void shouldHoldAWatermarkUntilTheFramesBeforeItHaveResults() throws Exception {
        harness.processElement(frame("a", 0), 10);
        harness.processWatermark(new Watermark(10));
        harness.processElement(frame("b", 0), 20);
        assertThat(harness.getOutput()).isEmpty();

        harness.setProcessingTime(1000);
        awaitBatch();

        List<Object> out = new ArrayList<>(harness.getOutput());
        assertThat(out).hasSize(3);
        assertThat(out.get(2)).isEqualTo(new Watermark(10)); // after a0 (and b0, which ran in the same batch)
        assertThat(((StreamRecord<?>) out.get(0)).getTimestamp()).isEqualTo(10);
    }

    @Test
    void shouldReleaseAWatermarkWithTheBatchBeforeItAndNotWaitForLaterFrames() throws Exception {
        harness.processElement(frame("a", 0), 1);
        harness.processElement(frame("b", 0), 1);
        harness.processElement(frame("c", 0), 1); // a full batch: on the model now
        harness.processWatermark(new Watermark(1));
        harness.processElement(frame("a", 1), 2); // after the watermark: it does not hold it back
        assertThat(harness.getOutput()).isEmpty();

        awaitBatch();

        List<Object> out = new ArrayList<>(harness.getOutput());
        assertThat(out).hasSize(4);
        assertThat(out.get(3)).isEqualTo(new Watermark(1));
    }

    @Test
    void shouldKeepTrackIdsPerStreamInKeyedState() throws Exception {
        for (int seq = 0; seq < 4; seq++) {
            harness.processElement(frame("a", seq), seq);
            harness.processElement(frame("b", seq), seq);
            harness.setProcessingTime(1000L * (seq + 1));
            awaitBatch();
        }
        List<PoseFrame> a =
                poses().stream().filter(p -> p.getStreamId().equals("a")).toList();
        List<PoseFrame> b =
                poses().stream().filter(p -> p.getStreamId().equals("b")).toList();

        assertThat(a).extracting(p -> p.getPersons().get(0).getTrackId()).containsExactly(null, null, 1L, 1L);
        assertThat(b).extracting(p -> p.getPersons().get(0).getTrackId()).containsExactly(null, null, 1L, 1L);
    }

    @Test
    void shouldDropAStreamsStateOnceItHasBeenIdleAndKeepActiveStreams() throws Exception {
        harness.processElement(frame("a", 0), 0);
        harness.processElement(frame("b", 0), 0);
        harness.setProcessingTime(1000);
        awaitBatch();
        assertThat(harness.numKeyedStateEntries())
                .as("tracker state, activity and last frame of a and b")
                .isEqualTo(6);

        harness.setProcessingTime(1000 + IDLE_MS / 2); // b goes on, a is silent
        harness.processElement(frame("b", 1), 1);
        harness.setProcessingTime(2000 + IDLE_MS / 2);
        awaitBatch();
        harness.setProcessingTime(1000 + IDLE_MS); // a's idle time is over, b's is not
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
        assertThat(harness.numProcessingTimeTimers())
                .as("one idle timer per stream with state")
                .isEqualTo(1);

        harness.setProcessingTime(2000 + IDLE_MS / 2 + IDLE_MS);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();

        harness.processElement(frame("a", 7), 7); // a comes back: fresh state, a new timer
        harness.setProcessingTime(3000 + 2 * IDLE_MS);
        awaitBatch();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        assertThat(poses()).extracting(p -> p.getStreamId() + p.getSequence()).containsExactly("a0", "b0", "b1", "a7");
    }

    @Test
    void shouldKeepIdleTimersAcrossARestore() throws Exception {
        harness.processElement(frame("a", 0), 0);
        harness.setProcessingTime(1000);
        awaitBatch();
        OperatorSubtaskState snapshot = harness.snapshot(1, 1000);
        harness.close();

        harness = harness();
        harness.initializeState(snapshot);
        harness.open();
        harness.setProcessingTime(1000);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
        harness.setProcessingTime(1000 + IDLE_MS);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldDeadLetterAnUndecodableImageAndGoOn() throws Exception {
        FrameRecord bad = frame("a", 0);
        bad.frame.setEncoding(FrameEncoding.JPEG);
        harness.processElement(bad, 0);
        harness.processElement(frame("a", 1), 1);
        harness.setProcessingTime(1000);
        awaitBatch(); // the bad frame's batch
        awaitBatch(); // the next

        List<DeadLetter> dead = harness.getSideOutput(PoseJob.DEAD_LETTERS).stream()
                .map(StreamRecord::getValue)
                .toList();
        assertThat(dead).extracting(DeadLetter::getReason).containsExactly(DeadLetterReason.UNDECODABLE_IMAGE);
        assertThat(poses()).extracting(PoseFrame::getSequence).containsExactly(1L);
    }

    @Test
    void shouldDeadLetterRepeatedAndBackwardFramesButFollowARestartedProducer() throws Exception {
        harness.processElement(frame("a", 5), 5);
        harness.processElement(frame("a", 5), 5); // a duplicate
        FrameRecord back = frame("a", 4);
        back.frame.setCaptureTime(Instant.ofEpochSecond(1_700_000_000L + 4)); // captured before 5: a replay
        harness.processElement(back, 4);
        FrameRecord restarted = frame("a", 0);
        restarted.frame.setCaptureTime(Instant.ofEpochSecond(1_700_000_100L)); // a later capture from 0: a new run
        harness.processElement(restarted, 100);
        harness.setProcessingTime(1000);
        awaitBatch(); // 5
        awaitBatch(); // 0, after 5's tracks

        List<DeadLetter> dead = harness.getSideOutput(PoseJob.DEAD_LETTERS).stream()
                .map(StreamRecord::getValue)
                .toList();
        assertThat(dead)
                .extracting(DeadLetter::getReason)
                .containsExactly(DeadLetterReason.INVALID_FRAME, DeadLetterReason.INVALID_FRAME);
        assertThat(dead.get(0).getMessage()).startsWith("sequence 5 repeats");
        assertThat(dead.get(1).getMessage()).startsWith("sequence 4 goes back from 5");
        assertThat(poses()).extracting(PoseFrame::getSequence).containsExactly(5L, 0L);
    }

    /** Runs the task-thread half of the next batch once the model is done with it. */
    private void awaitBatch() throws Exception {
        assertThat(awaitBatchFor(Duration.ofSeconds(60))).as("a batch finished").isTrue();
    }

    private boolean awaitBatchFor(Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            var mail = harness.getTaskMailbox().tryTake(TaskMailbox.MIN_PRIORITY);
            if (mail.isPresent()) {
                mail.get().run();
                return true;
            }
            Thread.sleep(5);
        }
        return false;
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
