package dev.tokenpose.kafka;

import dev.tokenpose.schema.connect.KafkaConnection;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The cluster every tool that talks to Kafka connects to, and how (TLS, SASL). */
final class ClusterOption {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            defaultValue = KafkaTools.DEFAULT_BOOTSTRAP,
            description = "Kafka cluster (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description = "Client settings for TLS/SASL (security.protocol, ssl.*, sasl.*), as for every client of the"
                    + " pipeline (default: the file named by $" + KafkaConnection.ENV + ", else none).")
    Path kafkaConfig;

    KafkaConnection connection() {
        return KafkaConnection.of(
                bootstrapServers, kafkaConfig != null ? kafkaConfig : KafkaConnection.configFileFromEnvironment());
    }
}
