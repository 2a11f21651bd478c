package zmd.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** GraphQL over HTTP against a {@link TestServer}, reading numbers as exact decimals (money must not pass through double). */
public final class ExactApi {
    public static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private final TestServer server;

    public ExactApi(TestServer server) {
        this.server = server;
    }

    public JsonNode call(String key, String query, Map<String, ?> variables) {
        try {
            String body = JSON.writeValueAsString(variables == null ? Map.of("query", query) : Map.of("query", query, "variables", variables));
            return JSON.readTree(server.post("/graphql", body, key, "application/json").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode call(String key, String query) {
        return call(key, query, null);
    }

    public JsonNode data(String key, String query, Map<String, ?> variables) {
        JsonNode response = call(key, query, variables);
        if (response.has("errors")) {
            throw new AssertionError("unexpected errors: " + response.get("errors"));
        }
        return response.get("data");
    }

    public JsonNode data(String key, String query) {
        return data(key, query, null);
    }
}
