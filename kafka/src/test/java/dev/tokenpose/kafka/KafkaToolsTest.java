package dev.tokenpose.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import dev.tokenpose.kafka.consume.RecordReader;
import dev.tokenpose.kafka.serde.AvroSerializer;
import dev.tokenpose.kafka.testing.Records;
import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedKafka.class)
class KafkaToolsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return KafkaTools.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void topicsCreatesThePipelineTopicsAndReportsExistingOnesOnTheSecondRun(EmbeddedKafka kafka) throws Exception {
        String[] args = {
            "topics",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--frames-topic",
            "cli-frames",
            "--poses-topic",
            "cli-poses",
            "--dead-letter-topic",
            "cli-dead",
            "--frames-partitions",
            "4"
        };
        assertThat(run(args)).isZero();
        assertThat(out.toString()).contains("created cli-frames", "created cli-poses", "created cli-dead");
        assertThat(run(args)).isZero();
        assertThat(out.toString()).contains("exists  cli-frames");
        try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(admin.describeTopics(List.of("cli-frames"))
                            .allTopicNames()
                            .get()
                            .get("cli-frames")
                            .partitions())
                    .hasSize(4);
        }
    }

    @Test
    void producePublishesTheSampleClipAsTwoStreams(EmbeddedKafka kafka) throws Exception {
        int code = run(
                "produce",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                "cli-produce",
                "--source",
                "sample",
                "--source",
                "sample",
                "--as-fast-as-possible",
                "--max-frames",
                "8",
                "--max-width",
                "384",
                "--jpeg-quality",
                "75",
                "--no-progress");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("pedestrians\t8 frames", "pedestrians-2\t8 frames");
        List<VideoFrame> frames =
                RecordReader.read(kafka.connection(), "cli-produce", AvroCodec.VIDEO_FRAME, 16, Duration.ofSeconds(10));
        assertThat(frames).hasSize(16).allSatisfy(f -> {
            assertThat(f.getWidth()).isEqualTo(384);
            assertThat(f.getHeight()).isEqualTo(288);
        });
        assertThat(frames).extracting(VideoFrame::getStreamId).containsOnly("pedestrians", "pedestrians-2");
    }

    @Test
    void consumeWritesPosesAsJsonLinesToAFile(EmbeddedKafka kafka, @TempDir Path dir) throws Exception {
        try (KafkaProducer<String, PoseFrame> producer =
                new KafkaProducer<>(props(kafka), new StringSerializer(), AvroSerializer.poseFrames())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("cli-poses-out", 0, "cam", Records.poseFrame("cam", i)))
                        .get();
            }
        }
        Path json = dir.resolve("poses.jsonl");
        int code = run(
                "consume",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                "cli-poses-out",
                "--json-out",
                json.toString(),
                "--max",
                "3",
                "--timeout",
                "20s");
        assertThat(code).as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(json);
        assertThat(lines).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode o = MAPPER.readTree(lines.get(i));
            assertThat(o.get("streamId").asText()).isEqualTo("cam");
            assertThat(o.get("sequence").asInt()).isEqualTo(i);
            assertThat(o.get("persons").get(0).get("keypoints").get(0)).hasSize(3);
        }
        assertThat(err.toString()).contains("3 records from cli-poses-out written to");
    }

    @Test
    void consumeDeadLettersPrintsReasonAndMessageToStdout(EmbeddedKafka kafka) throws Exception {
        try (KafkaProducer<String, DeadLetter> producer =
                new KafkaProducer<>(props(kafka), new StringSerializer(), AvroSerializer.deadLetters())) {
            producer.send(new ProducerRecord<>("cli-dead-out", "cam", Records.deadLetter("cam")))
                    .get();
        }
        int code = run(
                "consume",
                "--dead-letters",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                "cli-dead-out",
                "--max",
                "1",
                "--timeout",
                "20s");
        assertThat(code).as(err.toString()).isZero();
        JsonNode o = MAPPER.readTree(out.toString().strip());
        assertThat(o.get("reason").asText()).isEqualTo("UNDECODABLE_IMAGE");
        assertThat(o.get("message").asText()).isEqualTo("payload is not a JPEG image");
    }

    @Test
    void aMissingSourceFileIsOneErrorLineWithoutStackTrace(EmbeddedKafka kafka) {
        int code = run(
                "produce",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                "cli-missing",
                "--source",
                "no/such/clip.mp4",
                "--no-progress");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("tokenpose-kafka produce: file not found: no/such/clip.mp4");
    }

    @Test
    void badUsageExitsWithTwoAndNamesTheProblem() {
        assertThat(run("produce", "--jpeg-quality", "101", "--source", "sample"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("--jpeg-quality must be within 1..100")
                .doesNotContain("at dev.");
        err.getBuffer().setLength(0);
        assertThat(run("produce", "--source", "a", "--source", "b", "--stream-id", "x"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("one --stream-id per --source");
        err.getBuffer().setLength(0);
        assertThat(run("consume", "--timeout", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
        err.getBuffer().setLength(0);
        assertThat(run("produce", "--realtime", "--as-fast-as-possible", "--source", "sample"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
        err.getBuffer().setLength(0);
        assertThat(run("dashboard", "--window", "5s", "--advance", "10s")).isEqualTo(2);
        assertThat(err.toString()).contains("advance PT10S is longer than the window PT5S");
        err.getBuffer().setLength(0);
        assertThat(run("dashboard", "--port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("port must be in [0, 65535]");
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("broker", "topics", "produce", "consume", "dashboard");
    }

    @Test
    void aLoggingSetupOnlyAnotherModuleHasIsNotFindable(@TempDir Path dir) throws Exception {
        assertThat(KafkaTools.findable(null)).isFalse();
        assertThat(KafkaTools.findable("tokenpose-cli-log4j2.xml")).isFalse();
        assertThat(KafkaTools.findable(KafkaTools.LOG_CONFIG)).isTrue();
        Path own = Files.writeString(dir.resolve("mine.xml"), "<Configuration/>");
        assertThat(KafkaTools.findable(own.toString())).isTrue();
        assertThat(KafkaTools.findable(own + ",missing.xml")).isFalse();
    }

    private static Properties props(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return p;
    }
}
