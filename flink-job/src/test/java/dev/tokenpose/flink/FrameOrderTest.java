package dev.tokenpose.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.schema.VideoFrame;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FrameOrderTest {

    private static VideoFrame frame(long seq, long captureMicros) {
        VideoFrame f = FrameRecordDeserializerTest.frame("cam", seq);
        f.setCaptureTime(Instant.ofEpochSecond(captureMicros / 1_000_000, captureMicros % 1_000_000 * 1000));
        return f;
    }

    @Test
    void shouldAcceptTheFirstFrameAndEveryLaterSequence() {
        assertThat(FrameOrder.problem(null, frame(9, 5))).isNull();
        long[] last = FrameOrder.position(frame(9, 1_700_000_000_000_001L));
        assertThat(last).containsExactly(9, 1_700_000_000_000_001L);
        assertThat(FrameOrder.problem(last, frame(10, 0))).isNull(); // sequence decides; capture times may jitter
        assertThat(FrameOrder.problem(last, frame(1000, 0))).isNull(); // dropped frames leave gaps
    }

    @Test
    void shouldRefuseARepeatOrAStepBackCapturedNoLater() {
        long[] last = FrameOrder.position(frame(9, 2_000_000));
        assertThat(FrameOrder.problem(last, frame(9, 2_000_000))).startsWith("sequence 9 repeats");
        assertThat(FrameOrder.problem(last, frame(3, 1_000_000))).startsWith("sequence 3 goes back from 9");
    }

    @Test
    void shouldFollowAProducerThatStartedOver() {
        long[] last = FrameOrder.position(frame(9, 2_000_000));
        assertThat(FrameOrder.problem(last, frame(0, 2_000_001))).isNull();
    }
}
