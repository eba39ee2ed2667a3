package dev.tokenpose.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.kafka.produce.FrameEncoder;
import dev.tokenpose.kafka.produce.FrameSender;
import dev.tokenpose.kafka.produce.SampleClip;
import dev.tokenpose.preprocess.CenterScale;
import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.Keypoint;
import dev.tokenpose.schema.ModelIdentity;
import dev.tokenpose.schema.Person;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * The end-to-end scenario shared by the embedded-broker and the Testcontainers runs: three streams
 * of the sample clip with a handful of bad records in the middle, through the pose job, checked on
 * the committed output.
 */
final class PoseJobScenario {

    static final List<String> STREAMS = List.of("cam-1", "cam-2", "cam-3");
    static final int FRAMES_PER_STREAM = 8;
    /** A person box well inside the 768×576 clip: its padded crop window stays inside the frame. */
    static final Box BOX = new Box(200f, 100f, 300f, 350f, 0.9f);
    /** The job's frame size limit in this scenario: the clip's JPEGs are far below it, the padded one above. */
    static final int MAX_FRAME_BYTES = 400_000;

    /** The bad records and the reason each must be rejected with. */
    final Map<String, DeadLetterReason> expectedDeadLetters = new LinkedHashMap<>();

    /** Publishes the frames (cam-3 without boxes: the whole frame is the person) with the bad records halfway. */
    void publish(KafkaConnection kafka, String topic) throws Exception {
        List<Frame> clip = new ArrayList<>();
        try (FFmpegFrameGrabber grabber =
                new FFmpegFrameGrabber(SampleClip.path().toFile())) {
            grabber.start();
            for (int i = 0; i < FRAMES_PER_STREAM; i++) {
                clip.add(grabber.grabImage().clone());
            }
            grabber.stop();
        }
        FrameEncoder encoder = FrameEncoder.defaults();
        Map<String, List<VideoFrame>> sent = new LinkedHashMap<>();
        try (FrameSender sender = FrameSender.open(kafka, topic)) {
            for (int seq = 0; seq < FRAMES_PER_STREAM; seq++) {
                if (seq == FRAMES_PER_STREAM / 2) {
                    publishBadRecords(sender, encoder, clip.get(0));
                    // Within real streams: a duplicate of cam-1's last frame, and cam-2 going back two frames.
                    bad(
                            sender,
                            "cam-1",
                            AvroCodec.VIDEO_FRAME.encode(sent.get("cam-1").get(seq - 1)),
                            DeadLetterReason.INVALID_FRAME);
                    bad(
                            sender,
                            "cam-2",
                            AvroCodec.VIDEO_FRAME.encode(sent.get("cam-2").get(seq - 2)),
                            DeadLetterReason.INVALID_FRAME);
                }
                for (String stream : STREAMS) {
                    VideoFrame f = encoder.encode(clip.get(seq), stream, seq, Instant.now(), null);
                    if (!stream.equals("cam-3")) {
                        f.setBoxes(List.of(BOX));
                    }
                    sender.send(f);
                    sent.computeIfAbsent(stream, s -> new ArrayList<>()).add(f);
                }
            }
            sender.flush();
        }
    }

