package dev.tokenpose.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.VideoFrame;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames beyond the limits, or with boxes a producer got wrong, are refused with an actionable reason. */
class FrameLimitsTest {

    private static VideoFrame withBoxes(List<Box> boxes) {
        VideoFrame f = FrameRecordDeserializerTest.frame("cam", 1);
        f.setBoxes(boxes);
        return f;
    }

    private static String problem(VideoFrame f) {
        return FrameValidation.problem(f, FrameLimits.DEFAULTS);
    }

    @Test
    void shouldAcceptBoxesThatReachPastTheEdge() {
        assertThat(problem(withBoxes(List.of(new Box(-2f, -1f, 5f, 2.5f, 0.9f)))))
                .isNull();
    }

    @Test
    void shouldRefuseABoxOutsideTheFrameAsTheProducersMistake() {
        assertThat(problem(withBoxes(List.of(new Box(1e9f, 1e9f, 10f, 10f, 1f)))))
                .isEqualTo("box 0 (1.0E9, 1.0E9, 10.0, 10.0) lies outside the 4x2 frame");
        assertThat(problem(withBoxes(List.of(new Box(1f, 0f, 1f, 1f, 1f), new Box(-5f, 0f, 5f, 1f, 1f)))))
                .startsWith("box 1 ")
                .endsWith("lies outside the 4x2 frame");
    }

    @Test
    void shouldRefuseBoxesThatAreNotNumbersOrHaveNoArea() {
        assertThat(problem(withBoxes(List.of(new Box(Float.NaN, 0f, 1f, 1f, 1f)))))
                .contains("is not finite");
        assertThat(problem(withBoxes(List.of(new Box(0f, 0f, Float.POSITIVE_INFINITY, 1f, 1f)))))
                .contains("is not finite");
        assertThat(problem(withBoxes(List.of(new Box(0f, 0f, -1f, 1f, 1f))))).contains("has no area");
        assertThat(problem(withBoxes(List.of(new Box(0f, 0f, 1f, 1f, 7f)))))
                .isEqualTo("box 0 score 7.0 is outside 0..1");
    }

    @Test
    void shouldRefuseMoreBoxesThanTheLimit() {
        Box b = new Box(0f, 0f, 1f, 1f, 1f);
        assertThat(problem(withBoxes(Collections.nCopies(FrameLimits.DEFAULT_MAX_PERSONS, b))))
                .isNull();
        assertThat(problem(withBoxes(Collections.nCopies(1000, b))))
                .isEqualTo("1000 boxes are more than the limit of 32 persons per frame (max-persons)");
    }

    @Test
    void shouldRefuseAPayloadOverTheByteLimit() {
        VideoFrame f = FrameRecordDeserializerTest.frame("cam", 1); // 24 bytes
        assertThat(FrameValidation.problem(f, new FrameLimits(24, 1))).isNull();
        assertThat(FrameValidation.problem(f, new FrameLimits(23, 1)))
                .isEqualTo("payload of 24 bytes is over the limit of 23 (max-frame-bytes)");
        f.setPayload(ByteBuffer.allocate(0));
        assertThat(problem(f)).isEqualTo("empty payload");
    }
}
