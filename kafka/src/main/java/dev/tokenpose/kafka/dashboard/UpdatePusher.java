package dev.tokenpose.kafka.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the board's changes to every connected page at a bounded rate, from one thread. A page
 * still receiving the previous message skips the ticks until it is done, then gets everything
 * at once, so a slow browser never makes messages pile up in the server.
 */
final class UpdatePusher implements AutoCloseable {

    /** A quiet board still sends its state this often, so pages can tell a live link from a dead one. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(UpdatePusher.class);

    private final StreamBoard board;
    private final StreamSource source;
    private final long periodMs;
    private final Set<PageSocket> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dashboard-push");
        t.setDaemon(true);
        return t;
    });
    private long lastSentAt;

    UpdatePusher(StreamBoard board, StreamSource source, double maxUpdatesPerSecond) {
        this.board = board;
        this.source = source;
        this.periodMs = Math.max(1, Math.round(1000 / maxUpdatesPerSecond));
    }

    void start() {
        ticker.scheduleAtFixedRate(this::tick, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    /** A new page's end of the WebSocket. */
    Session.Listener newClient() {
        return new PageSocket(clients);
    }

    /** Pages connected now. */
    int clients() {
        return clients.size();
    }

    private void tick() {
        try {
            long now = System.currentTimeMillis();
            ObjectNode update = board.refresh(source, now);
            boolean heartbeat = update == null && now - lastSentAt >= HEARTBEAT.toMillis();
            String text = update == null ? null : DashboardJson.write(update);
            String full = null;
            for (PageSocket c : clients) {
                if (!c.sending.compareAndSet(false, true)) {
                    c.behind |= update != null;
                    continue;
                }
                if (c.behind) {
                    if (full == null) {
                        full = DashboardJson.write(board.full());
                    }
                    c.behind = false;
                    c.send(full);
                } else if (text != null) {
                    c.send(text);
                } else if (heartbeat) {
                    c.send("{\"type\":\"heartbeat\",\"state\":\"" + source.state() + "\"}");
                } else {
                    c.sending.set(false);
                }
            }
            if (update != null || heartbeat) {
                lastSentAt = now;
            }
        } catch (RuntimeException e) {
            // The next tick tries again; a dead ticker would freeze every page.
            LOG.warn("dashboard update failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        for (PageSocket c : clients) {
            c.close();
        }
    }
}
