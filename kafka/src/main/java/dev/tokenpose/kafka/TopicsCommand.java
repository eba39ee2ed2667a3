package dev.tokenpose.kafka;

import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.admin.Topics;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    ClusterOption cluster;

    @Mixin
    TopicNameOptions topics;

    @Option(
            names = "--frames-partitions",
            defaultValue = "" + TopicSettings.DEFAULT_FRAMES_PARTITIONS,
            description = "Partitions of the frames topic (default: ${DEFAULT-VALUE}).")
    int framesPartitions;

    @Option(
            names = "--partitions",
            defaultValue = "" + TopicSettings.DEFAULT_PARTITIONS,
            description = "Partitions of the poses and dead-letter topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--replication-factor",
            defaultValue = "" + TopicSettings.DEFAULT_REPLICATION_FACTOR,
            description = "Replicas per partition (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(
            names = "--retention-ms",
            defaultValue = "" + TopicSettings.DEFAULT_RETENTION_MS,
            description =
                    "Retention in milliseconds, -1 for the broker's default (default: ${DEFAULT-VALUE}, one day).")
    long retentionMs;

    @Override
    public Integer call() {
        TopicSettings settings = TopicSettings.DEFAULTS
                .withTopics(topics.framesTopic, topics.posesTopic, topics.deadLetterTopic)
                .withPartitions(framesPartitions, partitions)
                .withReplicationFactor(replicationFactor)
                .withRetentionMs(retentionMs);
        List<String> created = Topics.ensure(cluster.connection(), settings);
        PrintWriter out = spec.commandLine().getOut();
        for (String topic : List.of(topics.framesTopic, topics.posesTopic, topics.deadLetterTopic)) {
            out.println((created.contains(topic) ? "created " : "exists  ") + topic);
        }
        out.flush();
        return 0;
    }
}
