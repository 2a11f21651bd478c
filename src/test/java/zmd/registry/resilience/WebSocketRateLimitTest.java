package zmd.registry.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.http.Limits;

/** Operations over an open WebSocket are charged to the key like requests: the socket is no way around the limit. */
class WebSocketRateLimitTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        // Bursts of 3 per key, one more a second; the address limit out of the way.
        server = TestServer.empty(new Limits(Duration.ofSeconds(10), 1, 3, 1000, 1000));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void operationsOnAnOpenSocketCountAgainstTheKey() throws Exception {
        BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .buildAsync(URI.create(server.url("/graphql").replace("http", "ws")), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                messages.add(TestServer.JSON.readTree(partial.toString()));
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).join();
        try {
            send(socket, Map.of("type", "connection_init", "payload", Map.of("Authorization", "Bearer " + server.viewerKey)));
            assertEquals("connection_ack", next(messages).get("type").asText());
            Map<String, Integer> outcomes = new HashMap<>();
            for (int i = 0; i < 6; i++) {
                send(socket, Map.of("id", "q" + i, "type", "subscribe", "payload", Map.of("query", "{ __typename }")));
            }
            int refused = 0;
            for (int i = 0; i < 6; i++) {
                JsonNode m = next(messages);
                outcomes.merge(m.get("type").asText(), 1, Integer::sum);
                if (m.get("type").asText().equals("error")) {
                    assertEquals("RATE_LIMITED", m.at("/payload/0/extensions/code").asText(), m.toString());
                    refused++;
                } else {
                    // Each answered query sends next then complete: read its complete too.
                    assertEquals("next", m.get("type").asText(), m.toString());
                    assertEquals("complete", next(messages).get("type").asText());
                }
            }
            // Six sent at once against a burst of 3: at least two refused even if a second passed and refilled one.
            assertTrue(refused >= 2 && refused <= 3, "a burst of 3, then refusals: " + outcomes);
        } finally {
            socket.abort();
        }
    }

    private static void send(WebSocket socket, Map<String, ?> message) throws Exception {
        socket.sendText(TestServer.JSON.writeValueAsString(message), true).join();
    }

    private static JsonNode next(BlockingQueue<JsonNode> messages) throws InterruptedException {
        JsonNode m = messages.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "no message within 10 s");
        return m;
    }
}
