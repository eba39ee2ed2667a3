package dev.tokenpose.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.kafka.broker.EmbeddedKafka;
import dev.tokenpose.kafka.consume.RecordReader;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.AvroCodec;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that accepts clients only over SASL_SSL: the project's tools reach it through the one
 * client configuration file, and every client without the right credentials or trust is refused.
 */
@Timeout(120)
class SaslSslClientsTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.startSaslSsl();
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void toolsReachTheNodeThroughTheClientConfigurationFile(@TempDir Path dir) throws Exception {
        Path config = writeClientConfig(dir, kafka.connection().settings());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KafkaTools.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "produce",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--kafka-config",
                config.toString(),
                "--topic",
                "secured-frames",
                "--source",
                "sample",
                "--as-fast-as-possible",
                "--max-frames",
                "3",
                "--max-width",
                "160",
                "--no-progress");
        assertThat(code).as(err.toString()).isZero();

        List<VideoFrame> frames = RecordReader.read(
                KafkaConnection.of(kafka.bootstrapServers(), config),
                "secured-frames",
                AvroCodec.VIDEO_FRAME,
                3,
                Duration.ofSeconds(20));
        assertThat(frames).hasSize(3);
        assertThat(out + err.toString()).doesNotContain(password());
    }

    @Test
    void refusesAWrongPassword() {
        Map<String, String> settings = new HashMap<>(kafka.connection().settings());
        settings.put("sasl.jaas.config", jaas(jaasValue("username"), "not-the-password"));
        assertThatThrownBy(() -> describeCluster(settings))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void refusesAnUnknownUser() {
        Map<String, String> settings = new HashMap<>(kafka.connection().settings());
        settings.put("sasl.jaas.config", jaas("intruder", password()));
        assertThatThrownBy(() -> describeCluster(settings))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void refusesAClientThatDoesNotTrustItsCertificate() {
        Map<String, String> settings = new HashMap<>(kafka.connection().settings());
        settings.keySet().removeIf(k -> k.startsWith("ssl.truststore"));
        assertThatThrownBy(() -> describeCluster(settings))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void givesAPlaintextClientNothing() {
        // A plaintext client cannot even complete a request: it times out.
        assertThatThrownBy(() -> describeCluster(Map.of()))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }

    @Test
    void clientsLogTheirConfigurationWithoutTheSecrets() throws Exception {
        // Kafka's clients log every setting at info when they start; the secrets must show as hidden.
        StringWriter log = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        WriterAppender appender = WriterAppender.newBuilder()
                .setName("capture")
                .setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%m%n").build())
                .build();
        appender.start();
        LoggerConfig clients = new LoggerConfig("org.apache.kafka", Level.INFO, false);
        clients.addAppender(appender, Level.INFO, null);
        context.getConfiguration().addLogger("org.apache.kafka", clients);
        context.updateLoggers();
        try {
            describeCluster(kafka.connection().settings());
            RecordReader.read(kafka.connection(), "secured-empty", AvroCodec.VIDEO_FRAME, 1, Duration.ofMillis(500));
        } finally {
            context.getConfiguration().removeLogger("org.apache.kafka");
            context.updateLoggers();
            appender.stop();
            Configurator.setLevel("org.apache.kafka", (Level) null);
        }
        assertThat(log.toString())
                .contains("sasl.jaas.config = [hidden]", "ssl.truststore.password = [hidden]")
                .doesNotContain(password());
        assertThat(kafka.connection().toString())
                .contains("SASL_SSL", "sasl.jaas.config")
                .doesNotContain(password());
    }

    private static void describeCluster(Map<String, String> settings) throws Exception {
        Properties p = new KafkaConnection(kafka.bootstrapServers(), settings).clientProperties();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
        }
    }

    /** The user's password, from the client settings' JAAS line. */
    private static String password() {
        return jaasValue("password");
    }

    private static String jaasValue(String name) {
        String jaas = kafka.connection().settings().get("sasl.jaas.config");
        int start = jaas.indexOf(name + "=\"") + name.length() + 2;
        return jaas.substring(start, jaas.indexOf('"', start));
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    static Path writeClientConfig(Path dir, Map<String, String> settings) throws Exception {
        Path file = dir.resolve("client.properties");
        Properties p = new Properties();
        p.putAll(settings);
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, null);
        }
        return file;
    }
}
