package dev.tokenpose.kafka.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.serde.AvroSerde;
import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.Keypoint;
import dev.tokenpose.schema.ModelIdentity;
import dev.tokenpose.schema.Person;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.StreamStats;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.Topic;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analytics topology through {@link TopologyTestDriver}: every window and store, with exact numbers. */
class StatsTopologyTest {

    /** A time aligned to the 5 s advance, so that windows start at T0 - 5 s, T0, T0 + 5 s, ... */
    private static final long T0 = 1_700_000_000_000L;

    private static final ModelIdentity SEEDED = new ModelIdentity("S-v1", "seeded:1 (untrained placeholder)", false);
    private static final ModelIdentity TRAINED = new ModelIdentity("S-v1", "sha256:0123456789ab", true);

    /** Hopping: 10 s windows every 5 s, 1 s grace. */
    private static final StatsSettings HOPPING =
            StatsSettings.DEFAULTS.withWindows(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(1));

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, VideoFrame> frames;
    private TestInputTopic<String, PoseFrame> poses;
    private TestInputTopic<String, DeadLetter> deadLetters;
    private TestOutputTopic<String, StreamStats> stats;

    private void start(StatsSettings settings) {
        Properties config =
                StatsApp.config(KafkaConnection.plaintext("unused:9092"), "stats-topology-test", stateDir, true);
        // Emit closed windows on every record rather than at most once a second of wall-clock time.
        config.put(StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_WINDOWED_AGGREGATION, 0L);
        driver = new TopologyTestDriver(StatsTopology.build(settings), config);
        TopicSettings t = settings.topics();
        frames = driver.createInputTopic(
                t.framesTopic(), new StringSerializer(), AvroSerde.videoFrames().serializer());
        poses = driver.createInputTopic(
                t.posesTopic(), new StringSerializer(), AvroSerde.poseFrames().serializer());
        deadLetters = driver.createInputTopic(
                t.deadLetterTopic(),
                new StringSerializer(),
                AvroSerde.deadLetters().serializer());
        stats = driver.createOutputTopic(
                settings.statsTopic(),
                new StringDeserializer(),
                AvroSerde.streamStats().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldSumEachStreamIntoEveryHoppingWindowItFallsIn() {
        start(HOPPING);
        // In pipeline-time order, as the three topics would interleave.
        frame("cam-1", 0, 1_000);
        pose("cam-1", 0, 1_000, 1_500, SEEDED, 1L, 2L);
        frame("cam-1", 1, 2_000);
        frame("cam-2", 0, 2_000);
        pose("cam-2", 0, 2_000, 2_100, TRAINED, (Long) null);
        pose("cam-1", 1, 2_000, 2_600, SEEDED, 1L, 2L, 3L);
        frame("cam-1", 2, 3_000);
        pose("cam-1", 2, 3_000, 3_400, SEEDED);
        deadLetter("cam-1", 4_000);
        frame("cam-1", 3, 6_000);
        pose("cam-1", 3, 6_000, 7_000, TRAINED, 4L);
        // Moves stream time past every window above plus its grace.
        frame("cam-3", 0, 60_000);

        Map<String, StreamStats> out = byWindow(stats.readKeyValuesToList());

        assertThat(out).containsOnlyKeys("cam-1@-5000", "cam-1@0", "cam-1@5000", "cam-2@-5000", "cam-2@0");
        StreamStats first = out.get("cam-1@-5000");
        assertThat(first.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 - 5_000));
        assertThat(first.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + 5_000));
        assertThat(first.getFramesIn()).isEqualTo(3);
        assertThat(first.getFramesOut()).isEqualTo(3);
        assertThat(first.getFpsIn()).isEqualTo(0.3);
        assertThat(first.getFpsOut()).isEqualTo(0.3);
        assertThat(first.getPersonsPerFrame()).isEqualTo(5.0 / 3);
        assertThat(first.getMaxPersons()).isEqualTo(3);
        assertThat(first.getActiveTracks()).isEqualTo(3);
        // Latencies 500, 600, 400 ms: nearest rank 2 of 3 for the median, 3 of 3 for p95.
        assertThat(first.getLatencyP50Ms()).isEqualTo(500.0);
        assertThat(first.getLatencyP95Ms()).isEqualTo(600.0);
        assertThat(first.getLatencyMaxMs()).isEqualTo(600.0);
        assertThat(first.getDeadLetters()).isEqualTo(1);
        assertThat(first.getDeadLetterRate()).isEqualTo(0.25);
        assertThat(first.getModel()).isEqualTo(SEEDED);

        StreamStats middle = out.get("cam-1@0");
        assertThat(middle.getFramesIn()).isEqualTo(4);
        assertThat(middle.getFramesOut()).isEqualTo(4);
        assertThat(middle.getFpsIn()).isEqualTo(0.4);
        assertThat(middle.getPersonsPerFrame()).isEqualTo(6.0 / 4);
        assertThat(middle.getMaxPersons()).isEqualTo(3);
        assertThat(middle.getActiveTracks()).isEqualTo(4);
        // 400, 500, 600, 1000: rank 2 of 4, rank 4 of 4.
        assertThat(middle.getLatencyP50Ms()).isEqualTo(500.0);
        assertThat(middle.getLatencyP95Ms()).isEqualTo(1000.0);
        assertThat(middle.getLatencyMaxMs()).isEqualTo(1000.0);
        assertThat(middle.getDeadLetters()).isEqualTo(1);
        assertThat(middle.getDeadLetterRate()).isEqualTo(0.2);
        assertThat(middle.getModel()).isEqualTo(TRAINED);

        StreamStats last = out.get("cam-1@5000");
        assertThat(last.getFramesIn()).isEqualTo(1);
        assertThat(last.getFramesOut()).isEqualTo(1);
        assertThat(last.getPersonsPerFrame()).isEqualTo(1.0);
        assertThat(last.getActiveTracks()).isEqualTo(1);
        assertThat(last.getLatencyP50Ms()).isEqualTo(1000.0);
        assertThat(last.getDeadLetters()).isZero();
        assertThat(last.getDeadLetterRate()).isZero();

        for (String window : List.of("cam-2@-5000", "cam-2@0")) {
            StreamStats two = out.get(window);
            assertThat(two.getFramesIn()).isEqualTo(1);
            assertThat(two.getFramesOut()).isEqualTo(1);
            assertThat(two.getPersonsPerFrame()).isEqualTo(1.0);
            // Its one person is untracked.
            assertThat(two.getActiveTracks()).isZero();
            assertThat(two.getLatencyP50Ms()).isEqualTo(100.0);
            assertThat(two.getLatencyP95Ms()).isEqualTo(100.0);
            assertThat(two.getModel()).isEqualTo(TRAINED);
        }
    }

