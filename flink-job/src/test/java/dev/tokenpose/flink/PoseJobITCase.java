package dev.tokenpose.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.admin.Topics;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import dev.tokenpose.kafka.consume.PoseTopicReader;
import dev.tokenpose.schema.codec.Topic;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pose job on real components: an embedded KRaft broker and a Flink MiniCluster. */
class PoseJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void shouldEmitOnePoseFramePerFrameInOrderAndDeadLetterTheBadRecords() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            run(kafka.connection());
        }
    }

    /**
     * Runs the scenario against any Kafka cluster: publish, run the job to the end offsets, check the
     * committed output.
     *
     * @param kafka the cluster
     * @param jobArguments more arguments of the job
     */
    static void run(KafkaConnection kafka, String... jobArguments) throws Exception {
        Topics.ensure(kafka, TopicSettings.DEFAULTS);
        PoseJobScenario scenario = new PoseJobScenario();
        scenario.publish(kafka, Topic.FRAMES_NAME);

        List<String> arguments = new ArrayList<>(List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--bounded",
                "--parallelism",
                "2",
                "--starting-offsets",
                "earliest",
                "--checkpoint-interval-ms",
                "500",
                "--config",
                "T",
                "--weights",
                "seeded:7",
                "--detector",
                "none",
                "--max-frame-bytes",
                String.valueOf(PoseJobScenario.MAX_FRAME_BYTES)));
        arguments.addAll(List.of(jobArguments));
        PoseJobOptions options = PoseJobOptions.parse(arguments.toArray(String[]::new));
        // No restarts: a record that made the job fail would fail the test instead of being retried.
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        PoseJob.onKafka(options).build(env);
        env.execute("pose-job-it");

        try (PoseTopicReader reader = new PoseTopicReader(kafka, options.posesTopic, options.deadLetterTopic)) {
            assertThat(reader.awaitTotal(scenario.expectedRecords(), Duration.ofSeconds(60)))
                    .isTrue();
            // Nothing beyond the expected records: exactly once.
            reader.poll(Duration.ofSeconds(2), p -> {});
            scenario.verify(reader.poses(), reader.deadLetters());
        }
    }
}
