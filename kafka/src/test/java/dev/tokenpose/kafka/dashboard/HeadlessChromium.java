package dev.tokenpose.kafka.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket, JSON messages): open a
 * page, evaluate JavaScript in it, take a screenshot. Every wait is bounded; closing kills the
 * browser and its helper processes.
 */
final class HeadlessChromium implements AutoCloseable {

    /** Environment variable naming the browser binary, when it is not on the PATH. */
    static final String BROWSER_ENV = "CHROMIUM";

    private static final List<String> NAMES =
            List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** The browser binary: {@value #BROWSER_ENV} if set, else the first of the usual names on the PATH. */
    static Optional<Path> find() {
        String named = System.getenv(BROWSER_ENV);
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isExecutable);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : NAMES) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts the browser with a 1280 × 900 window and connects to its blank page.
     *
     * @param browser the binary
     * @param workDir an empty directory for the browser's profile and its log
     * @param timeout the longest wait for the browser to listen
     */
    static HeadlessChromium launch(Path browser, Path workDir, Duration timeout)
            throws IOException, InterruptedException {
        Path profile = Files.createDirectories(workDir.resolve("profile"));
        Process p = new ProcessBuilder(
                        browser.toString(),
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        "--no-default-browser-check",
                        "--disable-extensions",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--mute-audio",
                        "--hide-scrollbars",
                        "--force-device-scale-factor=1",
                        "--window-size=1280,900",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-port=0",
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("browser.log").toFile())
                .start();
        try {
            // Chromium writes its DevTools port to this file once it listens.
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Files.isRegularFile(portFile)
                    || Files.readAllLines(portFile).isEmpty()) {
                if (!p.isAlive()) {
                    throw new IOException("the browser exited with code " + p.exitValue() + " before listening");
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the browser did not listen within " + timeout);
                }
                Thread.sleep(100);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http =
                    HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();
            String pageSocket = null;
            while (pageSocket == null) {
                HttpResponse<String> list = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                .timeout(CALL_TIMEOUT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                for (JsonNode target : JSON.readTree(list.body())) {
                    if ("page".equals(target.path("type").asText())) {
                        pageSocket = target.get("webSocketDebuggerUrl").asText();
                    }
                }
                if (pageSocket == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("the browser has no page after " + timeout);
                    }
                    Thread.sleep(100);
                }
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket ws = http.newWebSocketBuilder()
                    .connectTimeout(CALL_TIMEOUT)
                    .buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                String message = text.toString();
                                text.setLength(0);
                                self[0].received(message);
                            }
                            w.request(1);
                            return null;
                        }
                    })
                    .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(p, ws);
            return self[0];
        } catch (Exception e) {
            kill(p);
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IOException("cannot connect to the browser", e);
        }
    }

    private void received(String message) {
        try {
            JsonNode json = JSON.readTree(message);
            if (json.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(json.get("id").asInt());
                if (f != null) {
                    f.complete(json);
                }
            }
        } catch (IOException e) {
            // Not a protocol message: nothing waits for it.
        }
    }

    /** Calls one DevTools method and returns its result, failing on a protocol error. */
    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", params == null ? JSON.createObjectNode() : params);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(JSON.writeValueAsString(message), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IOException(method + " failed: " + reply.get("error"));
        }
        return reply.get("result");
    }

    /** Opens {@code url} in the page. */
    void navigate(URI url) throws Exception {
        call("Page.enable", null);
        call("Page.navigate", JSON.createObjectNode().put("url", url.toString()));
    }

    /** The value of a JavaScript expression in the page, which must be JSON-serialisable. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call(
                        "Runtime.evaluate",
                        JSON.createObjectNode().put("expression", expression).put("returnByValue", true))
                .get("result");
        return result.has("value") ? result.get("value") : JSON.nullNode();
    }

    /** A PNG of the page's viewport. */
    byte[] screenshot() throws Exception {
        return Base64.getDecoder()
                .decode(call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"))
                        .get("data")
                        .asText());
    }

    @Override
    public void close() {
        socket.abort();
        kill(process);
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
