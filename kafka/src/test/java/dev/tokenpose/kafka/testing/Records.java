package dev.tokenpose.kafka.testing;

import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.Keypoint;
import dev.tokenpose.schema.ModelIdentity;
import dev.tokenpose.schema.Person;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small, fully populated records for tests. */
public final class Records {

    /** A fixed capture time with microseconds. */
    public static final Instant CAPTURED = Instant.parse("2026-01-02T03:04:05.123456Z");

    private Records() {}

    public static VideoFrame videoFrame(String streamId, long sequence) {
        return VideoFrame.newBuilder()
                .setStreamId(streamId)
                .setSequence(sequence)
                .setCaptureTime(CAPTURED)
                .setWidth(4)
                .setHeight(2)
                .setEncoding(FrameEncoding.JPEG)
                .setPayload(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}))
                .setBoxes(List.of(new Box(1f, 2f, 3f, 4f, 0.5f)))
                .setMetadata(Map.of("source", "test"))
                .build();
    }

    public static PoseFrame poseFrame(String streamId, long sequence) {
        Person person = Person.newBuilder()
                .setTrackId(7L)
                .setBox(new Box(10f, 20f, 30f, 60f, 0.9f))
                .setKeypoints(List.of(new Keypoint(12.5f, 22.25f, 0.75f), new Keypoint(14f, 24f, 0.5f)))
                .setScore(0.625f)
                .build();
        Person untracked = Person.newBuilder()
                .setTrackId(null)
                .setBox(new Box(0f, 0f, 5f, 5f, 1f))
                .setKeypoints(List.of())
                .setScore(0f)
                .build();
        return PoseFrame.newBuilder()
                .setStreamId(streamId)
                .setSequence(sequence)
                .setCaptureTime(CAPTURED)
                .setIngestTime(CAPTURED.plusMillis(5))
                .setInferenceTime(CAPTURED.plusMillis(40))
                .setModel(new ModelIdentity("S-v1", "sha256:0123456789ab", false))
                .setWidth(768)
                .setHeight(576)
                .setPersons(List.of(person, untracked))
                .build();
    }

    public static DeadLetter deadLetter(String key) {
        return DeadLetter.newBuilder()
                .setSourceTopic("video-frames")
                .setPartition(2)
                .setOffset(41)
                .setKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setReason(DeadLetterReason.UNDECODABLE_IMAGE)
                .setMessage("payload is not a JPEG image")
                .setTime(CAPTURED)
                .setPayloadHead(ByteBuffer.wrap(new byte[] {0x00, 0x1f, (byte) 0xab}))
                .build();
    }
}
