package dev.tokenpose.flink;

import dev.tokenpose.kafka.broker.EmbeddedKafka;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pose job's scenario (good frames and hostile records) on a broker that accepts clients only
 * over TLS with SCRAM: producer, Flink source, both exactly-once sinks and the checking consumer
 * all connect through one client configuration file, as {@code --kafka-config} gives it.
 */
class SaslSslPoseJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void shouldRunThePipelineOverSaslSsl(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startSaslSsl()) {
            Path config = dir.resolve("kafka-client.properties");
            Properties settings = new Properties();
            settings.putAll(kafka.connection().settings());
            try (Writer w = Files.newBufferedWriter(config)) {
                settings.store(w, null);
            }
            PoseJobITCase.run(kafka.connection(), "--kafka-config", config.toString());
        }
    }
}
