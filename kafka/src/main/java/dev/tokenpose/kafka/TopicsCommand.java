package dev.tokenpose.kafka;

import dev.tokenpose.schema.codec.Topic;
import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.admin.Topics;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code topics}: creates the pipeline's topics where missing. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = {
            "Creates the frames, poses and dead-letter topics where they are missing; existing ones are left as they are.",
            "Prints one line per topic: created or exists."
        })
final class TopicsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = KafkaTools.DEFAULT_BOOTSTRAP,
            description = "Kafka cluster (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--frames-topic", defaultValue = Topic.FRAMES_NAME,
            description = "Frames topic (default: ${DEFAULT-VALUE}).")
    String framesTopic;

    @Option(names = "--poses-topic", defaultValue = Topic.POSES_NAME,
            description = "Poses topic (default: ${DEFAULT-VALUE}).")
    String posesTopic;

    @Option(names = "--dead-letter-topic", defaultValue = Topic.DEAD_LETTERS_NAME,
            description = "Dead-letter topic (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--frames-partitions", defaultValue = "" + TopicSettings.DEFAULT_FRAMES_PARTITIONS,
            description = "Partitions of the frames topic (default: ${DEFAULT-VALUE}).")
    int framesPartitions;

    @Option(names = "--partitions", defaultValue = "" + TopicSettings.DEFAULT_PARTITIONS,
            description = "Partitions of the poses and dead-letter topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "" + TopicSettings.DEFAULT_REPLICATION_FACTOR,
            description = "Replicas per partition (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(names = "--retention-ms", defaultValue = "" + TopicSettings.DEFAULT_RETENTION_MS,
            description = "Retention in milliseconds, -1 for the broker's default (default: ${DEFAULT-VALUE}, one day).")
    long retentionMs;

    @Override
    public Integer call() {
        TopicSettings settings = TopicSettings.DEFAULTS
                .withTopics(framesTopic, posesTopic, deadLetterTopic)
                .withPartitions(framesPartitions, partitions)
                .withReplicationFactor(replicationFactor)
                .withRetentionMs(retentionMs);
        List<String> created = Topics.ensure(bootstrapServers, settings);
        PrintWriter out = spec.commandLine().getOut();
        for (String topic : List.of(framesTopic, posesTopic, deadLetterTopic)) {
            out.println((created.contains(topic) ? "created " : "exists  ") + topic);
        }
        out.flush();
        return 0;
    }
}
