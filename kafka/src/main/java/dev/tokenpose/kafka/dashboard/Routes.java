package dev.tokenpose.kafka.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenpose.kafka.consume.PoseJson;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.StreamStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The dashboard's HTTP side: the page and its script and style, and the interactive-query
 * endpoints {@code /api/streams}, {@code /api/streams/{id}/pose}, {@code .../stats} and
 * {@code .../frame.jpg}; and {@code /health}, the analytics' state for readiness probes (200 while
 * they run or rebalance, 503 otherwise).
 */
final class Routes extends Handler.Abstract {

    private static final String RESOURCES = "/dev/tokenpose/kafka/dashboard/";
    private static final String API = "/api/streams";
    private static final String HEALTH = "/health";

    private final StreamSource source;
    private final Thumbnails thumbnails;
    private final Map<String, Asset> assets;

    /** A file of the page, read once. */
    private record Asset(String type, byte[] bytes) {}

    Routes(StreamSource source, Thumbnails thumbnails) {
        this.source = source;
        this.thumbnails = thumbnails;
        Asset index = asset("index.html", "text/html; charset=utf-8");
        this.assets = Map.of(
                "/",
                index,
                "/index.html",
                index,
                "/dashboard.js",
                asset("dashboard.js", "text/javascript; charset=utf-8"),
                "/dashboard.css",
                asset("dashboard.css", "text/css; charset=utf-8"));
    }

    /** The paths that carry no data (the page's own files and the health check): open without the token. */
    Set<String> openPaths() {
        Set<String> open = new java.util.HashSet<>(assets.keySet());
        open.add(HEALTH);
        return open;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
            return true;
        }
        String path = Request.getPathInContext(request);
        Asset asset = assets.get(path);
        if (asset != null) {
            send(response, callback, asset.type, asset.bytes);
            return true;
        }
        if (path.equals(API)) {
            sendJson(response, callback, streams());
            return true;
        }
        if (path.equals(HEALTH)) {
            String state = source.state();
            // A rebalance is routine (a restart, a new partition): the app serves again right after.
            boolean up = state.equals("RUNNING") || state.equals("REBALANCING");
            send(
                    response,
                    callback,
                    up ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503,
                    "application/json",
                    DashboardJson.write(DashboardJson.MAPPER.createObjectNode().put("analytics", state))
                            .getBytes(StandardCharsets.UTF_8));
            return true;
        }
        if (path.startsWith(API + "/")) {
            String rest = path.substring(API.length() + 1);
            int slash = rest.lastIndexOf('/');
            if (slash > 0) {
                String stream = URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8);
                if (stream(request, response, callback, stream, rest.substring(slash + 1))) {
                    return true;
                }
            }
        }
        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
        return true;
    }

    private boolean stream(Request request, Response response, Callback callback, String stream, String what) {
        Optional<PoseFrame> pose = Optional.ofNullable(source.latestPoses().get(stream));
        switch (what) {
            case "pose" -> {
                if (pose.isEmpty()) {
                    Response.writeError(
                            request, response, callback, HttpStatus.NOT_FOUND_404, "no pose record of " + stream);
                } else {
                    sendJson(response, callback, PoseJson.toJson(pose.get()));
                }
                return true;
            }
            case "stats" -> {
                StreamStats stats = source.latestStats().get(stream);
                if (stats == null) {
                    Response.writeError(
                            request, response, callback, HttpStatus.NOT_FOUND_404, "no closed window of " + stream);
                } else {
                    sendJson(response, callback, DashboardJson.stats(stats));
                }
                return true;
            }
            case "frame.jpg" -> {
                Optional<byte[]> jpeg =
                        pose.flatMap(p -> source.frame(stream, p.getSequence())).flatMap(thumbnails::jpeg);
                if (jpeg.isEmpty()) {
                    Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404, "no frame of " + stream);
                } else {
                    send(response, callback, "image/jpeg", jpeg.get());
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Every stream with its latest sequence, model and window stats. */
    private ObjectNode streams() {
        ObjectNode o = DashboardJson.MAPPER.createObjectNode();
        o.put("state", source.state());
        ArrayNode list = o.putArray("streams");
        Map<String, StreamStats> stats = source.latestStats();
        source.latestPoses().forEach((id, pose) -> {
            ObjectNode s = list.addObject();
            s.put("streamId", id);
            s.put("sequence", pose.getSequence());
            s.set("model", DashboardJson.model(pose.getModel()));
            if (stats.containsKey(id)) {
                s.set("stats", DashboardJson.stats(stats.get(id)));
            }
        });
        return o;
    }

    private static void sendJson(Response response, Callback callback, ObjectNode json) {
        send(response, callback, "application/json", DashboardJson.write(json).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Response response, Callback callback, String type, byte[] body) {
        send(response, callback, HttpStatus.OK_200, type, body);
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        // Live data, and a page whose URL may carry a token: nothing for caches.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static Asset asset(String name, String type) {
        try (InputStream in = Routes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource missing from the class path: " + name);
            }
            return new Asset(type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
