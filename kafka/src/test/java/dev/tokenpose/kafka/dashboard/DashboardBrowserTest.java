package dev.tokenpose.kafka.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenpose.kafka.SharedKafka;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import dev.tokenpose.schema.Keypoint;
import dev.tokenpose.schema.Person;
import dev.tokenpose.schema.PoseFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser: headless Chromium loads the dashboard while two crafted streams
 * publish, waits for their skeletons, and checks from the page's state and from the screenshot's
 * pixels that each stream shows its frame with keypoints where the latest pose record puts them.
 * Skipped where no Chromium is installed.
 */
@ExtendWith(SharedKafka.class)
class DashboardBrowserTest {

    /** Where the screenshot is kept, as a test artefact. */
    static final Path SCREENSHOT = Path.of("target", "dashboard-browser-test.png");

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "browser-test";

    /** Each tile's state: what was drawn, from which record, and where the canvas is on the page. */
    private static final String TILES = """
            JSON.stringify([...document.querySelectorAll('article.stream')].map(a => {
              const c = a.querySelector('canvas.view'), r = c.getBoundingClientRect(), b = a.querySelector('.banner');
              return {id: a.dataset.streamId, sequence: Number(a.dataset.sequence ?? -1), hasFrame: a.dataset.hasFrame,
                drawnAt: Number(a.dataset.drawnAt ?? 0), banner: !b.hidden, bannerText: b.textContent,
                keypoints: JSON.parse(c.dataset.keypoints || '[]'), width: c.width, height: c.height,
                left: r.left, top: r.top, cssWidth: r.width, cssHeight: r.height};
            }))""";

    @TempDir
    Path browserDir;

    @Test
    @Timeout(180)
    void shouldDrawEachStreamsKeypointsWhereItsLatestPoseRecordPutsThem(EmbeddedKafka kafka) throws Exception {
        Optional<Path> browser = HeadlessChromium.find();
        assumeTrue(browser.isPresent(), "no Chromium on the PATH (or in $" + HeadlessChromium.BROWSER_ENV + ")");
        try (CraftedStreams crafted = new CraftedStreams(
                        kafka.connection(), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO);
                Dashboard dashboard = Dashboard.start(DashboardOptions.defaults(kafka.connection())
                        .withServer("127.0.0.1", 0, TOKEN)
                        .withApplication("dashboard-browser-" + UUID.randomUUID(), true)
                        .withStats(crafted.settings));
                HeadlessChromium chromium = HeadlessChromium.launch(browser.get(), browserDir, WAIT)) {
            dashboard.awaitRunning(WAIT);
            chromium.navigate(dashboard.url());
            Instant now = Instant.now();
            Map<String, PoseFrame> latest = new HashMap<>();
            crafted.frame("lobby", 0, now);
            latest.put(
                    "lobby",
                    crafted.pose(
                            "lobby",
                            0,
                            now,
                            now.plusMillis(40),
                            CraftedStreams.TRAINED,
                            List.of(CraftedStreams.person(3L, 60, 60), CraftedStreams.person(8L, 380, 80))));
            crafted.frame("yard", 0, now);
            latest.put(
                    "yard",
                    crafted.pose(
                            "yard",
                            0,
                            now,
                            now.plusMillis(40),
                            CraftedStreams.SEEDED,
                            List.of(CraftedStreams.person(5L, 120, 100))));

            JsonNode tiles = awaitTiles(chromium, Map.of("lobby", 0L, "yard", 0L));
            byte[] png = chromium.screenshot();
            Files.createDirectories(SCREENSHOT.getParent());
            Files.write(SCREENSHOT, png);
            BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));

            assertThat(tiles).hasSize(2);
            for (JsonNode tile : tiles) {
                PoseFrame pose = latest.get(tile.get("id").asText());
                assertThat(tile.get("hasFrame").asText())
                        .as("frame shown for %s", pose.getStreamId())
                        .isEqualTo("true");
                assertKeypointsAt(tile, pose, shot);
            }
            assertThat(tile(tiles, "yard").get("banner").asBoolean()).isTrue();
            assertThat(tile(tiles, "yard").get("bannerText").asText()).contains("placeholder");
            assertThat(tile(tiles, "lobby").get("banner").asBoolean()).isFalse();

