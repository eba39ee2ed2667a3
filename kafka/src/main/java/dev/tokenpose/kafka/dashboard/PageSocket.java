package dev.tokenpose.kafka.dashboard;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * The server's end of one page's WebSocket. Public only because Jetty calls its listener methods
 * reflectively; nothing else uses it.
 */
public final class PageSocket implements Session.Listener.AutoDemanding {

    /** Set while a message to this page is on its way; the pusher sends nothing more until it is through. */
    final AtomicBoolean sending = new AtomicBoolean();
    /** Missed an update (or just connected): the next message must be the whole board. */
    volatile boolean behind = true;

    private final Set<PageSocket> connected;
    private volatile Session session;

    PageSocket(Set<PageSocket> connected) {
        this.connected = connected;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        connected.add(this);
    }

    @Override
    public void onWebSocketClose(int status, String reason) {
        connected.remove(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        connected.remove(this);
    }

    void send(String text) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            sending.set(false);
            connected.remove(this);
            return;
        }
        s.sendText(text, Callback.from(() -> sending.set(false), failure -> {
            sending.set(false);
            connected.remove(this);
        }));
    }

    void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(StatusCode.SHUTDOWN, "dashboard stopping", Callback.NOOP);
        }
    }
}
