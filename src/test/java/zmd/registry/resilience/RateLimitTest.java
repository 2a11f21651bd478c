package zmd.registry.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.http.Limits;

/** Token buckets per API key and per address: the request past the burst gets 429, RATE_LIMITED and Retry-After. */
class RateLimitTest {
    private static final String QUERY = "{\"query\":\"{ counties { code } }\"}";
    private static TestServer server;

    @BeforeAll
    static void start() {
        // One token a second, bursts of 3 per key; 1 a second, bursts of 2 per address.
        server = TestServer.empty(new Limits(Duration.ofSeconds(10), 1, 3, 1, 2));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aKeyGetsItsBurstThenRateLimited() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, server.post("/graphql", QUERY, server.editorKey, "application/json").statusCode(), "request " + i);
        }
        HttpResponse<String> refused = server.post("/graphql", QUERY, server.editorKey, "application/json");
        assertEquals(429, refused.statusCode(), refused.body());
        assertEquals("RATE_LIMITED", TestServer.errorCode(TestServer.JSON.readTree(refused.body())));
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
        // Another key has a bucket of its own.
        assertEquals(200, server.post("/graphql", QUERY, server.platformKey, "application/json").statusCode());
        TimeUnit.SECONDS.sleep(retryAfter);
        assertEquals(200, server.post("/graphql", QUERY, server.editorKey, "application/json").statusCode());
    }

    @Test
    void anonymousCallersAndWebSocketUpgradesCountPerAddress() throws Exception {
        TimeUnit.SECONDS.sleep(2);
        int ok = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 4; i++) {
            last = server.post("/graphql", QUERY, null, "application/json");
            if (last.statusCode() == 200) {
                ok++;
            }
        }
        assertEquals(2, ok);
        assertEquals(429, last.statusCode());
        assertNotNull(last.headers().firstValue("Retry-After").orElse(null));
        CompletionException refused = assertThrows(CompletionException.class, () ->
                HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                        .buildAsync(URI.create(server.url("/graphql").replace("http", "ws")), new WebSocket.Listener() { }).join());
        HttpResponse<?> upgrade = ((WebSocketHandshakeException) refused.getCause()).getResponse();
        assertEquals(429, upgrade.statusCode());
        assertTrue(upgrade.headers().firstValue("Retry-After").isPresent());
    }
}
