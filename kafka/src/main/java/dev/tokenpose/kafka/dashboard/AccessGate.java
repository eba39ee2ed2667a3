package dev.tokenpose.kafka.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Lets through only requests for data that carry the access token, as {@code ?token=} (the page's
 * WebSocket) or as {@code Authorization: Bearer} (scripts). The page's own files hold no data and
 * load without it, as a browser fetches them without the query; the page then passes the token
 * from its address. Without a token it lets everything through.
 */
final class AccessGate extends Handler.Wrapper {

    private final byte[] token;

    private final Set<String> open;

    AccessGate(String token, Set<String> open, Handler next) {
        super(next);
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.open = Set.copyOf(open);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (token == null
                || open.contains(Request.getPathInContext(request))
                || matches(Request.extractQueryParameters(request).getValue("token"))
                || matches(bearer(request.getHeaders().get(HttpHeader.AUTHORIZATION)))) {
            return super.handle(request, response, callback);
        }
        Response.writeError(request, response, callback, HttpStatus.UNAUTHORIZED_401, "missing or wrong access token");
        return true;
    }

    private boolean matches(String given) {
        // Constant time, so the token cannot be guessed a character at a time.
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private static String bearer(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : null;
    }
}