    private void publishBadRecords(FrameSender sender, FrameEncoder encoder, Frame image) {
        VideoFrame good = encoder.encode(image, "bad", 0, Instant.now(), null);
        byte[] encoded = AvroCodec.VIDEO_FRAME.encode(good);

        bad(sender, "not-avro", "GET / HTTP/1.1".getBytes(StandardCharsets.UTF_8), DeadLetterReason.NOT_AVRO);
        byte[] otherSchema = encoded.clone();
        otherSchema[4] ^= 0x7f;
        bad(sender, "unknown-schema", otherSchema, DeadLetterReason.UNKNOWN_SCHEMA);
        bad(sender, "truncated", Arrays.copyOf(encoded, encoded.length / 3), DeadLetterReason.UNDECODABLE_RECORD);

        VideoFrame zeroBox = copy(good, "zero-box");
        zeroBox.setBoxes(List.of(new Box(10f, 10f, 0f, 50f, 1f)));
        bad(sender, "zero-box", AvroCodec.VIDEO_FRAME.encode(zeroBox), DeadLetterReason.INVALID_FRAME);

        VideoFrame garbage = copy(good, "garbage-jpeg");
        garbage.setPayload(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3, 4, 5, 6}));
        bad(sender, "garbage-jpeg", AvroCodec.VIDEO_FRAME.encode(garbage), DeadLetterReason.UNDECODABLE_IMAGE);

        VideoFrame wrongSize = copy(good, "wrong-size");
        wrongSize.setWidth(good.getWidth() / 2);
        bad(sender, "wrong-size", AvroCodec.VIDEO_FRAME.encode(wrongSize), DeadLetterReason.INVALID_FRAME);

        // The rest of the fuzz set: one record per way a producer can get a frame wrong.
        VideoFrame png = copy(good, "garbage-png");
        png.setEncoding(FrameEncoding.PNG);
        png.setPayload(ByteBuffer.wrap(
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H'}));
        bad(sender, "garbage-png", AvroCodec.VIDEO_FRAME.encode(png), DeadLetterReason.UNDECODABLE_IMAGE);
        VideoFrame cut = copy(good, "truncated-jpeg");
        byte[] jpeg = new byte[good.getPayload().remaining()];
        good.getPayload().duplicate().get(jpeg);
        cut.setPayload(ByteBuffer.wrap(Arrays.copyOf(jpeg, 100)));
        bad(sender, "truncated-jpeg", AvroCodec.VIDEO_FRAME.encode(cut), DeadLetterReason.UNDECODABLE_IMAGE);
        PoseFrame pose = PoseFrame.newBuilder()
                .setStreamId("wrong-schema")
                .setSequence(0)
                .setCaptureTime(Instant.now())
                .setIngestTime(Instant.now())
                .setInferenceTime(Instant.now())
                .setWidth(1)
                .setHeight(1)
                .setModel(ModelIdentity.newBuilder()
                        .setVariant("T")
                        .setWeights("w")
                        .setTrained(false)
                        .build())
                .setPersons(List.of())
                .build();
        bad(sender, "wrong-schema", AvroCodec.POSE_FRAME.encode(pose), DeadLetterReason.UNKNOWN_SCHEMA);
        VideoFrame empty = copy(good, "zero-size");
        empty.setWidth(0);
        empty.setHeight(0);
        bad(sender, "zero-size", AvroCodec.VIDEO_FRAME.encode(empty), DeadLetterReason.INVALID_FRAME);
        VideoFrame huge = copy(good, "huge-size");
        huge.setWidth(20000);
        huge.setHeight(20000);
        bad(sender, "huge-size", AvroCodec.VIDEO_FRAME.encode(huge), DeadLetterReason.INVALID_FRAME);
        VideoFrame heavy = copy(good, "over-byte-limit");
        heavy.setPayload(
                ByteBuffer.wrap(Arrays.copyOf(jpeg, MAX_FRAME_BYTES + 1))); // a valid JPEG, zero-padded past the limit
        bad(sender, "over-byte-limit", AvroCodec.VIDEO_FRAME.encode(heavy), DeadLetterReason.INVALID_FRAME);
        Map<String, Box> badBoxes = new LinkedHashMap<>();
        badBoxes.put("nan-box", new Box(Float.NaN, 10f, 50f, 50f, 1f));
        badBoxes.put("negative-box", new Box(10f, 10f, -50f, 50f, 1f));
        badBoxes.put("outside-box", new Box(1e9f, 1e9f, 50f, 50f, 1f));
        badBoxes.forEach((key, box) -> {
            VideoFrame f = copy(good, key);
            f.setBoxes(List.of(box));
            bad(sender, key, AvroCodec.VIDEO_FRAME.encode(f), DeadLetterReason.INVALID_FRAME);
        });
        VideoFrame crowd = copy(good, "too-many-persons");
        crowd.setBoxes(java.util.Collections.nCopies(1000, BOX));
        bad(sender, "too-many-persons", AvroCodec.VIDEO_FRAME.encode(crowd), DeadLetterReason.INVALID_FRAME);
        VideoFrame anonymous = copy(good, "");
        bad(sender, "", AvroCodec.VIDEO_FRAME.encode(anonymous), DeadLetterReason.INVALID_FRAME);
    }

    private static VideoFrame copy(VideoFrame f, String stream) {
        VideoFrame c = VideoFrame.newBuilder(f).build();
        c.setStreamId(stream);
        c.setEncoding(FrameEncoding.JPEG);
        return c;
    }

    private void bad(FrameSender sender, String key, byte[] value, DeadLetterReason reason) {
        expectedDeadLetters.put(key, reason);
        sender.sendRaw(key, value);
    }

    int expectedRecords() {
        return STREAMS.size() * FRAMES_PER_STREAM + expectedDeadLetters.size();
    }

    /** Every frame exactly once, in order per stream, with its keypoints where they belong; every bad record a dead letter. */
    void verify(List<PoseFrame> poses, List<DeadLetter> deadLetters) {
        Map<String, List<Long>> sequences = new LinkedHashMap<>();
        for (PoseFrame p : poses) {
            sequences.computeIfAbsent(p.getStreamId(), s -> new ArrayList<>()).add(p.getSequence());
            assertThat(p.getModel().getTrained()).isFalse();
            assertThat(p.getModel().getWeights()).contains("seeded:");
            assertThat(p.getWidth()).isEqualTo(SampleClip.WIDTH);
            assertThat(p.getHeight()).isEqualTo(SampleClip.HEIGHT);
            assertThat(p.getInferenceTime()).isAfterOrEqualTo(p.getIngestTime());
            assertThat(p.getIngestTime()).isAfterOrEqualTo(p.getCaptureTime());
            assertThat(p.getPersons()).hasSize(1);
            Person person = p.getPersons().get(0);
            assertThat(person.getKeypoints()).hasSize(17);
            // The tracker confirms a person on their third frame; each stream numbers its own tracks from 1.
            assertThat(person.getTrackId())
                    .as("track id of %s #%d", p.getStreamId(), p.getSequence())
                    .isEqualTo(p.getSequence() < 2 ? null : 1L);
            float[] window = window(
                    p.getStreamId().equals("cam-3")
                            ? new Box(0f, 0f, (float) p.getWidth(), (float) p.getHeight(), 1f)
                            : BOX);
            for (Keypoint k : person.getKeypoints()) {
                assertThat(k.getX()).as("x of %s", p.getStreamId()).isBetween(window[0], window[2]);
                assertThat(k.getY()).as("y of %s", p.getStreamId()).isBetween(window[1], window[3]);
                if (!p.getStreamId().equals("cam-3")) {
                    assertThat(k.getX()).isBetween(0f, (float) p.getWidth());
                    assertThat(k.getY()).isBetween(0f, (float) p.getHeight());
                }
            }
        }
        List<Long> all = new ArrayList<>();
        for (long i = 0; i < FRAMES_PER_STREAM; i++) {
            all.add(i);
        }
        assertThat(sequences).containsOnlyKeys(STREAMS);
        sequences.values().forEach(s -> assertThat(s).containsExactlyElementsOf(all));

        Map<String, DeadLetterReason> got = new LinkedHashMap<>();
        for (DeadLetter d : deadLetters) {
            String key = d.getKey() == null
                    ? ""
                    : StandardCharsets.UTF_8.decode(d.getKey().duplicate()).toString();
            got.put(key, d.getReason());
            assertThat(d.getMessage()).isNotBlank();
            assertThat(d.getSourceTopic()).isNotBlank();
        }
        assertThat(deadLetters).hasSize(expectedDeadLetters.size());
        assertThat(got).isEqualTo(expectedDeadLetters);
    }

    /** The image region the model sees for a box (aspect-fixed, ×1.25): x0, y0, x1, y1. */
    static float[] window(Box b) {
        CenterScale cs = CenterScale.fromBox(b.getX(), b.getY(), b.getWidth(), b.getHeight(), 192, 256);
        float w = (float) (cs.scaleX() * CenterScale.PIXEL_STD);
        float h = (float) (cs.scaleY() * CenterScale.PIXEL_STD);
        return new float[] {
            cs.centerX() - w / 2 - 1, cs.centerY() - h / 2 - 1, cs.centerX() + w / 2 + 1, cs.centerY() + h / 2 + 1
        };
    }
}
