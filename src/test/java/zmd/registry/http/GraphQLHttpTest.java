package zmd.registry.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/** The HTTP contract: GraphQL over HTTP, content negotiation, request-level errors, GraphiQL, health, metrics. */
class GraphQLHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.empty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode body(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void answersGraphqlResponseJsonWhenAskedAnd400ForUnexecutableRequests() throws Exception {
        HttpResponse<String> ok = server.post("/graphql", "{\"query\":\"{ apiVersion }\"}", null, GraphQLHttp.GRAPHQL_RESPONSE);
        assertEquals(200, ok.statusCode());
        assertTrue(ok.headers().firstValue("Content-Type").orElse("").startsWith(GraphQLHttp.GRAPHQL_RESPONSE));
        HttpResponse<String> bad = server.post("/graphql", "{\"query\":\"{ apiVersion \"}", null, GraphQLHttp.GRAPHQL_RESPONSE);
        assertEquals(400, bad.statusCode());
        assertEquals("GRAPHQL_PARSE_FAILED", body(bad).at("/errors/0/extensions/code").asText());
        HttpResponse<String> legacy = server.post("/graphql", "{\"query\":\"{ nope }\"}", null, "application/json");
        assertEquals(200, legacy.statusCode());
        assertTrue(legacy.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("GRAPHQL_VALIDATION_FAILED", body(legacy).at("/errors/0/extensions/code").asText());
    }

    @Test
    void malformedRequestsGetAClear400() throws Exception {
        HttpResponse<String> notJson = server.post("/graphql", "{query: nope", null, null);
        assertEquals(400, notJson.statusCode());
        assertEquals("BAD_REQUEST", body(notJson).at("/errors/0/extensions/code").asText());
        assertTrue(body(notJson).at("/errors/0/message").asText().startsWith("the request body is not a JSON object"));
        HttpResponse<String> noQuery = server.post("/graphql", "{\"variables\":{}}", null, null);
        assertEquals(400, noQuery.statusCode());
        HttpResponse<String> badVars = server.post("/graphql", "{\"query\":\"{ apiVersion }\",\"variables\":[1]}", null, null);
        assertEquals(400, badVars.statusCode());
        assertTrue(!notJson.body().contains("Exception"), "no stack trace or class names leak");
    }

    @Test
    void getServesQueriesButNotMutations() throws Exception {
        String q = URLEncoder.encode("{ whoAmI { role } }", StandardCharsets.UTF_8);
        HttpResponse<String> get = server.get("/graphql?query=" + q, server.viewerKey);
        assertEquals(200, get.statusCode());
        assertEquals("STAFF_VIEWER", body(get).at("/data/whoAmI/role").asText());
        String m = URLEncoder.encode("mutation { updateMineParcel(id: \"x\", version: 1, patch: {}) { id } }", StandardCharsets.UTF_8);
        HttpResponse<String> mutation = server.get("/graphql?query=" + m, server.editorKey);
        assertEquals(405, mutation.statusCode());
        assertEquals("POST", mutation.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void theKeyAsABasicPasswordIsForOgcReadsOnly() throws Exception {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("qgis:" + server.viewerKey).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> collections = server.send(HttpRequest.newBuilder(URI.create(server.url("/ogc/collections"))).header("Authorization", basic).GET().build());
        assertEquals(200, collections.statusCode(), collections.body());
        assertTrue(collections.body().contains("\"red-lines\""), "the staff collections: the key was taken");
        HttpResponse<String> tileSet = server.send(HttpRequest.newBuilder(URI.create(server.url("/ogc/collections/red-lines/tiles/WebMercatorQuad")))
                .header("Authorization", basic).GET().build());
        assertEquals(200, tileSet.statusCode(), tileSet.body());

        HttpResponse<String> graphql = server.send(HttpRequest.newBuilder(URI.create(server.url("/graphql"))).header("Authorization", basic)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{ whoAmI { role } }\"}")).build());
        assertEquals(401, graphql.statusCode());
        assertEquals("UNAUTHENTICATED", body(graphql).at("/errors/0/extensions/code").asText());
        assertTrue(body(graphql).at("/errors/0/message").asText().contains("OGC API reads"), graphql.body());
        assertEquals("Bearer realm=\"registry\"", graphql.headers().firstValue("WWW-Authenticate").orElse(null));

        String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("qgis:mrr_not-a-real-key".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> refused = server.send(HttpRequest.newBuilder(URI.create(server.url("/ogc/collections"))).header("Authorization", wrong).GET().build());
        assertEquals(401, refused.statusCode());
        assertEquals("Bearer realm=\"registry\", Basic realm=\"registry\"", refused.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Test
    void unknownKeysAreRefusedNotTreatedAsPublic() throws Exception {
        HttpResponse<String> r = server.post("/graphql", "{\"query\":\"{ apiVersion }\"}", "mrr_not-a-real-key", null);
        assertEquals(401, r.statusCode());
        assertEquals("UNAUTHENTICATED", body(r).at("/errors/0/extensions/code").asText());
        assertEquals("PUBLIC", server.data(null, "{ whoAmI { role } }").at("/whoAmI/role").asText());
        assertEquals("PLATFORM", server.data(server.platformKey, "{ whoAmI { role name } }").at("/whoAmI/role").asText());
    }

    @Test
    void graphiqlWorksOfflineFromBundledAssets() {
        HttpResponse<String> page = server.get("/graphiql", null);
        assertEquals(200, page.statusCode());
        assertTrue(!page.body().contains("https://"), "no CDN");
        for (String asset : new String[] {"/webjars/graphiql/2.4.7/graphiql.min.js", "/webjars/graphiql/2.4.7/graphiql.min.css",
                "/webjars/react/18.3.1/umd/react.production.min.js", "/webjars/react-dom/18.3.1/umd/react-dom.production.min.js"}) {
            assertTrue(page.body().contains(asset), asset);
            HttpResponse<String> r = server.get(asset, null);
            assertEquals(200, r.statusCode(), asset);
            assertTrue(r.body().length() > 5_000, asset);
        }
    }

    @Test
    void overlyExpensiveQueriesAreRefusedBeforeTheyRun() {
        StringBuilder q = new StringBuilder("{");
        for (int i = 0; i < 700; i++) {
            q.append(" a").append(i).append(": mineParcels(first: 1) { totalCount }");
        }
        JsonNode r = server.graphql(server.viewerKey, q.append(" }").toString());
        assertEquals("QUERY_TOO_COMPLEX", TestServer.errorCode(r), r.toString().substring(0, Math.min(300, r.toString().length())));
    }

    @Test
    void overlyDeepQueriesAreRefused() {
        // 15 levels: deeper than the limit of 12.
        String q = "{ mineParcels(first: 1) { nodes { currentListing { parcel { currentListing { parcel { currentListing { parcel {"
                + " currentListing { parcel { currentListing { parcel { currentListing { parcel { code } } } } } } } } } } } } } } }";
        JsonNode r = server.graphql(server.viewerKey, q);
        assertEquals("QUERY_TOO_COMPLEX", TestServer.errorCode(r), r.toString());
        assertTrue(TestServer.errorMessage(r).contains("depth"), TestServer.errorMessage(r));
    }

    @Test
    void aLargeAnswerIsCompressedWhenTheClientAcceptsGzipAndWholeWhenNot() throws Exception {
        String introspection = "{\"query\":\"{ __schema { types { name description fields { name description } } } }\"}";
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url("/graphql")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(introspection));
        HttpResponse<byte[]> gzip = http.send(request.copy().header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> plain = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, gzip.statusCode());
        assertEquals("gzip", gzip.headers().firstValue("Content-Encoding").orElse(""));
        assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty());
        byte[] unzipped;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
            unzipped = in.readAllBytes();
        }
        assertTrue(plain.body().length > 10_000, "a large answer: " + plain.body().length + " bytes");
        assertTrue(gzip.body().length < plain.body().length / 3, "compressed to " + gzip.body().length + " bytes");
        assertEquals(JSON.readTree(plain.body()), JSON.readTree(unzipped));
        assertTrue(JSON.readTree(plain.body()).at("/data/__schema/types").size() > 10);
    }

    @Test
    void metricsCountResponsesByOutcome() throws Exception {
        double data = responses("data");
        double errors = responses("errors");
        double refused = responses("refused");
        server.post("/graphql", "{\"query\":\"{ apiVersion }\"}", null, null);
        server.post("/graphql", "{\"query\":\"{ apiVersion }\"}", null, null);
        server.post("/graphql", "{\"query\":\"{ nope }\"}", null, null);
        server.post("/graphql", "{query: nope", null, null);
        assertEquals(data + 2, responses("data"));
        assertEquals(errors + 1, responses("errors"));
        assertEquals(refused + 1, responses("refused"));
    }

    /** The count of GraphQL responses with this outcome, as /metrics reports it. */
    private static double responses(String outcome) {
        HttpResponse<String> r = server.get("/metrics", null);
        assertEquals(200, r.statusCode());
        String prefix = "graphql_responses_total{outcome=\"" + outcome + "\"} ";
        return r.body().lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + "in " + r.body()));
    }

    @Test
    void healthReportsTheDatabase() throws Exception {
        HttpResponse<String> r = server.get("/health", null);
        assertEquals(200, r.statusCode());
        assertEquals("UP", body(r).get("database").asText());
    }

    @Test
    void countiesAreListedWithApproximateBoundaries() {
        JsonNode c = server.data(null, "{ counties { code name boundaryNote } county(codeOrName: \"确山县\") { code boundary(precision: 3) } }");
        assertEquals(10, c.get("counties").size());
        assertEquals("411725", c.at("/county/code").asText());
        assertTrue(c.at("/counties/0/boundaryNote").asText().startsWith("approximate"));
        assertEquals("MultiPolygon", c.at("/county/boundary/type").asText());
    }
}
