package zmd.registry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/**
 * GraphiQL in a real headless Chromium (Debian's, installed by scripts/ensure-deps.sh), driven over the DevTools
 * protocol: /graphiql loads its bundled assets, fetches the schema by introspection, and the docs explorer shows
 * the Query type's fields. A screenshot is left in target/graphiql-docs.png for a human.
 */
class GraphiqlBrowserTest {
    /** Opens the docs pane, then the Query type, and says how far it got. */
    private static final String STEP = """
            (() => {
              const docs = document.querySelector('.graphiql-doc-explorer');
              if (!docs) {
                const open = document.querySelector('[aria-label="Show Documentation Explorer"]');
                if (open) open.click();
                return 'opening';
              }
              if (docs.innerText.includes('mineParcels')) return 'shown';
              const query = [...docs.querySelectorAll('a')].find(a => a.textContent.trim() === 'Query');
              if (query) { query.click(); return 'query'; }
              return 'waiting: ' + docs.innerText.slice(0, 200);
            })()""";

    @Test
    void theDocsExplorerShowsTheSchema() throws Exception {
        Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-");
        try (TestServer server = TestServer.empty()) {
            Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
                    "--window-size=1400,900", server.url("/graphiql"))
                    .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
            try (Cdp page = Cdp.connect(devToolsPort(profile, chromium))) {
                String state = "";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!state.equals("shown") && System.nanoTime() < deadline) {
                    Thread.sleep(300);
                    state = page.call("Runtime.evaluate", Map.of("expression", STEP, "returnByValue", true)).at("/result/value").asText();
                }
                byte[] png = Base64.getDecoder().decode(page.call("Page.captureScreenshot", Map.of("format", "png")).get("data").asText());
                Files.write(Path.of("target", "graphiql-docs.png"), png);
                assertEquals("shown", state, "the docs explorer did not show Query.mineParcels");
                String docs = page.call("Runtime.evaluate", Map.of("expression",
                        "document.querySelector('.graphiql-doc-explorer').innerText", "returnByValue", true)).at("/result/value").asText();
                assertTrue(docs.contains("mineParcelByCode"), docs);
                assertTrue(png.length > 10_000, "a screenshot of " + png.length + " bytes");
            } finally {
                chromium.destroy();
                if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
                    chromium.destroyForcibly();
                }
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

    /** A DevTools protocol session with the first page, over java.net.http's WebSocket. */
    private static final class Cdp implements WebSocket.Listener, AutoCloseable {
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
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
            Cdp cdp = new Cdp();
            cdp.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), cdp).get(10, TimeUnit.SECONDS);
            return cdp;
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(id, reply);
            socket.sendText(TestServer.JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true).join();
            JsonNode message = reply.get(20, TimeUnit.SECONDS);
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
