package dev.tokenpose.kafka.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Lets through only requests that carry the access token, as {@code ?token=} (the page and its
 * WebSocket) or as {@code Authorization: Bearer} (scripts). Without a token it lets everything through.
 */
final class AccessGate extends Handler.Wrapper {

    private final byte[] token;

    AccessGate(String token, Handler next) {
        super(next);
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (token == null || matches(Request.extractQueryParameters(request).getValue("token"))
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
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }
}
