package dev.tokenpose.schema.codec;

import static dev.tokenpose.schema.codec.Samples.box;
import static dev.tokenpose.schema.codec.Samples.deadLetter;
import static dev.tokenpose.schema.codec.Samples.frame;
import static dev.tokenpose.schema.codec.Samples.person;
import static dev.tokenpose.schema.codec.Samples.poses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.ModelIdentity;
import dev.tokenpose.schema.Person;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.StreamStats;
import dev.tokenpose.schema.VideoFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AvroCodecRoundTripTest {

    static Stream<Arguments> boxes() {
        return Stream.of(
                Arguments.of("absent", null),
                Arguments.of("empty", List.of()),
                Arguments.of("several", List.of(box(1), box(20), box(300))));
    }

    @ParameterizedTest(name = "boxes {0}")
    @MethodSource("boxes")
    void videoFrameRoundTripsWithBoxesAbsentEmptyOrSeveral(String label, List<Box> boxes) {
        VideoFrame frame = frame(boxes, null);

        VideoFrame decoded = roundTrip(AvroCodec.VIDEO_FRAME, frame);

        assertThat(decoded).isEqualTo(frame);
        assertThat(decoded.getBoxes()).isEqualTo(boxes);
    }

    static Stream<Arguments> metadata() {
        return Stream.of(
                Arguments.of("absent", null),
                Arguments.of("empty", Map.of()),
                Arguments.of(
                        "several",
                        Map.of("source", "rtsp://camera.example/hall", "camera", "hall", "note", "ünïcødé ✓")));
    }

    @ParameterizedTest(name = "metadata {0}")
    @MethodSource("metadata")
    void videoFrameRoundTripsWithMetadataAbsentEmptyOrSeveral(String label, Map<String, String> metadata) {
        VideoFrame frame = frame(List.of(box(5)), metadata);

        VideoFrame decoded = roundTrip(AvroCodec.VIDEO_FRAME, frame);

        assertThat(decoded).isEqualTo(frame);
        assertThat(decoded.getMetadata()).isEqualTo(metadata);
    }

    @Test
    void decodedStringsAreJavaStringsNotUtf8() {
        VideoFrame decoded = roundTrip(AvroCodec.VIDEO_FRAME, frame(null, Map.of("camera", "hall")));

        assertThat(decoded.getStreamId()).isInstanceOf(String.class);
        assertThat(decoded.getMetadata().keySet())
                .allSatisfy(key -> assertThat(key).isInstanceOf(String.class));
        assertThat(decoded.getMetadata().values())
                .allSatisfy(value -> assertThat(value).isInstanceOf(String.class));
    }

    @ParameterizedTest
    @EnumSource(FrameEncoding.class)
    void videoFrameRoundTripsEveryEncoding(FrameEncoding encoding) {
        VideoFrame frame = frame(null, null);
        frame.setEncoding(encoding);

        assertThat(roundTrip(AvroCodec.VIDEO_FRAME, frame).getEncoding()).isEqualTo(encoding);
    }

    @Test
    void videoFramePayloadBytesSurviveExactlyWhetherEmptyOrLarge() {
        byte[] large = new byte[640 * 480 * 3];
        new Random(1).nextBytes(large);
        for (byte[] payload : List.of(new byte[0], large)) {
            VideoFrame frame = frame(null, null);
            frame.setPayload(ByteBuffer.wrap(payload));

            ByteBuffer decoded = roundTrip(AvroCodec.VIDEO_FRAME, frame).getPayload();

            byte[] bytes = new byte[decoded.remaining()];
            decoded.get(bytes);
            assertThat(bytes).isEqualTo(payload);
        }
    }

    @Test
    void boxScoreDefaultsToOneWhenNotGiven() {
        Box box = Box.newBuilder().setX(1).setY(2).setWidth(3).setHeight(4).build();

        VideoFrame decoded = roundTrip(AvroCodec.VIDEO_FRAME, frame(List.of(box), null));

        assertThat(decoded.getBoxes().get(0).getScore()).isEqualTo(1f);
    }

    static Stream<Arguments> persons() {
        return Stream.of(
                Arguments.of("no persons", List.of()),
                Arguments.of("untracked person", List.of(person(null, 17))),
                Arguments.of("tracked person", List.of(person(7L, 17))),
                Arguments.of("person without keypoints", List.of(person(7L, 0))),
                Arguments.of("several persons", List.of(person(1L, 17), person(null, 17), person(Long.MAX_VALUE, 16))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("persons")
    void poseFrameRoundTripsWithPersonsTrackIdsAndKeypointsPresentOrNot(String label, List<Person> persons) {
        PoseFrame poses = poses(persons);

        PoseFrame decoded = roundTrip(AvroCodec.POSE_FRAME, poses);

        assertThat(decoded).isEqualTo(poses);
        assertThat(decoded.getPersons())
                .extracting(Person::getTrackId)
                .containsExactlyElementsOf(
                        persons.stream().map(Person::getTrackId).toList());
    }

    @Test
    void modelIdentityTrainedDefaultsToTrueAndFalseSurvives() {
        PoseFrame trained = poses(List.of());
        PoseFrame placeholder = poses(List.of());
        placeholder.setModel(ModelIdentity.newBuilder()
                .setVariant("T")
                .setWeights("random, seed 1")
                .setTrained(false)
                .build());

        assertThat(roundTrip(AvroCodec.POSE_FRAME, trained).getModel().getTrained())
                .isTrue();
        assertThat(roundTrip(AvroCodec.POSE_FRAME, placeholder).getModel().getTrained())
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(DeadLetterReason.class)
    void deadLetterRoundTripsEveryReasonWithAndWithoutKey(DeadLetterReason reason) {
        for (ByteBuffer key : Arrays.asList(null, ByteBuffer.wrap(new byte[] {1, 2, 3}))) {
            DeadLetter letter = deadLetter(key, reason);

            DeadLetter decoded = roundTrip(AvroCodec.DEAD_LETTER, letter);

            assertThat(decoded).isEqualTo(letter);
            assertThat(decoded.getKey()).isEqualTo(key);
        }
    }

    @Test
    void instantsKeepEveryMicrosecond() {
        Instant captured = Instant.parse("2025-03-14T15:09:26.000001Z");
        PoseFrame poses = poses(List.of());
        poses.setCaptureTime(captured);
        poses.setIngestTime(captured.plusNanos(1_000));
        poses.setInferenceTime(Instant.parse("2025-03-14T15:09:26.999999Z"));

        PoseFrame decoded = roundTrip(AvroCodec.POSE_FRAME, poses);

        assertThat(decoded.getCaptureTime()).isEqualTo(captured);
        assertThat(decoded.getIngestTime()).isEqualTo(Instant.parse("2025-03-14T15:09:26.000002Z"));
        assertThat(decoded.getInferenceTime()).isEqualTo(Instant.parse("2025-03-14T15:09:26.999999Z"));
    }

    @Test
    void instantsBeforeTheEpochKeepEveryMicrosecond() {
        Instant before = Instant.parse("1969-12-31T23:59:59.000001Z");
        DeadLetter letter = deadLetter();
        letter.setTime(before);

        assertThat(roundTrip(AvroCodec.DEAD_LETTER, letter).getTime()).isEqualTo(before);
    }

    @Test
    void nanosecondsBelowAMicrosecondAreDropped() {
        VideoFrame frame = frame(null, null);
        frame.setCaptureTime(Instant.parse("2025-03-14T15:09:26.123456789Z"));

        assertThat(roundTrip(AvroCodec.VIDEO_FRAME, frame).getCaptureTime())
                .isEqualTo(Instant.parse("2025-03-14T15:09:26.123456Z"));
    }

    @Test
    void everyValueStartsWithTheMarkerAndTheLittleEndianFingerprintOfItsSchema() {
        Map<AvroCodec<?>, byte[]> values = Map.of(
                AvroCodec.VIDEO_FRAME, AvroCodec.VIDEO_FRAME.encode(frame()),
                AvroCodec.POSE_FRAME, AvroCodec.POSE_FRAME.encode(poses()),
                AvroCodec.DEAD_LETTER, AvroCodec.DEAD_LETTER.encode(deadLetter()));
        values.forEach((codec, value) -> {
            assertThat(value[0]).isEqualTo((byte) 0xC3);
            assertThat(value[1]).isEqualTo((byte) 0x01);
            long fingerprint =
                    ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(fingerprint)
                    .isEqualTo(codec.fingerprint())
                    .isEqualTo(SchemaNormalization.parsingFingerprint64(codec.schema()));
        });
    }

    @Test
    void theThreeTopicsHaveDistinctFingerprints() {
        assertThat(List.of(
                        AvroCodec.VIDEO_FRAME.fingerprint(),
                        AvroCodec.POSE_FRAME.fingerprint(),
                        AvroCodec.DEAD_LETTER.fingerprint()))
                .doesNotHaveDuplicates();
    }

    @Test
    void streamStatsRoundTripWithAndWithoutLatencyAndModel() {
        StreamStats full = StreamStats.newBuilder()
                .setStreamId("cam-1")
                .setWindowStart(Instant.ofEpochMilli(1_000))
                .setWindowEnd(Instant.ofEpochMilli(6_000))
                .setFramesIn(150)
                .setFramesOut(149)
                .setFpsIn(30)
                .setFpsOut(29.8)
                .setPersonsPerFrame(2.5)
                .setMaxPersons(4)
                .setActiveTracks(3)
                .setLatencyP50Ms(41.5)
                .setLatencyP95Ms(80.0)
                .setLatencyMaxMs(95.25)
                .setDeadLetters(1)
                .setDeadLetterRate(0.0066)
                .setModel(new ModelIdentity("S-v1", "seeded:1 (untrained placeholder)", false))
                .build();
        StreamStats idle = StreamStats.newBuilder(full)
                .setFramesOut(0)
                .setLatencyP50Ms(null)
                .setLatencyP95Ms(null)
                .setLatencyMaxMs(null)
                .setModel(null)
                .build();

        assertThat(roundTrip(AvroCodec.STREAM_STATS, full)).isEqualTo(full);
        assertThat(roundTrip(AvroCodec.STREAM_STATS, idle)).isEqualTo(idle);
        assertThat(AvroCodec.STREAM_STATS.fingerprint())
                .isNotIn(
                        AvroCodec.VIDEO_FRAME.fingerprint(),
                        AvroCodec.POSE_FRAME.fingerprint(),
                        AvroCodec.DEAD_LETTER.fingerprint());
    }

    @Test
    void encodingLeavesTheRecordsBuffersUntouched() {
        VideoFrame frame = frame(null, null);
        int before = frame.getPayload().remaining();

        AvroCodec.VIDEO_FRAME.encode(frame);
        AvroCodec.VIDEO_FRAME.encode(frame);

        assertThat(frame.getPayload().remaining()).isEqualTo(before);
        assertThat(roundTrip(AvroCodec.VIDEO_FRAME, frame)).isEqualTo(frame);
    }

    static <T extends SpecificRecord> T roundTrip(AvroCodec<T> codec, T record) {
        return codec.decode(codec.encode(record));
    }
}
