package dev.tokenpose.schema.codec;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sample records of every type, with every optional field settable. */
final class Samples {

    /** A capture time with all six microsecond digits in use. */
    static final Instant CAPTURED = Instant.parse("2025-03-14T15:09:26.535897Z");

    /** The first bytes of a JFIF file: what a producer sending raw JPEG instead of Avro would send. */
    static final byte[] JPEG_HEAD = {
        (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01
    };

    private Samples() {}

    static Box box(float x) {
        return Box.newBuilder()
                .setX(x)
                .setY(x + 1)
                .setWidth(48.5f)
                .setHeight(96.25f)
                .setScore(0.875f)
                .build();
    }

    static VideoFrame frame(List<Box> boxes, Map<String, String> metadata) {
        return VideoFrame.newBuilder()
                .setStreamId("cam-1")
                .setSequence(42)
                .setCaptureTime(CAPTURED)
                .setWidth(640)
                .setHeight(480)
                .setEncoding(FrameEncoding.JPEG)
                .setPayload(ByteBuffer.wrap(JPEG_HEAD))
                .setBoxes(boxes)
                .setMetadata(metadata)
                .build();
    }

    static VideoFrame frame() {
        return frame(List.of(box(10), box(200)), Map.of("camera", "hall"));
    }

    static Person person(Long trackId, int keypoints) {
        List<Keypoint> joints = new ArrayList<>();
        for (int i = 0; i < keypoints; i++) {
            joints.add(Keypoint.newBuilder()
                    .setX(100 + i)
                    .setY(200 - i)
                    .setScore(i / 17f)
                    .build());
        }
        return Person.newBuilder()
                .setTrackId(trackId)
                .setBox(box(trackId == null ? 0 : trackId))
                .setKeypoints(joints)
                .setScore(0.75f)
                .build();
    }

    static PoseFrame poses(List<Person> persons) {
        return PoseFrame.newBuilder()
                .setStreamId("cam-1")
                .setSequence(42)
                .setCaptureTime(CAPTURED)
                .setIngestTime(CAPTURED.plusNanos(1_000))
                .setInferenceTime(CAPTURED.plusMillis(35).plusNanos(7_000))
                .setModel(ModelIdentity.newBuilder()
                        .setVariant("S-v1")
                        .setWeights("sha256:0123456789ab")
                        .build())
                .setWidth(640)
                .setHeight(480)
                .setPersons(persons)
                .build();
    }

    static PoseFrame poses() {
        return poses(List.of(person(7L, 17), person(null, 17)));
    }

    static DeadLetter deadLetter(ByteBuffer key, DeadLetterReason reason) {
        return DeadLetter.newBuilder()
                .setSourceTopic("frames")
                .setPartition(3)
                .setOffset(123_456_789_012L)
                .setKey(key)
                .setReason(reason)
                .setMessage("value of 5 bytes is too short for an Avro single-object header")
                .setTime(CAPTURED)
                .setPayloadHead(ByteBuffer.wrap(new byte[] {'h', 'e', 'l', 'l', 'o'}))
                .build();
    }

    static DeadLetter deadLetter() {
        return deadLetter(ByteBuffer.wrap("cam-1".getBytes(StandardCharsets.UTF_8)), DeadLetterReason.NOT_AVRO);
    }
}
