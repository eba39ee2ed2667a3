package dev.tokenpose.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.admin.Topics;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import dev.tokenpose.kafka.consume.PoseTopicReader;
import dev.tokenpose.kafka.produce.FrameSender;
import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.Person;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.Topic;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Track ids and frame order live in keyed state: a job stopped with a savepoint and restored with
 * twice the parallelism goes on with the same ids, emits each frame once, and still knows which
 * frames it has seen.
 */
class TrackStateSavepointITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final int HALF = 6;
    static final List<String> STREAMS = List.of("cam-0", "cam-1", "cam-2", "cam-3");

    @TempDir
    Path savepoints;

    @Test
    void shouldContinueTheSameTrackIdsAndFrameOrderAfterRestoringWithAnotherParallelism() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaConnection cluster = kafka.connection();
            Topics.ensure(cluster, TopicSettings.DEFAULTS);
            PoseJobOptions options = PoseJobOptions.parse(
                    "--bootstrap-servers",
                    cluster.bootstrapServers(),
                    "--starting-offsets",
                    "earliest",
                    "--checkpoint-interval-ms",
                    "300",
                    "--config",
                    "T",
                    "--weights",
                    "seeded:3",
                    "--detector",
                    "none",
                    "--parallelism",
                    "1");

            publish(cluster, 0, HALF);
            JobClient first = start(options, null);
            List<PoseFrame> before =
                    await(cluster, options, STREAMS.size() * HALF).poses();
            String savepoint = first.stopWithSavepoint(
                            false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get();

            publish(cluster, HALF, 2 * HALF);
            replay(cluster, "cam-0", HALF - 1); // seen before the savepoint: the restored order state refuses it
            options.parallelism = 2;
            JobClient second = start(options, savepoint);
            int total = STREAMS.size() * 2 * HALF + 1;
            PoseTopicReader all = await(cluster, options, total);
            second.cancel().get();

            assertThat(all.deadLetters()).hasSize(1);
            assertThat(all.deadLetters().get(0).getMessage()).startsWith("sequence " + (HALF - 1) + " goes back from");
            for (String stream : STREAMS) {
                List<PoseFrame> frames = all.poses().stream()
                        .filter(p -> p.getStreamId().equals(stream))
                        .toList();
                assertThat(frames)
                        .as("each frame of %s exactly once", stream)
                        .extracting(PoseFrame::getSequence)
                        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
                PoseFrame last = before.stream()
                        .filter(p -> p.getStreamId().equals(stream) && p.getSequence() == HALF - 1)
                        .findFirst()
                        .orElseThrow();
                List<Long> idsBefore = ids(last);
                assertThat(idsBefore).doesNotContainNull().hasSize(2).doesNotHaveDuplicates();
                // A fresh tracker would report no ids for two frames (birth after 3 hits) and then start over.
                for (PoseFrame after : frames.subList(HALF, 2 * HALF)) {
                    assertThat(ids(after))
                            .as("%s frame %d", stream, after.getSequence())
                            .isEqualTo(idsBefore);
                }
            }
        }
    }

    private static JobClient start(PoseJobOptions options, String savepoint) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        PoseJob.onKafka(options).build(env);
        StreamGraph graph = env.getStreamGraph();
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        }
        return env.executeAsync(graph);
    }

    /** The committed records once there are {@code count}, each stream's poses in sequence order. */
    private static PoseTopicReader await(KafkaConnection cluster, PoseJobOptions options, int count) {
        try (PoseTopicReader reader = new PoseTopicReader(cluster, options.posesTopic, options.deadLetterTopic)) {
            assertThat(reader.awaitTotal(count, Duration.ofSeconds(120)))
                    .as("%d records", count)
                    .isTrue();
            reader.poll(Duration.ofSeconds(2), p -> {}); // nothing beyond them: exactly once
            assertThat(reader.poses().size() + reader.deadLetters().size()).isEqualTo(count);
            return reader;
        }
    }

    /** The track ids of a frame's persons, left person first. */
    private static List<Long> ids(PoseFrame f) {
        return f.getPersons().stream()
                .sorted(Comparator.comparingDouble(p -> p.getBox().getX()))
                .map(Person::getTrackId)
                .toList();
    }

    /** Frames of each stream with two people walking apart, as producer boxes on a raw grey image. */
    private static void publish(KafkaConnection cluster, int from, int to) {
        try (FrameSender sender = FrameSender.open(cluster, Topic.FRAMES_NAME)) {
            for (int seq = from; seq < to; seq++) {
                for (String stream : STREAMS) {
                    sender.send(frame(stream, seq));
                }
            }
            sender.flush();
        }
    }

    private static void replay(KafkaConnection cluster, String stream, int seq) {
        try (FrameSender sender = FrameSender.open(cluster, Topic.FRAMES_NAME)) {
            sender.send(frame(stream, seq));
            sender.flush();
        }
    }

    private static VideoFrame frame(String stream, int seq) {
        byte[] grey = new byte[WIDTH * HEIGHT * 3];
        java.util.Arrays.fill(grey, (byte) 90);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        return VideoFrame.newBuilder()
                .setStreamId(stream)
                .setSequence(seq)
                .setCaptureTime(t0.plusMillis(100L * seq))
                .setWidth(WIDTH)
                .setHeight(HEIGHT)
                .setEncoding(FrameEncoding.RAW_BGR)
                .setPayload(ByteBuffer.wrap(grey))
                .setBoxes(List.of(
                        new Box(40f + 2 * seq, 40f, 50f, 120f, 0.9f), new Box(220f - 2 * seq, 50f, 50f, 120f, 0.9f)))
                .build();
    }
}
