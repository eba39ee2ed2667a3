package dev.tokenpose.kafka.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenpose.kafka.SharedKafka;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import dev.tokenpose.kafka.serde.AvroDeserializer;
import dev.tokenpose.schema.StreamStats;
import dev.tokenpose.schema.codec.AvroCodec;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dashboard on a real broker: exactly-once analytics, the stats topic, the query endpoints and the token. */
@ExtendWith(SharedKafka.class)
class DashboardKafkaTest {

    private static final String TOKEN = "s3cret token";

    @Test
    @Timeout(120)
    void shouldServeTheLatestPoseAndWriteFinalWindowsToTheStatsTopic(EmbeddedKafka kafka) throws Exception {
        serveAndWriteWindows(kafka);
    }

    /** The same over TLS with SCRAM: the Streams app, the dashboard's clients and the test's own. */
    @Test
    @Timeout(150)
    void shouldDoTheSameOnASaslSslCluster() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startSaslSsl()) {
            serveAndWriteWindows(kafka);
        }
    }

    private static void serveAndWriteWindows(EmbeddedKafka kafka) throws Exception {
        // One-second tumbling windows that close as soon as a later record arrives.
        try (CraftedStreams crafted = new CraftedStreams(
                        kafka.connection(), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO);
                Dashboard dashboard = Dashboard.start(DashboardOptions.defaults(kafka.connection())
                        .withServer("127.0.0.1", 0, TOKEN)
                        .withApplication("dashboard-it-" + UUID.randomUUID(), true)
                        .withStats(crafted.settings))) {
            dashboard.awaitRunning(Duration.ofSeconds(60));
            Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(10);
            for (int seq = 0; seq < 4; seq++) {
                Instant captured = t.plusMillis(100 + 100L * seq);
                crafted.frame("it-cam", seq, captured);
                crafted.pose(
                        "it-cam",
                        seq,
                        captured,
                        captured.plusMillis(50),
                        CraftedStreams.TRAINED,
                        List.of(CraftedStreams.person(1L, 50, 50), CraftedStreams.person(2L, 300, 50)));
            }
            StreamStats first = firstWindow(kafka.connection(), crafted.settings.statsTopic(), nudge -> {
                // Later frames close the window [t, t + 1 s); the app looks for closed windows at most once a second.
                crafted.frame("it-cam", 4 + nudge, t.plusSeconds(3).plusMillis(nudge));
            });
            // A last pair, published once the app is surely past its first rebalances.
            Instant last = Instant.now();
            crafted.frame("it-cam", 1_000, last);
            crafted.pose(
                    "it-cam",
                    1_000,
                    last,
                    last.plusMillis(30),
                    CraftedStreams.SEEDED,
                    List.of(CraftedStreams.person(1L, 50, 50), CraftedStreams.person(2L, 300, 50)));
            JsonNode pose = awaitJson(dashboard.url(), "/api/streams/it-cam/pose", 1_000, Duration.ofSeconds(30));

            assertThat(first.getStreamId()).isEqualTo("it-cam");
            assertThat(first.getWindowStart()).isEqualTo(t);
            assertThat(first.getFramesIn()).isEqualTo(4);
            assertThat(first.getFramesOut()).isEqualTo(4);
            assertThat(first.getFpsIn()).isEqualTo(4.0);
            assertThat(first.getPersonsPerFrame()).isEqualTo(2.0);
            assertThat(first.getActiveTracks()).isEqualTo(2);
            assertThat(first.getLatencyP50Ms()).isEqualTo(50.0);
            assertThat(first.getModel()).isEqualTo(CraftedStreams.TRAINED);
            assertThat(pose.get("model").get("trained").asBoolean()).isFalse();
            assertThat(pose.get("persons")).hasSize(2);
            assertThat(pose.get("persons").get(1).get("keypoints").get(5).get(0).asDouble())
                    .isEqualTo(340.0);

            HttpClient http = HttpClient.newHttpClient();
            URI bare = dashboard.url().resolve("/api/streams/it-cam/pose");
            assertThat(http.send(HttpRequest.newBuilder(bare).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);
            assertThat(http.send(
                                    HttpRequest.newBuilder(bare)
                                            .header("Authorization", "Bearer " + TOKEN)
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            // The health check carries no data either: probes call it without the token.
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(dashboard.url().resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(DashboardJson.MAPPER
                            .readTree(health.body())
                            .get("analytics")
                            .asText())
                    .isIn("RUNNING", "REBALANCING");
            // The page's files carry no data and load without the token; the data does not.
            assertThat(http.send(
                                    HttpRequest.newBuilder(dashboard.url().resolve("/dashboard.js"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(http.send(
                                    HttpRequest.newBuilder(dashboard.url().resolve("/api/streams"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);
            HttpResponse<byte[]> jpeg = http.send(
                    HttpRequest.newBuilder(withToken(dashboard.url(), "/api/streams/it-cam/frame.jpg"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(jpeg.statusCode()).isEqualTo(200);
            assertThat(jpeg.body()).startsWith((byte) 0xFF, (byte) 0xD8);
            assertThat(ImageIO.read(new ByteArrayInputStream(jpeg.body())).getWidth())
                    .isEqualTo(DashboardOptions.DEFAULT_THUMBNAIL_WIDTH);
            assertThat(http.send(
                                    HttpRequest.newBuilder(withToken(dashboard.url(), "/api/streams/nobody/pose"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(404);

            JsonNode pushed = firstPush(http, dashboard.url());
            assertThat(pushed.get("type").asText()).isEqualTo("update");
            assertThat(pushed.get("full").asBoolean()).isTrue();
            assertThat(pushed.get("streams")).extracting(JsonNode::asText).containsExactly("it-cam");
            assertThat(pushed.get("poses").get("it-cam").get("sequence").asLong())
                    .isEqualTo(1_000);
            assertThat(pushed.get("poses").get("it-cam").get("image").asText()).startsWith("data:image/jpeg;base64,");
        }
    }

    /** The first window on the stats topic, read as committed. */
    private static StreamStats firstWindow(KafkaConnection kafka, String topic, IntConsumer nudge) {
        Properties config = kafka.clientProperties();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "stats-reader-" + UUID.randomUUID());
        try (KafkaConsumer<String, StreamStats> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new AvroDeserializer<>(AvroCodec.STREAM_STATS))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<StreamStats> seen = new ArrayList<>();
            for (int n = 0; seen.isEmpty() && System.nanoTime() < deadline; n++) {
                nudge.accept(n);
                for (ConsumerRecord<String, StreamStats> r : consumer.poll(Duration.ofMillis(300))) {
                    seen.add(r.value());
                }
            }
            assertThat(seen).as("stats records on " + topic).isNotEmpty();
            return seen.get(0);
        }
    }

    /** The first message the page's WebSocket gets. */
    private static JsonNode firstPush(HttpClient http, URI url) throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(
                        URI.create(withToken(url, "/ws").toString().replaceFirst("^http", "ws")),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    first.complete(text.toString());
                                }
                                socket.request(1);
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
        try {
            return DashboardJson.MAPPER.readTree(first.get(10, TimeUnit.SECONDS));
        } finally {
            ws.abort();
        }
    }

    static URI withToken(URI url, String path) {
        return URI.create(url.resolve(path) + "?" + url.getRawQuery());
    }

    private static JsonNode awaitJson(URI url, String path, long sequence, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(withToken(url, path)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                JsonNode json = DashboardJson.MAPPER.readTree(r.body());
                if (json.get("sequence").asLong() == sequence) {
                    return json;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " answered " + r.statusCode() + " " + r.body());
            }
            Thread.sleep(100);
        }
    }
}
