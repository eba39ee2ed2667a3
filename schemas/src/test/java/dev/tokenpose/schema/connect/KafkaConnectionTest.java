package dev.tokenpose.schema.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectionTest {

    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"pa55\";";

    @Test
    void readsTheConnectionSettingsOfAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                # a secured cluster
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=%s
                ssl.truststore.location=/etc/kafka/ca.p12
                ssl.truststore.password = secret
                """.formatted(JAAS.replace("\"", "\\\"")));

        KafkaConnection c = KafkaConnection.of("broker:9093", file);

        assertThat(c.secured()).isTrue();
        assertThat(c.settings())
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.password", "secret")
                .hasSize(5);
        Properties p = c.clientProperties();
        assertThat(p.getProperty("bootstrap.servers")).isEqualTo("broker:9093");
        assertThat(p.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(KafkaConnection.from(p)).isEqualTo(c);
    }

    @Test
    void withoutAFileIsPlaintext() {
        KafkaConnection c = KafkaConnection.of("localhost:9092", null);
        assertThat(c.secured()).isFalse();
        assertThat(c.clientProperties()).containsOnlyKeys("bootstrap.servers");
        assertThat(c).hasToString("localhost:9092 (PLAINTEXT)");
    }

    @Test
    void refusesSettingsThatAreThePipelinesOwn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SSL\nisolation.level=read_uncommitted\nbootstrap.servers=x:1\n");
        assertThatThrownBy(() -> KafkaConnection.of("broker:9093", file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageEndingWith("refused: bootstrap.servers, isolation.level");
    }

    @Test
    void namesAMissingFile(@TempDir Path dir) {
        Path file = dir.resolve("absent.properties");
        assertThatThrownBy(() -> KafkaConnection.of("broker:9093", file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read the Kafka client configuration " + file);
    }

    @Test
    void printsNoValueButTheProtocol() {
        KafkaConnection c = new KafkaConnection(
                "broker:9093",
                Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", JAAS, "ssl.keystore.password", "pa55"));
        assertThat(c.toString())
                .isEqualTo("broker:9093 (SASL_SSL, settings [sasl.jaas.config, ssl.keystore.password])")
                .doesNotContain("pa55");
    }
}
