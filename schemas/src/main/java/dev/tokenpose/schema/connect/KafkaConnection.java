package dev.tokenpose.schema.connect;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How every Kafka client of the pipeline reaches the cluster: the bootstrap servers and the
 * connection settings (TLS, SASL) of one client configuration file. The producer, the Flink
 * source and sinks, the Streams app, the dashboard and the consumer all take the file the same
 * way ({@code --kafka-config FILE}, or the {@value #ENV} environment variable), so a secured
 * cluster is one file away for all of them.
 *
 * <p>The file may hold {@code security.protocol}, {@code ssl.*}, {@code sasl.*} and {@code
 * client.dns.lookup} only: settings the pipeline relies on (isolation level, idempotence,
 * transactions) are its own and cannot be overridden by accident. {@link #toString()} names the
 * keys but never their values, so a connection can be logged without leaking a secret.
 *
 * @param bootstrapServers the {@code bootstrap.servers} value
 * @param settings the connection settings, empty for a plaintext cluster
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> settings) {

    /** The environment variable naming the client configuration file when no option does. */
    public static final String ENV = "TOKENPOSE_KAFKA_CONFIG";

    private static final List<String> ALLOWED_PREFIXES = List.of("ssl.", "sasl.");
    private static final List<String> ALLOWED_KEYS = List.of("security.protocol", "client.dns.lookup");

    public KafkaConnection {
        Objects.requireNonNull(bootstrapServers, "bootstrap servers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("the bootstrap servers are empty");
        }
        settings = Map.copyOf(settings);
        List<String> refused =
                settings.keySet().stream().filter(k -> !allowed(k)).sorted().toList();
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(
                    "a Kafka client configuration sets how clients connect (security.protocol,"
                            + " ssl.*, sasl.*, client.dns.lookup) and nothing else; refused: "
                            + String.join(", ", refused));
        }
    }

    /**
     * A cluster reached without TLS or SASL.
     *
     * @param bootstrapServers the {@code bootstrap.servers} value
     * @return the connection
     */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /**
     * The connection to {@code bootstrapServers} with the settings of a client configuration file
     * in {@link Properties} format.
     *
     * @param bootstrapServers the {@code bootstrap.servers} value
     * @param configFile the file, or null for a plaintext cluster
     * @return the connection
     * @throws IllegalArgumentException when the file cannot be read or sets anything but connection settings
     */
    public static KafkaConnection of(String bootstrapServers, Path configFile) {
        if (configFile == null) {
            return plaintext(bootstrapServers);
        }
        Properties file = new Properties();
        try (Reader r = Files.newBufferedReader(configFile)) {
            file.load(r);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(
                    "cannot read the Kafka client configuration " + configFile + ": " + e, e);
        }
        Map<String, String> settings = new TreeMap<>();
        file.stringPropertyNames()
                .forEach(k -> settings.put(k, file.getProperty(k).trim()));
        try {
            return new KafkaConnection(bootstrapServers, settings);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The connection that client properties describe: their bootstrap servers and connection
     * settings, the rest ignored.
     *
     * @param clientProperties properties such as {@link #clientProperties()} returns, plus any others
     * @return the connection
     */
    public static KafkaConnection from(Properties clientProperties) {
        Map<String, String> settings = new TreeMap<>();
        for (String key : clientProperties.stringPropertyNames()) {
            if (allowed(key)) {
                settings.put(key, clientProperties.getProperty(key));
            }
        }
        return new KafkaConnection(
                Objects.requireNonNull(clientProperties.getProperty("bootstrap.servers"), "bootstrap.servers"),
                settings);
    }

    /**
     * The file named by {@value #ENV}, or null when it is unset or empty: the default of every
     * {@code --kafka-config} option.
     *
     * @return the path, or null
     */
    public static Path configFileFromEnvironment() {
        String value = System.getenv(ENV);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /**
     * Client properties holding the bootstrap servers and the connection settings.
     *
     * @return a new, mutable set of properties for the caller to add its own to
     */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(settings);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    /**
     * Whether clients use TLS or SASL.
     *
     * @return true when the file set a security protocol other than PLAINTEXT
     */
    public boolean secured() {
        return !settings.getOrDefault("security.protocol", "PLAINTEXT").equalsIgnoreCase("PLAINTEXT");
    }

    /** The bootstrap servers, the protocol and the names of the other settings; no value that could be a secret. */
    @Override
    public String toString() {
        String protocol = settings.getOrDefault("security.protocol", "PLAINTEXT");
        List<String> others = settings.keySet().stream()
                .filter(k -> !k.equals("security.protocol"))
                .sorted()
                .toList();
        return bootstrapServers + " (" + protocol + (others.isEmpty() ? "" : ", settings " + others) + ")";
    }

    private static boolean allowed(String key) {
        return ALLOWED_KEYS.contains(key) || ALLOWED_PREFIXES.stream().anyMatch(key::startsWith);
    }
}
