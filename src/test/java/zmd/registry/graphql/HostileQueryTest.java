package zmd.registry.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.introspection.IntrospectionQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.GraphQLWsClient;
import zmd.registry.TestServer;
import zmd.registry.http.GraphQLHttp;

/**
 * Requests built to exhaust the server (fragment doubling, alias floods, cyclic introspection) are refused quickly with
 * QUERY_TOO_COMPLEX over HTTP and WebSocket, while ordinary queries, the benchmark documents and the standard
 * introspection queries of GraphQL tools still run.
 */
class HostileQueryTest {
    /** Far above a refusal's real time (milliseconds), far below the 50 s the doubling took before. */
    private static final long QUICK_MS = 5_000;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withDemoData();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** fragment F0 on type { leaf } fragment F1 on type { ...F0 ...F0 } … : 2^levels fields once expanded. */
    static String doubling(String type, String leaf, int levels, String operation) {
        StringBuilder q = new StringBuilder("fragment F0 on ").append(type).append(" { ").append(leaf).append(" }");
        for (int i = 1; i < levels; i++) {
            q.append(" fragment F").append(i).append(" on ").append(type).append(" { ...F").append(i - 1).append(" ...F").append(i - 1).append(" }");
        }
        return q.append(' ').append(operation.replace("SPREAD", "...F" + (levels - 1))).toString();
    }

    private static void assertRefusedQuickly(String query, String key) {
        long start = System.nanoTime();
        HttpResponse<String> r = server.post("/graphql", json(Map.of("query", query)), key, GraphQLHttp.GRAPHQL_RESPONSE);
        long ms = (System.nanoTime() - start) / 1_000_000;
        JsonNode body = read(r.body());
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("QUERY_TOO_COMPLEX", TestServer.errorCode(body), r.body());
        assertFalse(body.has("data"), r.body());
        assertTrue(ms < QUICK_MS, "refused in " + ms + " ms");
        assertFalse(TestServer.errorMessage(body).contains("graphql."), "no Java class names: " + TestServer.errorMessage(body));
    }

    @Test
    void fragmentDoublingIsRefusedQuicklyOnEveryList() {
        assertRefusedQuickly(doubling("MineParcel", "code", 40, "{ mineParcels { nodes { SPREAD } } }"), server.viewerKey);
        String message = TestServer.errorMessage(server.graphql(server.viewerKey, doubling("MineParcel", "code", 40, "{ mineParcels { nodes { SPREAD } } }")));
        assertTrue(message.contains("more than " + GraphQLFactory.MAX_FIELDS + " fields"), message);
        assertRefusedQuickly(doubling("Listing", "id", 40, "{ listings { nodes { SPREAD } } }"), server.platformKey);
        assertRefusedQuickly(doubling("Listing", "id", 40, "{ listingChanges { changes { listing { SPREAD } } } }"), server.platformKey);
    }

