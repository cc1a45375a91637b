package org.monsoon.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol: open a page once, then evaluate
 * JavaScript in it as often as needed, so a test can watch the page change without reloading it.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final ConcurrentHashMap<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts Chromium on {@code url}. */
    public static HeadlessChromium open(String url) throws Exception {
        ExternalTools.require("chromium", "chromium");
        Path profile = TestDirs.create("chromium-profile");
        Process process = new ProcessBuilder(List.of(
                        "chromium",
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-port=0",
                        url))
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                process.destroyForcibly();
                throw new AssertionError(
                        "Chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(200);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        String pageSocket = null;
        while (pageSocket == null && System.nanoTime() < deadline) {
            for (JsonNode target : JSON.readTree(
                    Http.get("http://127.0.0.1:" + port + "/json/list").body())) {
                if ("page".equals(target.path("type").asText())) {
                    pageSocket = target.path("webSocketDebuggerUrl").asText();
                }
            }
            Thread.sleep(200);
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                    private final StringBuilder buffer = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        buffer.append(data);
                        if (last) {
                            self[0].onMessage(buffer.toString());
                            buffer.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        self[0] = new HeadlessChromium(process, socket);
        return self[0];
    }

    private void onMessage(String message) {
        try {
            JsonNode json = JSON.readTree(message);
            if (json.has("id")) {
                CompletableFuture<JsonNode> waiting =
                        pending.remove(json.get("id").asInt());
                if (waiting != null) {
                    waiting.complete(json);
                }
            }
        } catch (Exception e) {
            // events we do not wait for
        }
    }

    /** Evaluates a JavaScript expression in the page and returns its value (a promise: once settled) as JSON. */
    public JsonNode evaluate(String expression) throws Exception {
        var params = JSON.createObjectNode()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true);
        return call("Runtime.evaluate", params).path("result").path("value");
    }

    /** Sends a DevTools command and returns its result. */
    private JsonNode call(String method, JsonNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        var request = JSON.createObjectNode().put("id", id).put("method", method);
        request.set("params", params);
        socket.sendText(request.toString(), true).get(10, TimeUnit.SECONDS);
        JsonNode response = answer.get(30, TimeUnit.SECONDS);
        if (response.has("error")) {
            throw new IllegalStateException(method + ": " + response.get("error"));
        }
        return response.path("result");
    }

    /** Sets the page's viewport, in CSS pixels. */
    public void viewport(int width, int height) throws Exception {
        call(
                "Emulation.setDeviceMetricsOverride",
                JSON.createObjectNode()
                        .put("width", width)
                        .put("height", height)
                        .put("deviceScaleFactor", 1)
                        .put("mobile", false));
    }

    /**
     * Writes a PNG of the element the CSS selector names (the whole page if null) to {@code file}, for
     * people to look at.
     */
    public Path screenshot(String selector, Path file) throws Exception {
        var params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        if (selector != null) {
            JsonNode box = evaluate("(() => { const r = document.querySelector(" + JSON.writeValueAsString(selector)
                    + ").getBoundingClientRect(); return {x: r.x + scrollX, y: r.y + scrollY, width: r.width,"
                    + " height: r.height}; })()");
            params.putObject("clip")
                    .put("x", box.get("x").asDouble())
                    .put("y", box.get("y").asDouble())
                    .put("width", Math.max(1, box.get("width").asDouble()))
                    .put("height", Math.max(1, box.get("height").asDouble()))
                    .put("scale", 1);
        }
        byte[] png = java.util.Base64.getDecoder()
                .decode(call("Page.captureScreenshot", params).get("data").asText());
        Files.createDirectories(file.getParent());
        Files.write(file, png);
        return file;
    }

    /** Polls {@code expression} until it is true. */
    public boolean waitFor(String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (evaluate(expression).asBoolean(false)) {
                return true;
            }
            Thread.sleep(300);
        }
        return false;
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
