package zmd.registry.auction;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import zmd.registry.TestServer;

/** GraphQL over HTTP against a {@link TestServer}, reading numbers as exact decimals (money must not pass through double). */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private final TestServer server;

    Api(TestServer server) {
        this.server = server;
    }

    JsonNode call(String key, String query, Map<String, ?> variables) {
        try {
            String body = JSON.writeValueAsString(variables == null ? Map.of("query", query) : Map.of("query", query, "variables", variables));
            return JSON.readTree(server.post("/graphql", body, key, "application/json").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode call(String key, String query) {
        return call(key, query, null);
    }

    JsonNode data(String key, String query, Map<String, ?> variables) {
        JsonNode response = call(key, query, variables);
        if (response.has("errors")) {
            throw new AssertionError("unexpected errors: " + response.get("errors"));
        }
        return response.get("data");
    }

    JsonNode data(String key, String query) {
        return data(key, query, null);
    }

    static String code(JsonNode response) {
        return TestServer.errorCode(response);
    }
}