    @Test
    void threeDoublingsAtOnceLeaveOtherCallersServed() throws Exception {
        String attack = json(Map.of("query", doubling("MineParcel", "code", 40, "{ mineParcels { nodes { SPREAD } } }")));
        HttpClient http = HttpClient.newHttpClient();
        var attacks = Stream.generate(() -> http.sendAsync(java.net.http.HttpRequest.newBuilder(URI.create(server.url("/graphql")))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(attack)).build(),
                HttpResponse.BodyHandlers.ofString())).limit(3).toList();
        long start = System.nanoTime();
        JsonNode ordinary = server.data(server.viewerKey, "{ mineParcels(first: 20) { totalCount nodes { code } } }");
        assertEquals(11, ordinary.at("/mineParcels/totalCount").asInt());
        assertTrue((System.nanoTime() - start) / 1_000_000 < QUICK_MS);
        for (var a : attacks) {
            assertEquals("QUERY_TOO_COMPLEX", TestServer.errorCode(read(a.get(QUICK_MS, TimeUnit.MILLISECONDS).body())));
        }
    }

    @Test
    void aliasesCountAgainstTheLimitTypenameToo() {
        StringBuilder q = new StringBuilder("{");
        for (int i = 0; i < 5_000; i++) {
            q.append(" t").append(i).append(": __typename");
        }
        assertRefusedQuickly(q.append(" }").toString(), null);
        StringBuilder codes = new StringBuilder("{ mineParcels(first: 1) { nodes {");
        for (int i = 0; i < 3_000; i++) {
            codes.append(" c").append(i).append(": code");
        }
        assertRefusedQuickly(codes.append(" } } }").toString(), server.viewerKey);
    }

    @Test
    void aModestDoublingThatStaysUnderTheLimitStillRuns() {
        // 2^6 = 64 selections of the same field: legal, and merged into one answer field.
        JsonNode data = server.data(server.viewerKey, doubling("MineParcel", "code", 7, "{ mineParcels(first: 3) { nodes { SPREAD } } }"));
        assertEquals(3, data.at("/mineParcels/nodes").size());
        assertTrue(data.at("/mineParcels/nodes/0/code").asText().startsWith("ZMD-"));
    }

    @Test
    void theStandardIntrospectionQueriesLoadTheSchema() throws Exception {
        for (String query : new String[] {IntrospectionQuery.INTROSPECTION_QUERY, graphiqlIntrospectionQuery()}) {
            HttpResponse<String> r = server.post("/graphql", json(Map.of("query", query, "operationName", "IntrospectionQuery")), null,
                    GraphQLHttp.GRAPHQL_RESPONSE);
            assertEquals(200, r.statusCode(), r.body().substring(0, Math.min(400, r.body().length())));
            JsonNode body = read(r.body());
            assertFalse(body.has("errors"), body.path("errors").toString());
            assertEquals("Query", body.at("/data/__schema/queryType/name").asText());
            boolean mineParcels = false;
            for (JsonNode type : body.at("/data/__schema/types")) {
                if (type.path("name").asText().equals("Query")) {
                    for (JsonNode f : type.path("fields")) {
                        mineParcels |= f.path("name").asText().equals("mineParcels");
                    }
                }
            }
            assertTrue(mineParcels, "Query.mineParcels is described");
        }
    }

    @Test
    void badFaithIntrospectionIsRefusedAsTooComplex() {
        String cyclic = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }";
        assertRefusedQuickly(cyclic, null);
        String twice = "{ a: __schema { queryType { name } } b: __schema { queryType { name } } }";
        assertRefusedQuickly(twice, null);
    }

    @Test
    void theReadmeQueriesAndTheBenchmarkDocumentsStillRun() throws Exception {
        JsonNode first = server.data(server.editorKey,
                "{ mineParcels(first: 20) { totalCount nodes { code name county { name } areaKm2 areaMu reserves { mineral quantity unit category } } } }");
        assertEquals(11, first.at("/mineParcels/totalCount").asInt());
        JsonNode geometry = server.data(server.editorKey, "{ mineParcelByCode(code: \"ZMD-2020-08\") { geometry g2000: geometry(crs: EPSG_4490, precision: 7)"
                + " small: geometry(simplify: 25) wkt(crs: EPSG_4547) bbox centroid cornerPoints(zonePrefixed: true) { srid rings { part hole points { no x y } } } } }");
        assertNotNull(geometry.at("/mineParcelByCode/wkt").asText(null));
        String id = first.at("/mineParcels/nodes/0/code").asText();
        String parcelId = server.data(server.editorKey, "{ mineParcelByCode(code: \"" + id + "\") { id } }").at("/mineParcelByCode/id").asText();
        Map<String, Map<String, Object>> variables = Map.of(
                "overlap_parcel", Map.of("id", parcelId),
                "overlap_parcel_red_line", Map.of("id", parcelId),
                "overlap_geometry", Map.of("wkt", "POLYGON((114.0 32.6, 114.01 32.6, 114.01 32.61, 114.0 32.61, 114.0 32.6))"),
                "parcels_bbox", Map.of("bbox", Map.of("minLon", 113.2, "minLat", 32.3, "maxLon", 115.2, "maxLat", 33.6)),
                "listings_page", Map.of(),
                "listing_changes", Map.of());
        for (var e : variables.entrySet()) {
            String document = Files.readString(Path.of("bench/graphql", e.getKey() + ".graphql"));
            JsonNode data = server.data(e.getKey().startsWith("listing") ? server.platformKey : server.editorKey,
                    document, e.getValue());
            assertTrue(data.size() > 0, e.getKey());
        }
    }

    @Test
    void overWebSocketTheSameRefusalsComeQuickly() throws Exception {
        try (GraphQLWsClient ws = GraphQLWsClient.connected(server, server.viewerKey)) {
            long start = System.nanoTime();
            ws.subscribe("1", doubling("MineParcel", "code", 40, "{ mineParcels { nodes { SPREAD } } }"), Map.of());
            JsonNode error = ws.next(Duration.ofMillis(QUICK_MS));
            assertEquals("error", error.get("type").asText(), error.toString());
            assertEquals("QUERY_TOO_COMPLEX", error.at("/payload/0/extensions/code").asText(), error.toString());
            ws.subscribe("2", doubling("Listing", "id", 40, "subscription { listingChanged { listing { SPREAD } } }"), Map.of());
            JsonNode second = ws.next(Duration.ofMillis(QUICK_MS));
            assertEquals("QUERY_TOO_COMPLEX", second.at("/payload/0/extensions/code").asText(), second.toString());
            assertTrue((System.nanoTime() - start) / 1_000_000 < QUICK_MS);
            ws.subscribe("3", "{ mineParcels(first: 2) { nodes { code } } }", Map.of());
            JsonNode next = ws.next(Duration.ofMillis(QUICK_MS));
            assertEquals("next", next.get("type").asText(), next.toString());
            assertEquals(2, next.at("/payload/data/mineParcels/nodes").size());
        }
    }

    /** graphql-js's getIntrospectionQuery() as GraphiQL sends it: descriptions, deprecations, 7 levels of ofType. */
    static String graphiqlIntrospectionQuery() {
        String typeRef = "kind name";
        for (int i = 0; i < 7; i++) {
            typeRef = "kind name ofType { " + typeRef + " }";
        }
        return """
                query IntrospectionQuery {
                  __schema {
                    description
                    queryType { name } mutationType { name } subscriptionType { name }
                    types { ...FullType }
                    directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
                  }
                }
                fragment FullType on __Type {
                  kind name description specifiedByURL
                  fields(includeDeprecated: true) { name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef }
                    isDeprecated deprecationReason }
                  inputFields(includeDeprecated: true) { ...InputValue }
                  interfaces { ...TypeRef }
                  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
                  possibleTypes { ...TypeRef }
                }
                fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue isDeprecated deprecationReason }
                fragment TypeRef on __Type { TYPEREF }
                """.replace("TYPEREF", typeRef);
    }

    private static String json(Object value) {
        try {
            return TestServer.JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return TestServer.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
