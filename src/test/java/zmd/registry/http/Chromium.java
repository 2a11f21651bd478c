package zmd.registry.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import zmd.registry.TestServer;

/**
 * A real headless Chromium (Debian's, installed by scripts/ensure-deps.sh) driven over the DevTools protocol, with
 * java.net.http's WebSocket: one page, the events it sent (kept for assertions), screenshots, and real input
 * events. The page starts blank so that {@code Network} events can be recorded from the first request on.
 */
final class Chromium implements AutoCloseable {
    private final Process process;
    private final Path profile;
    private final Cdp cdp;

    private Chromium(Process process, Path profile, Cdp cdp) {
        this.process = process;
        this.profile = profile;
        this.cdp = cdp;
    }

    /** Starts Chromium with a {@code width} x {@code height} window on about:blank; {@link #open} loads a page. */
    static Chromium start(int width, int height) throws Exception {
        Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-");
        Process process = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            Chromium chromium = new Chromium(process, profile, Cdp.connect(devToolsPort(profile, process)));
            chromium.call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
            chromium.call("Page.enable", Map.of());
            chromium.call("Runtime.enable", Map.of());
            chromium.call("Network.enable", Map.of());
            return chromium;
        } catch (Exception | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Starts Chromium on {@code url} in a 1400 x 900 window. */
    static Chromium open(String url) throws Exception {
        Chromium chromium = start(1400, 900);
        chromium.navigate(url);
        return chromium;
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    JsonNode call(String method, Map<String, Object> params) throws Exception {
        return cdp.call(method, params);
    }

    /** The value of a JavaScript expression (promises awaited); fails on an exception in the page. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("page threw on " + expression + ": " + result.get("exceptionDetails"));
        }
        return result.at("/result/value");
    }

    /** Evaluates {@code expression} until it is true (an exception counts as false); fails after {@code seconds}. */
    void waitFor(String expression, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String guarded = "(() => { try { return !!(" + expression + "); } catch (e) { return false; } })()";
        while (!evaluate(guarded).asBoolean(false)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what + " (" + expression + ")");
            }
            Thread.sleep(100);
        }
    }

    static void waitUntil(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** The visible page as PNG bytes (CSS pixels, as deviceScaleFactor is 1). */
    byte[] screenshot() throws Exception {
        return Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png")).get("data").asText());
    }

    /** A real left click (move, press, release) at page coordinates in CSS pixels. */
    void click(double x, double y) throws Exception {
        mouseMove(x, y);
        call("Input.dispatchMouseEvent", Map.of("type", "mousePressed", "x", x, "y", y, "button", "left", "buttons", 1, "clickCount", 1));
        call("Input.dispatchMouseEvent", Map.of("type", "mouseReleased", "x", x, "y", y, "button", "left", "buttons", 0, "clickCount", 1));
    }

    void mouseMove(double x, double y) throws Exception {
        call("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y, "button", "none", "buttons", 0));
    }

    /** Clicks the middle of the element {@code selector} selects (scrolled into view first). */
    void clickElement(String selector) throws Exception {
        JsonNode box = evaluate("(() => { const e = document.querySelector(" + TestServer.JSON.writeValueAsString(selector) + ");"
                + " if (!e) return null; e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                + " return [r.left + r.width / 2, r.top + r.height / 2]; })()");
        if (box.isNull() || box.isMissingNode()) {
            throw new AssertionError("no element " + selector);
        }
        click(box.get(0).asDouble(), box.get(1).asDouble());
    }

    /** Types text into the focused element as a user's input method would insert it. */
    void type(String text) throws Exception {
        call("Input.insertText", Map.of("text", text));
    }

    /** Every DevTools event received so far whose method is {@code method}, oldest first. */
    List<JsonNode> events(String method) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : cdp.events) {
            if (e.path("method").asText().equals(method)) {
                out.add(e.get("params"));
            }
        }
        return out;
    }

    /** How many events have been received (a mark for {@link #eventsSince}). */
    int eventCount() {
        return cdp.events.size();
    }

    List<JsonNode> eventsSince(int mark, String method) {
        List<JsonNode> out = new ArrayList<>();
        List<JsonNode> all = cdp.events;
        for (int i = mark; i < all.size(); i++) {
            if (all.get(i).path("method").asText().equals(method)) {
                out.add(all.get(i).get("params"));
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        try {
            cdp.close();
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Chromium writes its DevTools port into the profile once it listens. */
    private static int devToolsPort(Path profile, Process chromium) throws Exception {
        Path file = profile.resolve("DevToolsActivePort");
        for (int i = 0; i < 300 && chromium.isAlive(); i++) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).strip());
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
    }

    /** A DevTools protocol session with the first page. */
    private static final class Cdp implements WebSocket.Listener, AutoCloseable {
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final List<JsonNode> events = new CopyOnWriteArrayList<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Cdp connect(int port) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            String url = null;
            for (int i = 0; i < 100 && url == null; i++) {
                JsonNode targets = TestServer.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if (t.path("type").asText().equals("page")) {
                        url = t.get("webSocketDebuggerUrl").asText();
                    }
                }
                if (url == null) {
                    Thread.sleep(100);
                }
            }
            if (url == null) {
                throw new AssertionError("chromium shows no page to drive");
            }
            Cdp cdp = new Cdp();
            cdp.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), cdp).get(10, TimeUnit.SECONDS);
            return cdp;
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(id, reply);
            socket.sendText(TestServer.JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true).join();
            JsonNode message = reply.get(30, TimeUnit.SECONDS);
            if (message.has("error")) {
                throw new AssertionError(method + ": " + message.get("error"));
            }
            return message.get("result");
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = TestServer.JSON.readTree(partial.toString());
                    CompletableFuture<JsonNode> reply = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
                    if (reply != null) {
                        reply.complete(message);
                    } else if (message.has("method")) {
                        events.add(message);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }
}