            measureLatency(crafted, chromium);
        }
    }

    /**
     * Publishes a few more pose records of one stream and reports how long each took from being
     * sent to being drawn (the page stamps the drawing with its clock, the same machine's).
     */
    private static void measureLatency(CraftedStreams crafted, HeadlessChromium chromium) throws Exception {
        List<Long> latencies = new ArrayList<>();
        for (long seq = 1; seq <= 5; seq++) {
            Instant captured = Instant.now();
            crafted.frame("lobby", seq, captured);
            long sent = System.currentTimeMillis();
            crafted.pose(
                    "lobby",
                    seq,
                    captured,
                    captured.plusMillis(40),
                    CraftedStreams.TRAINED,
                    List.of(CraftedStreams.person(3L, 60 + 10 * seq, 60)));
            JsonNode tile = tile(awaitTiles(chromium, Map.of("lobby", seq)), "lobby");
            latencies.add(tile.get("drawnAt").asLong() - sent);
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        System.out.println("dashboard latency, pose record sent -> drawn in the page, ms: " + latencies + " (median "
                + sorted.get(sorted.size() / 2) + ")");
        assertThat(sorted).allSatisfy(ms -> assertThat(ms).isBetween(0L, WAIT.toMillis()));
    }

    /** Checks the drawn keypoints against the record, in canvas pixels and in the screenshot. */
    private static void assertKeypointsAt(JsonNode tile, PoseFrame pose, BufferedImage shot) {
        double scale = tile.get("width").asDouble() / pose.getWidth();
        double cssScale = tile.get("cssWidth").asDouble() / tile.get("width").asDouble();
        List<double[]> expected = new ArrayList<>();
        for (Person p : pose.getPersons()) {
            for (Keypoint k : p.getKeypoints()) {
                expected.add(new double[] {k.getX() * scale, k.getY() * scale, p.getTrackId()});
            }
        }
        JsonNode drawn = tile.get("keypoints");
        assertThat(drawn).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            double[] e = expected.get(i);
            assertThat(drawn.get(i).get(0).asDouble())
                    .as("x of keypoint %d of %s", i, pose.getStreamId())
                    .isCloseTo(e[0], within());
            assertThat(drawn.get(i).get(1).asDouble())
                    .as("y of keypoint %d of %s", i, pose.getStreamId())
                    .isCloseTo(e[1], within());
            assertThat(drawn.get(i).get(2).asLong()).isEqualTo((long) e[2]);
            int px = (int) Math.round(tile.get("left").asDouble() + e[0] * cssScale);
            int py = (int) Math.round(tile.get("top").asDouble() + e[1] * cssScale);
            // The frame is flat grey; a drawn keypoint is a saturated track colour.
            assertThat(saturation(shot.getRGB(px, py)))
                    .as("colour at keypoint %d of %s (%d, %d)", i, pose.getStreamId(), px, py)
                    .isGreaterThan(80);
        }
        // A corner far from every person shows the frame itself.
        int cx = (int)
                Math.round(tile.get("left").asDouble() + tile.get("cssWidth").asDouble() - 6);
        int cy = (int)
                Math.round(tile.get("top").asDouble() + tile.get("cssHeight").asDouble() - 6);
        int grey = shot.getRGB(cx, cy) & 0xFF;
        assertThat(saturation(shot.getRGB(cx, cy))).isLessThan(16);
        assertThat(grey).isBetween(CraftedStreams.GREY - 12, CraftedStreams.GREY + 12);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.11);
    }

    private static int saturation(int rgb) {
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        return Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
    }

    /** Waits until every named stream's tile has drawn the given sequence, and returns the tiles. */
    private static JsonNode awaitTiles(HeadlessChromium chromium, Map<String, Long> sequences) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode tiles = null;
        while (System.nanoTime() < deadline) {
            JsonNode value = chromium.evaluate(TILES);
            if (value.isTextual()) {
                tiles = DashboardJson.MAPPER.readTree(value.asText());
                boolean all = true;
                for (Map.Entry<String, Long> e : sequences.entrySet()) {
                    JsonNode t = tile(tiles, e.getKey());
                    all &= t != null && t.get("sequence").asLong() == e.getValue();
                }
                if (all) {
                    return tiles;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the page did not draw " + sequences + " within " + WAIT + "; it shows " + tiles
                + " at " + chromium.evaluate("location.href + ' | ' + document.body.innerText.slice(0, 300)"));
    }

    private static JsonNode tile(JsonNode tiles, String id) {
        for (JsonNode t : tiles) {
            if (t.get("id").asText().equals(id)) {
                return t;
            }
        }
        return null;
    }
}