    @Test
    void shouldCountPosesWhenInferenceFinishedNotWhenCaptured() {
        start(HOPPING);
        // Captured in the first window, pose record made 12 s later, beyond it.
        frame("cam-1", 0, 1_000);
        pose("cam-1", 0, 1_000, 13_000, TRAINED, 1L);
        frame("cam-3", 0, 60_000);

        Map<String, StreamStats> out = byWindow(stats.readKeyValuesToList());

        assertThat(out.get("cam-1@-5000").getFramesOut()).isZero();
        assertThat(out.get("cam-1@-5000").getLatencyP50Ms()).isNull();
        assertThat(out.get("cam-1@-5000").getPersonsPerFrame()).isZero();
        assertThat(out.get("cam-1@-5000").getModel()).isNull();
        assertThat(out.get("cam-1@5000").getFramesOut()).isEqualTo(1);
        assertThat(out.get("cam-1@10000").getFramesOut()).isEqualTo(1);
        assertThat(out.get("cam-1@10000").getLatencyP50Ms()).isEqualTo(12_000.0);
    }

    @Test
    void shouldEmitTumblingWindowsOnceEachWhenTheyClose() {
        start(StatsSettings.DEFAULTS.withWindows(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO));
        frame("cam-1", 0, 1_000);
        frame("cam-1", 1, 2_000);
        assertThat(stats.isEmpty()).isTrue();
        frame("cam-1", 2, 6_000);
        // The first window is final once stream time reaches its end.
        assertThat(stats.readKeyValuesToList())
                .extracting(kv -> kv.value.getFramesIn())
                .containsExactly(2L);
        frame("cam-1", 3, 10_000);

        List<KeyValue<String, StreamStats>> second = stats.readKeyValuesToList();

        assertThat(second).hasSize(1);
        assertThat(second.get(0).value.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 5_000));
        assertThat(second.get(0).value.getFramesIn()).isEqualTo(1);
        assertThat(second.get(0).value.getFpsIn()).isEqualTo(0.2);
    }

    @Test
    void shouldDropRecordsLaterThanTheGraceOfTheirWindow() {
        start(HOPPING);
        frame("cam-1", 0, 1_000);
        frame("cam-1", 1, 7_000);
        // Within grace of [0, 10) but too late for [-5, 5), which closed at 6 s.
        frame("cam-1", 2, 2_000);
        frame("cam-3", 0, 60_000);

        Map<String, StreamStats> out = byWindow(stats.readKeyValuesToList());

        assertThat(out.get("cam-1@-5000").getFramesIn()).isEqualTo(1);
        assertThat(out.get("cam-1@0").getFramesIn()).isEqualTo(3);
        assertThat(out.get("cam-1@5000").getFramesIn()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheLatestPoseAndStatsOfEveryStreamForQueries() {
        start(HOPPING);
        PoseFrame older = pose("cam-1", 0, 1_000, 1_500, SEEDED, 1L);
        PoseFrame newer = pose("cam-1", 1, 2_000, 2_500, SEEDED, 1L, 2L);
        PoseFrame other = pose("cam-2", 9, 2_000, 2_200, TRAINED);
        frame("cam-3", 0, 60_000);

        KeyValueStore<String, PoseFrame> latest = driver.getKeyValueStore(StatsTopology.LATEST_POSES_STORE);
        KeyValueStore<String, StreamStats> latestStats = driver.getKeyValueStore(StatsTopology.LATEST_STATS_STORE);

        assertThat(older).isNotEqualTo(newer);
        assertThat(latest.get("cam-1")).isEqualTo(newer);
        assertThat(latest.get("cam-2")).isEqualTo(other);
        assertThat(latest.get("cam-3")).isNull();
        // The last of cam-1's two closed windows, [0, 10).
        assertThat(latestStats.get("cam-1").getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(latestStats.get("cam-1").getFramesOut()).isEqualTo(2);
        assertThat(latestStats.get("cam-2").getModel()).isEqualTo(TRAINED);
    }

    @Test
    void shouldKeepTheNewestFramesOfAStreamAndForgetThoseOfAnEarlierRun() {
        start(new StatsSettings(
                TopicSettings.DEFAULTS,
                Topic.STATS_NAME,
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                3));
        for (long seq = 0; seq < 6; seq++) {
            frame("cam-1", seq, 1_000 + seq);
        }
        frame("cam-10", 0, 2_000);
        KeyValueStore<String, VideoFrame> buffer = driver.getKeyValueStore(StatsTopology.RECENT_FRAMES_STORE);

        assertThat(sequences(buffer, "cam-1")).containsExactly(3L, 4L, 5L);
        assertThat(sequences(buffer, "cam-10")).containsExactly(0L);

        // The stream restarts from 0: frames 3 to 5 belong to the run before.
        frame("cam-1", 0, 3_000);

        assertThat(sequences(buffer, "cam-1")).containsExactly(0L);
        assertThat(sequences(buffer, "cam-10")).containsExactly(0L);
    }

    @Test
    void shouldSkipUndecodableValuesAndRecordsWithoutStreamId() {
        start(HOPPING);
        TestInputTopic<String, byte[]> rawPoses =
                driver.createInputTopic(Topic.POSES_NAME, new StringSerializer(), new ByteArraySerializer());
        rawPoses.pipeInput("cam-1", new byte[] {1, 2, 3}, T0 + 1_000);
        deadLetters.pipeInput(null, deadLetterValue(T0 + 1_500), T0 + 1_500);
        frame("cam-1", 0, 2_000);
        frame("cam-3", 0, 60_000);

        Map<String, StreamStats> out = byWindow(stats.readKeyValuesToList());

        assertThat(out.get("cam-1@0").getFramesIn()).isEqualTo(1);
        assertThat(out.get("cam-1@0").getFramesOut()).isZero();
        assertThat(out.get("cam-1@0").getDeadLetters()).isZero();
        assertThat(driver.<String, PoseFrame>getKeyValueStore(StatsTopology.LATEST_POSES_STORE)
                        .get("cam-1"))
                .isNull();
    }

    private void frame(String stream, long sequence, long appendedAt) {
        VideoFrame f = VideoFrame.newBuilder()
                .setStreamId(stream)
                .setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(T0 + appendedAt - 10))
                .setWidth(4)
                .setHeight(2)
                .setEncoding(FrameEncoding.JPEG)
                .setPayload(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) sequence}))
                .build();
        frames.pipeInput(stream, f, T0 + appendedAt);
    }

    private PoseFrame pose(
            String stream, long sequence, long captured, long inferred, ModelIdentity model, Long... tracks) {
        List<Person> persons = new ArrayList<>();
        for (Long track : tracks) {
            persons.add(Person.newBuilder()
                    .setTrackId(track)
                    .setBox(new Box(1f, 2f, 3f, 4f, 1f))
                    .setKeypoints(List.of(new Keypoint(1f, 2f, 0.5f)))
                    .setScore(0.5f)
                    .build());
        }
        PoseFrame p = PoseFrame.newBuilder()
                .setStreamId(stream)
                .setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(T0 + captured))
                .setIngestTime(Instant.ofEpochMilli(T0 + captured + 1))
                .setInferenceTime(Instant.ofEpochMilli(T0 + inferred))
                .setModel(model)
                .setWidth(4)
                .setHeight(2)
                .setPersons(persons)
                .build();
        // The Kafka timestamp is the capture time, as the pose job writes it; the app must not use it.
        poses.pipeInput(stream, p, T0 + captured);
        return p;
    }

    private void deadLetter(String stream, long rejectedAt) {
        deadLetters.pipeInput(stream, deadLetterValue(T0 + rejectedAt), T0 + rejectedAt - 500);
    }

    private static DeadLetter deadLetterValue(long at) {
        return DeadLetter.newBuilder()
                .setSourceTopic(Topic.FRAMES_NAME)
                .setPartition(0)
                .setOffset(1)
                .setReason(DeadLetterReason.UNDECODABLE_IMAGE)
                .setMessage("not a JPEG")
                .setTime(Instant.ofEpochMilli(at))
                .setPayloadHead(ByteBuffer.wrap(new byte[] {0}))
                .build();
    }

    /** The stats by "stream@window start relative to T0", failing on a window emitted twice. */
    private static Map<String, StreamStats> byWindow(List<KeyValue<String, StreamStats>> records) {
        Map<String, StreamStats> out = new LinkedHashMap<>();
        for (KeyValue<String, StreamStats> kv : records) {
            assertThat(kv.key).isEqualTo(kv.value.getStreamId());
            String id = kv.key + "@" + (kv.value.getWindowStart().toEpochMilli() - T0);
            assertThat(out.put(id, kv.value)).as("window %s emitted twice", id).isNull();
        }
        return out;
    }

    private static List<Long> sequences(KeyValueStore<String, VideoFrame> buffer, String stream) {
        List<Long> out = new ArrayList<>();
        try (var it = buffer.range(FrameBuffer.key(stream, 0), FrameBuffer.key(stream, Long.MAX_VALUE))) {
            it.forEachRemaining(kv -> out.add(kv.value.getSequence()));
        }
        return out.stream().collect(Collectors.toList());
    }
}
