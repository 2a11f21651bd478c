package zmd.registry.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.GraphQLWsClient;
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
        try (GraphQLWsClient socket = GraphQLWsClient.connected(server, server.viewerKey)) {
            Map<String, Integer> outcomes = new HashMap<>();
            for (int i = 0; i < 6; i++) {
                socket.subscribe("q" + i, "{ __typename }", Map.of());
            }
            int refused = 0;
            for (int i = 0; i < 6; i++) {
                JsonNode m = socket.next();
                outcomes.merge(m.get("type").asText(), 1, Integer::sum);
                if (m.get("type").asText().equals("error")) {
                    assertEquals("RATE_LIMITED", m.at("/payload/0/extensions/code").asText(), m.toString());
                    refused++;
                } else {
                    // Each answered query sends next then complete: read its complete too.
                    assertEquals("next", m.get("type").asText(), m.toString());
                    assertEquals("complete", socket.next().get("type").asText());
                }
            }
            // Six sent at once against a burst of 3: at least two refused even if a second passed and refilled one.
            assertTrue(refused >= 2 && refused <= 3, "a burst of 3, then refusals: " + outcomes);
        }
    }
}
