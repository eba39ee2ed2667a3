package dev.tokenpose.kafka;

import picocli.CommandLine.Option;

/** The cluster every tool that talks to Kafka connects to. */
final class ClusterOption {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            defaultValue = KafkaTools.DEFAULT_BOOTSTRAP,
            description = "Kafka cluster (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;
}
