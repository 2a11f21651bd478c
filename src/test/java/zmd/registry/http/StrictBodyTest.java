package zmd.registry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/** A request body is one JSON object in UTF-8, each key once, nothing after it; refusals in the register's words. */
class StrictBodyTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.empty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String body, String contentType) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url("/graphql")))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void refused(HttpResponse<String> r, int status, String words) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = TestServer.JSON.readTree(r.body());
        assertEquals("BAD_REQUEST", body.at("/errors/0/extensions/code").asText(), r.body());
        String message = body.at("/errors/0/message").asText();
        assertTrue(message.contains(words), message);
        assertTrue(message.length() < 250, message);
        assertFalse(message.contains("java.") || message.contains("`") || message.contains("Constraints"), "no class or limit names: " + message);
    }

    @Test
    void trailingGarbageIsRefused() throws Exception {
        refused(post("{\"query\":\"{__typename}\"} xyz", "application/json"), 400, "not valid JSON (line 1, column 29)");
        refused(post("{\"query\":\"{__typename}\"} {}", "application/json"), 400, "something follows");
        assertEquals(200, post("{\"query\":\"{__typename}\"} \n", "application/json").statusCode(), "trailing whitespace is JSON");
    }

    @Test
    void duplicateKeysAreRefusedAtAnyDepth() throws Exception {
        refused(post("{\"query\":\"{__typename}\",\"query\":\"{apiVersion}\"}", "application/json"), 400, "'query' appears more than once");
        refused(post("{\"query\":\"query($a: String) {__typename}\",\"variables\":{\"a\":\"x\",\"a\":\"y\"}}", "application/json"), 400,
                "'a' appears more than once");
        String q = URLEncoder.encode("query($a: String) {__typename}", StandardCharsets.UTF_8);
        String v = URLEncoder.encode("{\"a\":1,\"a\":2}", StandardCharsets.UTF_8);
        refused(server.get("/graphql?query=" + q + "&variables=" + v, null), 400, "'a' appears more than once");
    }

    @Test
    void otherKindsOfJsonAreRefusedWithoutClassNames() throws Exception {
        refused(post("[1]", "application/json"), 400, "another kind of JSON value");
        refused(post("\"x\"", "application/json"), 400, "another kind of JSON value");
        refused(post("{\"query\":\"{__typename}\",\"n\":" + "9".repeat(5_000) + "}", "application/json"), 400, "numbers of at most 1000 digits");
    }

    @Test
    void onlyUtf8IsRead() throws Exception {
        refused(post("{\"query\":\"{__typename}\"}", "application/json; charset=nope"), 415, "UTF-8");
        refused(post("{\"query\":\"{__typename}\"}", "application/json; charset=ISO-8859-1"), 415, "UTF-8");
        assertEquals(200, post("{\"query\":\"{__typename}\"}", "application/json; charset=UTF-8").statusCode());
        assertEquals(200, post("{\"query\":\"{__typename}\"}", "application/json;charset=\"utf-8\"").statusCode());
    }
}
