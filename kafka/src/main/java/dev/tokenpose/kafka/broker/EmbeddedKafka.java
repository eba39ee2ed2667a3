package dev.tokenpose.kafka.broker;

import dev.tokenpose.schema.connect.KafkaConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A single-node Kafka cluster (combined KRaft broker and controller) running in this JVM on
 * 127.0.0.1, with every internal topic at replication factor 1 so that transactions and consumer
 * groups work. Closing it stops the node and deletes a log directory it created itself.
 *
 * <p>{@link #startSaslSsl()} starts one that accepts clients only over TLS with SCRAM
 * credentials, as a secured production cluster would; {@link #connection()} says how to reach
 * either kind.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The host every listener binds to and advertises. */
    public static final String HOST = "127.0.0.1";

    /** Longest wait for the node to serve requests after start-up. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Longest transaction a producer may ask for: one hour, as Flink's exactly-once sink may
     * keep a transaction open across several checkpoints (Kafka's default is 15 minutes).
     */
    public static final long TRANSACTION_MAX_TIMEOUT_MS = TimeUnit.HOURS.toMillis(1);

    /** Largest record the node accepts: 16 MiB, room for large JPEG frames. */
    public static final int MESSAGE_MAX_BYTES = 16 << 20;

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "CLIENTS";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final Path ownedDir;
    private final int port;
    private final BrokerSecurity security;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, Path ownedDir, int port, BrokerSecurity security) {
        this.server = server;
        this.dataDir = dataDir;
        this.ownedDir = ownedDir;
        this.port = port;
        this.security = security;
    }

    /**
     * Starts a node on free ports with a fresh log directory that is deleted on close.
     *
     * @return the running node
     */
    public static EmbeddedKafka start() {
        return start(0);
    }

    /**
     * Starts a node on {@code port} with a fresh log directory that is deleted on close.
     *
     * @param port the client port, or 0 for a free one
     * @return the running node
     */
    public static EmbeddedKafka start(int port) {
        return startFresh(port, false);
    }

    /**
     * Starts a node on a free port that accepts clients only over SASL_SSL: TLS with a self-signed
     * certificate for 127.0.0.1 made for this node, and SCRAM-SHA-512 authentication of one user
     * with a random password. Its log directory, keys and certificates are deleted on close.
     *
     * @return the running node; {@link #connection()} holds the client settings
     */
    public static EmbeddedKafka startSaslSsl() {
        return startSaslSsl(0);
    }

    /**
     * As {@link #startSaslSsl()}, on {@code port}.
     *
     * @param port the client port, or 0 for a free one
     * @return the running node
     */
    public static EmbeddedKafka startSaslSsl(int port) {
        return startFresh(port, true);
    }

    private static EmbeddedKafka startFresh(int port, boolean saslSsl) {
        Path dir;
        try {
            dir = Files.createTempDirectory("tokenpose-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Kafka log directory", e);
        }
        try {
            BrokerSecurity security = saslSsl ? BrokerSecurity.create(dir.resolve("tls"), HOST) : null;
            return start(dir.resolve("data"), port == 0 ? freePort() : port, dir, security);
        } catch (RuntimeException e) {
            deleteRecursively(dir);
            throw e;
        }
    }

    /**
     * Starts a node on {@code port} keeping its data in {@code dataDir}, which is formatted on first
     * use and reused (topics and offsets included) by later starts; it is kept on close.
     *
     * @param dataDir the log directory, created if missing
     * @param port the client port, or 0 for a free one
     * @return the running node
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka log directory " + dataDir, e);
        }
        return start(dataDir, port == 0 ? freePort() : port, null, null);
    }

    /** Starts a node; {@code ownedDir} (holding the data and keys) is deleted on close, unless null. */
    private static EmbeddedKafka start(Path dataDir, int port, Path ownedDir, BrokerSecurity security) {
        requireFree(port);
        int controllerPort = freePort();
        Properties props = serverProperties(dataDir, port, controllerPort);
        if (security != null) {
            props.putAll(security.serverProperties(BROKER_LISTENER, CONTROLLER_LISTENER));
        }
        KafkaConfig config = new KafkaConfig(props);
        format(config, dataDir, security);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        EmbeddedKafka kafka = new EmbeddedKafka(server, dataDir, ownedDir, port, security);
        try {
            server.startup();
            kafka.awaitReady();
        } catch (RuntimeException e) {
            try {
                kafka.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return kafka;
    }

    /** The {@code bootstrap.servers} value for clients of this node. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** How clients reach this node: plaintext, or with the trust store and credentials of a SASL_SSL node. */
    public KafkaConnection connection() {
        return security == null
                ? KafkaConnection.plaintext(bootstrapServers())
                : new KafkaConnection(bootstrapServers(), security.clientSettings());
    }

    /** The client port. */
    public int port() {
        return port;
    }

    /** The log directory holding the node's data. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the node, waits until it has stopped, and deletes its log directory if it made it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (ownedDir != null) {
                deleteRecursively(ownedDir);
            }
        }
    }

    static Properties serverProperties(Path dataDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put(
                "listeners",
                BROKER_LISTENER + "://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                        + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        // One replica of everything; one partition for the internal topics, as 50 slow the first use.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("transaction.max.timeout.ms", String.valueOf(TRANSACTION_MAX_TIMEOUT_MS));
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("message.max.bytes", String.valueOf(MESSAGE_MAX_BYTES));
        p.put("replica.fetch.max.bytes", String.valueOf(MESSAGE_MAX_BYTES));
        p.put("log.retention.check.interval.ms", "60000");
        return p;
    }

    /** Writes the cluster's bootstrap metadata into a fresh log directory; a formatted one is kept. */
    private static void format(KafkaConfig config, Path dataDir, BrokerSecurity security) {
        if (Files.exists(dataDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            return;
        }
        // The formatter reports each directory it formats; that is not worth a line on the console.
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8)) {
            Formatter formatter = new Formatter();
            if (security != null) {
                // The SCRAM user exists from the start, so the node can authenticate to itself.
                formatter.setScramArguments(security.scramArguments());
            }
            formatter
                    .setPrintStream(out)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(dataDir.toAbsolutePath().toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot format the Kafka log directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Returns once the node answers a metadata request, as the client listener may lag start-up. */
    private void awaitReady() {
        Properties conf = connection().clientProperties();
        conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(conf)) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka node to start", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "the Kafka node did not become ready within " + READY_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** A port that was free a moment ago; the node binds it right after. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    /** Fails with a plain message where the server would fail with a stack trace of its own. */
    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on " + HOST + " is in use", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        IOException last = null;
        // A file the stopping node was still closing can appear or vanish mid-walk: walk again then.
        for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | UncheckedIOException e) {
                last = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            }
        }
        if (Files.exists(dir)) {
            throw new UncheckedIOException(
                    "cannot delete the Kafka log directory " + dir,
                    last != null ? last : new IOException(dir + " is still there"));
        }
    }
}
