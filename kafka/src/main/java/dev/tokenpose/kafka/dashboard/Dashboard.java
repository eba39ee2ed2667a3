package dev.tokenpose.kafka.dashboard;

import dev.tokenpose.kafka.stats.StatsApp;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.StreamStats;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The live dashboard: the stream analytics app and a web server whose page shows every stream's
 * latest frame with its skeletons, its model, and its numbers, pushed over a WebSocket.
 *
 * <pre>{@code
 * try (Dashboard d = Dashboard.start(kafka, "127.0.0.1", 0, null)) {
 *     System.out.println("dashboard: " + d.url());
 *     ...
 * }
 * }</pre>
 */
public final class Dashboard implements AutoCloseable {

    /** Longest wait for the web server to stop. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final StatsApp app;
    private final Server server;
    private final UpdatePusher pusher;
    private final Path stateDir;
    private final URI url;

    private Dashboard(StatsApp app, Server server, UpdatePusher pusher, Path stateDir, URI url) {
        this.app = app;
        this.server = server;
        this.pusher = pusher;
        this.stateDir = stateDir;
        this.url = url;
    }

    /**
     * Starts the dashboard with the default topics and windows, reading new records only.
     *
     * @param kafka the Kafka cluster
     * @param bind the address to listen on, e.g. 127.0.0.1
     * @param port the port, 0 for a free one
     * @param token the access token, or null for none
     * @return the running dashboard; its analytics may still be joining the cluster
     */
    public static Dashboard start(KafkaConnection kafka, String bind, int port, String token) {
        return start(DashboardOptions.defaults(kafka).withServer(bind, port, token));
    }

    /**
     * Starts the dashboard.
     *
     * @param options the cluster, server and analytics options
     * @return the running dashboard; its analytics may still be joining the cluster
     * @throws UncheckedIOException if the server cannot listen or the state directory cannot be made
     */
    public static Dashboard start(DashboardOptions options) {
        Path stateDir;
        try {
            // Fresh each run: the stores refill from their changelogs and the live topics.
            stateDir = Files.createTempDirectory("tokenpose-dashboard-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the analytics state directory", e);
        }
        StatsApp app = null;
        Server server = null;
        UpdatePusher pusher = null;
        try {
            app = StatsApp.start(
                    StatsApp.config(options.kafka(), options.applicationId(), stateDir, options.fromBeginning()),
                    options.stats(),
                    options.createTopics());
            StreamSource source = source(app);
            Thumbnails thumbnails = new Thumbnails(options.thumbnailWidth());
            pusher = new UpdatePusher(
                    new StreamBoard(thumbnails, options.staleAfter()), source, options.maxUpdatesPerSecond());
            server = new Server(threads());
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(options.bind());
            connector.setPort(options.port());
            server.addConnector(connector);
            UpdatePusher clients = pusher;
            WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(
                    server,
                    container -> container.addMapping("/ws", (request, response, callback) -> clients.newClient()));
            Routes routes = new Routes(source, thumbnails);
            ws.setHandler(routes);
            server.setHandler(new AccessGate(options.token(), routes.openPaths(), ws));
            server.setStopTimeout(STOP_TIMEOUT.toMillis());
            server.start();
            pusher.start();
            URI url = url(options.bind(), connector.getLocalPort(), options.token());
            return new Dashboard(app, server, pusher, stateDir, url);
        } catch (Exception e) {
            stopQuietly(server);
            if (pusher != null) {
                pusher.close();
            }
            if (app != null) {
                app.close();
            }
            delete(stateDir);
            if (e instanceof IOException io) {
                throw new UncheckedIOException(
                        "cannot serve the dashboard on " + options.bind() + ":" + options.port(), io);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot start the dashboard", e);
        }
    }

    /** The page's address, with the access token when there is one. */
    public URI url() {
        return url;
    }

    /** The analytics app behind the page. */
    public StatsApp stats() {
        return app;
    }

    /** Pages connected now. */
    public int pages() {
        return pusher.clients();
    }

    /**
     * Waits until the analytics are running.
     *
     * @param timeout the longest wait
     * @throws TimeoutException if they are not by then
     */
    public void awaitRunning(Duration timeout) throws TimeoutException, InterruptedException {
        app.awaitRunning(timeout);
    }

    /** Stops the server, the pushes and the analytics, and deletes the local state. */
    @Override
    public void close() {
        stopQuietly(server);
        pusher.close();
        app.close();
        delete(stateDir);
    }

    private static StreamSource source(StatsApp app) {
        return new StreamSource() {
            @Override
            public String state() {
                return app.state().name();
            }

            @Override
            public Map<String, PoseFrame> latestPoses() {
                return app.latestPoses();
            }

            @Override
            public Map<String, StreamStats> latestStats() {
                return app.latestStats();
            }

            @Override
            public Optional<VideoFrame> frame(String streamId, long sequence) {
                return app.frame(streamId, sequence);
            }
        };
    }

    private static QueuedThreadPool threads() {
        // A handful of pages, not a public site: a small pool leaves the cores to the pipeline.
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("dashboard-http");
        pool.setDaemon(true);
        return pool;
    }

    static URI url(String bind, int port, String token) {
        String host = bind;
        try {
            if (InetAddress.getByName(bind).isAnyLocalAddress()) {
                host = "127.0.0.1";
            }
        } catch (UnknownHostException e) {
            // A name that does not resolve here is still the name to print.
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        String query = token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return URI.create("http://" + host + ":" + port + "/" + query);
    }

    private static void stopQuietly(Server server) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort: the process is going away or the test is over.
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
