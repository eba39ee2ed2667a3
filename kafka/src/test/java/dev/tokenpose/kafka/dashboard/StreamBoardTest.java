package dev.tokenpose.kafka.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenpose.kafka.testing.Records;
import dev.tokenpose.schema.ModelIdentity;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.StreamStats;
import dev.tokenpose.schema.VideoFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Streams appearing, changing and disappearing on the board, without Kafka or a browser. */
class StreamBoardTest {

    private static final Duration STALE_AFTER = Duration.ofSeconds(10);

    /** A source whose stores the test fills by hand. */
    private static final class FakeSource implements StreamSource {
        final Map<String, PoseFrame> poses = new TreeMap<>();
        final Map<String, StreamStats> stats = new TreeMap<>();
        String state = "RUNNING";

        @Override
        public String state() {
            return state;
        }

        @Override
        public Map<String, PoseFrame> latestPoses() {
            return poses;
        }

        @Override
        public Map<String, StreamStats> latestStats() {
            return stats;
        }

        @Override
        public Optional<VideoFrame> frame(String streamId, long sequence) {
            return Optional.empty();
        }
    }

    private final FakeSource source = new FakeSource();
    private final StreamBoard board = new StreamBoard(new Thumbnails(64), STALE_AFTER);
    private final long now = Instant.parse("2026-01-02T03:04:05Z").toEpochMilli();

    private PoseFrame pose(String stream, long sequence, long inferredAt) {
        PoseFrame p = Records.poseFrame(stream, sequence);
        p.setInferenceTime(Instant.ofEpochMilli(inferredAt));
        return p;
    }

    @Test
    void shouldAddChangeAndDropStreamsAndStayQuietInBetween() {
        source.poses.put("cam-a", pose("cam-a", 0, now));
        ObjectNode first = board.refresh(source, now);

        assertThat(ids(first)).containsExactly("cam-a");
        assertThat(first.get("poses").get("cam-a").get("sequence").asLong()).isZero();
        assertThat(first.get("state").asText()).isEqualTo("RUNNING");
        assertThat(board.refresh(source, now + 200)).as("nothing changed").isNull();

        source.poses.put("cam-b", pose("cam-b", 5, now + 300));
        source.poses.put("cam-a", pose("cam-a", 1, now + 300));
        ObjectNode second = board.refresh(source, now + 400);

        assertThat(ids(second)).containsExactly("cam-a", "cam-b");
        assertThat(names(second.get("poses"))).containsExactly("cam-a", "cam-b");
        assertThat(second.get("poses").get("cam-a").get("sequence").asLong()).isEqualTo(1);

        // cam-a goes silent; cam-b keeps sending.
        source.poses.put("cam-b", pose("cam-b", 6, now + 9_000));
        assertThat(ids(board.refresh(source, now + 10_000))).containsExactly("cam-a", "cam-b");
        ObjectNode third = board.refresh(source, now + 10_401);

        assertThat(ids(third)).containsExactly("cam-b");
        assertThat(names(third.get("poses"))).isEmpty();
        assertThat(ids(board.full())).containsExactly("cam-b");

        // Back with a new record: shown again, rendered afresh.
        source.poses.put("cam-a", pose("cam-a", 0, now + 11_000));
        ObjectNode fourth = board.refresh(source, now + 11_000);

        assertThat(ids(fourth)).containsExactly("cam-a", "cam-b");
        assertThat(names(fourth.get("poses"))).containsExactly("cam-a");
    }

    @Test
    void shouldNotShowAStreamWhoseFirstSeenRecordIsAlreadyStale() {
        source.poses.put("old", pose("old", 3, now - 60_000));
        source.poses.put("live", pose("live", 3, now - 1_000));

        assertThat(ids(board.refresh(source, now))).containsExactly("live");
    }

    @Test
    void shouldDropAStreamThatLeavesTheStore() {
        source.poses.put("cam-a", pose("cam-a", 0, now));
        source.poses.put("cam-b", pose("cam-b", 0, now));
        board.refresh(source, now);
        source.poses.remove("cam-a");

        assertThat(ids(board.refresh(source, now + 100))).containsExactly("cam-b");
    }

    @Test
    void shouldSendStatsOnlyWhenANewWindowClosesAndFlagPlaceholderWeights() {
        PoseFrame seeded = pose("cam-a", 0, now);
        seeded.setModel(new ModelIdentity("S-v1", "seeded:1 (untrained placeholder)", true));
        source.poses.put("cam-a", seeded);
        source.stats.put("cam-a", stats("cam-a", now - 5_000));
        ObjectNode first = board.refresh(source, now);

        assertThat(first.get("poses")
                        .get("cam-a")
                        .get("model")
                        .get("placeholder")
                        .asBoolean())
                .isTrue();
        assertThat(first.get("stats").get("cam-a").get("windowStart").asLong()).isEqualTo(now - 5_000);
        assertThat(board.refresh(source, now + 100)).isNull();

        source.stats.put("cam-a", stats("cam-a", now - 4_000));
        ObjectNode second = board.refresh(source, now + 200);

        assertThat(names(second.get("poses"))).isEmpty();
        assertThat(second.get("stats").get("cam-a").get("windowStart").asLong()).isEqualTo(now - 4_000);
        assertThat(board.full().get("stats").get("cam-a").get("fpsOut").asDouble())
                .isEqualTo(1.5);
    }

    @Test
    void shouldReportAStateChangeAlone() {
        board.refresh(source, now);
        source.state = "REBALANCING";

        ObjectNode update = board.refresh(source, now + 100);

        assertThat(update.get("state").asText()).isEqualTo("REBALANCING");
        assertThat(ids(update)).isEmpty();
    }

    private static StreamStats stats(String stream, long start) {
        return StreamStats.newBuilder()
                .setStreamId(stream)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + 5_000))
                .setFramesIn(8)
                .setFramesOut(7)
                .setFpsIn(1.6)
                .setFpsOut(1.5)
                .setPersonsPerFrame(2)
                .setMaxPersons(2)
                .setActiveTracks(2)
                .setLatencyP50Ms(40.0)
                .setLatencyP95Ms(80.0)
                .setLatencyMaxMs(90.0)
                .setDeadLetters(0)
                .setDeadLetterRate(0)
                .build();
    }

    private static List<String> ids(ObjectNode message) {
        List<String> out = new ArrayList<>();
        message.get("streams").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
