package zmd.registry.ogc.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/**
 * OWSLib's {@code owslib.ogcapi.features.Features} (Debian's python3-owslib, run by /usr/bin/python3) reading the
 * registry: a small script in src/test/resources/clients prints what OWSLib got as JSON, and the test compares it
 * with what GraphQL and the server say of the same data.
 */
class OwsLibTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Set<String> ALL = Set.of("mine-parcels", "listings", "red-lines", "basic-farmland", "mountain-protection", "planned-zones");
    /** Cuts through the north-western farmland cluster of the demo data, so that patches straddle its edges. */
    private static final double[] FARMLAND_BOX = {113.395, 32.765, 113.435, 32.795};

    private static TestServer server;
    private static Path script;

    @BeforeAll
    static void start() throws Exception {
        ClientProcess.requireInstalled(ClientProcess.importable("owslib.ogcapi.features"), "OWSLib for " + ClientProcess.PYTHON, "python3-owslib");
        script = Path.of(OwsLibTest.class.getResource("/clients/owslib_client.py").toURI());
        server = TestServer.withDemoData();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The tests

    @Test
    void owslibReadsTheLandingPageConformanceCollectionsAndQueryables() {
        for (String key : new String[] {server.viewerKey, null}) {
            String who = key == null ? "anonymous" : "staff";
            JsonNode d = owslib(key, "discover", server.url("/ogc"));
            JsonNode landing = json(server.get("/ogc", key));
            assertEquals(landing.get("title").asText(), d.at("/landing/title").asText(), who);
            Set<String> rels = strings(d.at("/landing/rels"));
            assertTrue(rels.containsAll(Set.of("self", "service-desc", "conformance", "data")), who + ": " + rels);

            assertEquals(json(server.get("/ogc/conformance", key)).get("conformsTo"), d.get("conformsTo"), who);

            Set<String> served = new TreeSet<>();
            json(server.get("/ogc/collections", key)).get("collections").forEach(c -> served.add(c.get("id").asText()));
            assertEquals(key == null ? Set.of("mine-parcels", "listings") : ALL, served, who);
            assertEquals(served, strings(d.get("collections")), who);
            // feature_collections() keeps the collections whose itemType is feature: every one of ours.
            assertEquals(served, strings(d.get("featureCollections")), who);

            for (String id : served) {
                JsonNode c = json(server.get("/ogc/collections/" + id, key));
                JsonNode seen = d.at("/collection/" + id);
                assertEquals(c.get("title").asText(), seen.get("title").asText(), id);
                assertEquals(c.at("/extent/spatial/bbox/0"), seen.get("bbox"), id);
                assertEquals(c.get("crs"), seen.get("crs"), id);
                assertEquals(c.get("storageCrs").asText(), seen.get("storageCrs").asText(), id);
                Set<String> queryables = new TreeSet<>();
                json(server.get("/ogc/collections/" + id + "/queryables", key)).get("properties").fieldNames().forEachRemaining(queryables::add);
                assertFalse(queryables.isEmpty(), id);
                assertEquals(queryables, strings(d.at("/queryables/" + id)), id);
            }
            assertEquals("3.0.3", d.at("/openapi/version").asText());
            assertTrue(strings(d.at("/openapi/paths")).contains("/collections/{collectionId}/items"), d.at("/openapi/paths").toString());
        }
    }

    @Test
    void cql2FiltersWithABboxGiveGraphQLsBlocks() {
        String triangle = "POLYGON((113.93 32.62, 114.00 32.68, 113.93 32.68, 113.93 32.62))";
        record Case(String what, String key, Map<String, Object> params, String graphqlFilter, Map<String, Object> variables) {
        }
        double[] wholeCity = {113.0, 32.2, 115.4, 33.7};
        double[] west = {113.40, 32.60, 113.60, 32.80};
        String listedJson = "{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"status\"},\"LISTED\"]},"
                + "{\"op\":\">\",\"args\":[{\"property\":\"areaM2\"},1200000]}]}";
        List<Case> cases = List.of(
                new Case("planned and large, in the city", server.viewerKey,
                        params("bbox", list(wholeCity), "filter", "status = 'PLANNED' AND areaM2 > 100000", "filter-lang", "cql2-text"),
                        "{ status: [PLANNED], minAreaKm2: 0.1, bbox: $b }", Map.of("b", bboxInput(wholeCity))),
                new Case("listed and over 1.2 km² in the west, a block a page", server.viewerKey,
                        params("bbox", list(west), "filter", "status = 'LISTED' AND areaM2 > 1200000", "filter-lang", "cql2-text", "limit", 1),
                        "{ status: [LISTED], minAreaKm2: 1.2, bbox: $b }", Map.of("b", bboxInput(west))),
                new Case("the same in CQL2 JSON", server.viewerKey,
                        params("bbox", list(west), "filter", listedJson, "filter-lang", "cql2-json", "limit", 1),
                        "{ status: [LISTED], minAreaKm2: 1.2, bbox: $b }", Map.of("b", bboxInput(west))),
                new Case("intersecting a triangle", server.viewerKey,
                        params("filter", "S_INTERSECTS(geometry, " + triangle + ")", "filter-lang", "cql2-text"),
                        "{ intersects: $g }", Map.of("g", Map.of("wkt", triangle, "srid", 4326))),
                new Case("intersecting a triangle, anonymously", null,
                        params("filter", "S_INTERSECTS(geometry, " + triangle + ")"),
                        "{ intersects: $g }", Map.of("g", Map.of("wkt", triangle, "srid", 4326))),
                new Case("planned blocks, anonymously: none", null,
                        params("bbox", list(wholeCity), "filter", "status = 'PLANNED'", "filter-lang", "cql2-text"),
                        "{ status: [PLANNED], bbox: $b }", Map.of("b", bboxInput(wholeCity))));
        for (Case c : cases) {
            String vars = String.join(", ", c.variables().keySet().stream().map(v -> "$" + v + ": " + (v.equals("b") ? "BboxInput" : "GeometryInput")).toList());
            JsonNode gql = server.data(c.key(), "query(" + vars + ") { mineParcels(first: 200, filter: " + c.graphqlFilter() + ") { totalCount nodes { id } } }",
                    c.variables()).get("mineParcels");
            Set<String> expected = new TreeSet<>();
            gql.get("nodes").forEach(n -> expected.add(n.get("id").asText()));

            JsonNode r = owslib(c.key(), "items", server.url("/ogc"), "mine-parcels", write(c.params()), "--follow");
            List<String> ids = new ArrayList<>();
            r.get("ids").forEach(i -> ids.add(i.asText()));
            assertEquals(expected, new TreeSet<>(ids), c.what() + "\n" + r);
            assertEquals(ids.size(), new TreeSet<>(ids).size(), c.what() + ": a block twice: " + ids);
            for (JsonNode page : r.get("pages")) {
                // The filter went to the server in every request, and the server counted what it matched.
                Map<String, String> sent = query(page.get("url").asText());
                assertEquals(c.params().get("filter"), sent.get("filter"), c.what() + ": " + page.get("url"));
                if (c.params().containsKey("bbox")) {
                    assertNotNull(sent.get("bbox"), page.get("url").asText());
                }
                assertEquals(expected.size(), page.get("numberMatched").asInt(), c.what() + ": " + page.get("url"));
                if (!page.get("next").isNull()) {
                    assertEquals(c.params().get("filter"), query(page.get("next").asText()).get("filter"), "the next link keeps the filter");
                }
            }
            System.out.println(c.what() + ": " + expected.size() + " of " + total(c.key()) + " blocks in " + r.get("pages").size() + " page(s)");
        }
        // The cases discriminate: the triangle is not its envelope, and the west box with its filter is not the box alone.
        Set<String> inTriangle = graphqlIds(server.viewerKey, "{ intersects: $g }", Map.of("g", Map.of("wkt", triangle, "srid", 4326)), "GeometryInput", "g");
        Set<String> inItsEnvelope = graphqlIds(server.viewerKey, "{ bbox: $b }", Map.of("b", bboxInput(new double[] {113.93, 32.62, 114.00, 32.68})), "BboxInput", "b");
        assertTrue(!inTriangle.isEmpty() && inItsEnvelope.containsAll(inTriangle) && inItsEnvelope.size() > inTriangle.size(), inTriangle + " vs " + inItsEnvelope);
        Set<String> westListedLarge = graphqlIds(server.viewerKey, "{ status: [LISTED], minAreaKm2: 1.2, bbox: $b }", Map.of("b", bboxInput(west)), "BboxInput", "b");
        Set<String> westAll = graphqlIds(server.viewerKey, "{ bbox: $b }", Map.of("b", bboxInput(west)), "BboxInput", "b");
        assertTrue(westListedLarge.size() > 1 && westAll.size() > westListedLarge.size(), westListedLarge + " vs " + westAll);
        assertEquals(1, graphqlIds(server.viewerKey, "{ status: [PLANNED] }", Map.of(), null, null).size(), "the demo register has one planned block");
    }

    @Test
    void aLayerReadWithABboxPageByPageIsTheLayerReadWithItAtOnce() {
        JsonNode paged = owslib(server.viewerKey, "items", server.url("/ogc"), "basic-farmland", write(params("bbox", list(FARMLAND_BOX), "limit", 50)), "--follow");
        JsonNode once = owslib(server.viewerKey, "items", server.url("/ogc"), "basic-farmland", write(params("bbox", list(FARMLAND_BOX), "limit", 10000)));
        List<Long> ids = pagedIds(paged, 50, FARMLAND_BOX, null);
        Set<Long> atOnce = new TreeSet<>();
        once.get("ids").forEach(i -> atOnce.add(i.asLong()));
        assertEquals(1, once.get("pages").size());
        assertEquals(atOnce, new TreeSet<>(ids), "page by page vs at once");

        // Against the whole layer as the server serves it: every patch inside the box is there, none outside it is.
        Map<Long, double[]> envelopes = new HashMap<>();
        for (JsonNode f : json(server.get("/ogc/collections/basic-farmland/items?limit=10000", server.viewerKey)).get("features")) {
            envelopes.put(f.get("id").asLong(), envelope(f.get("geometry")));
        }
        assertEquals(layerFeatureCount("BASIC_FARMLAND"), envelopes.size());
        int straddling = 0;
        for (Map.Entry<Long, double[]> e : envelopes.entrySet()) {
            double[] b = e.getValue();
            boolean inside = b[0] >= FARMLAND_BOX[0] && b[2] <= FARMLAND_BOX[2] && b[1] >= FARMLAND_BOX[1] && b[3] <= FARMLAND_BOX[3];
            boolean disjoint = b[2] < FARMLAND_BOX[0] || b[0] > FARMLAND_BOX[2] || b[3] < FARMLAND_BOX[1] || b[1] > FARMLAND_BOX[3];
            if (inside) {
                assertTrue(atOnce.contains(e.getKey()), "patch " + e.getKey() + " is inside the box but was not returned");
            } else if (disjoint) {
                assertFalse(atOnce.contains(e.getKey()), "patch " + e.getKey() + " is outside the box but was returned");
            } else if (atOnce.contains(e.getKey())) {
                straddling++;
            }
        }
        assertTrue(atOnce.size() > 50 && atOnce.size() < envelopes.size(), "the box should need several pages and not hold everything: " + atOnce.size());
        System.out.println("farmland in " + java.util.Arrays.toString(FARMLAND_BOX) + ": " + atOnce.size() + " of " + envelopes.size() + " patches, "
                + straddling + " across its edges, in " + paged.get("pages").size() + " pages");
    }

    @Test
    void aLayerWithABboxAndACql2FilterPagesToTheFilteredPatches() {
        JsonNode box = owslib(server.viewerKey, "items", server.url("/ogc"), "basic-farmland", write(params("bbox", list(FARMLAND_BOX), "limit", 10000)));
        Set<Long> expected = new TreeSet<>();
        JsonNode features = box.at("/pages/0/properties");
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).get("landClass").asText().equals("0101")) {
                expected.add(box.at("/pages/0/ids/" + i).asLong());
            }
        }
        assertTrue(expected.size() > 20 && expected.size() < box.get("ids").size(), "landClass 0101 is some of the box, not all: " + expected.size());
        JsonNode paged = owslib(server.viewerKey, "items", server.url("/ogc"), "basic-farmland",
                write(params("bbox", list(FARMLAND_BOX), "filter", "landClass = '0101'", "filter-lang", "cql2-text", "limit", 20)), "--follow");
        List<Long> ids = pagedIds(paged, 20, FARMLAND_BOX, "landClass = '0101'");
        assertEquals(expected, new TreeSet<>(ids));
        for (JsonNode page : paged.get("pages")) {
            page.get("properties").forEach(p -> assertEquals("0101", p.get("landClass").asText()));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    /**
     * The ids of a paged read, checked for consistency: every page but the last is full, numberReturned is what
     * came, numberMatched (when the server gives it) is the same on every page and the total, no id twice, each
     * envelope meets the box, and each next link repeats the bbox and filter.
     */
    private static List<Long> pagedIds(JsonNode read, int limit, double[] box, String filter) {
        List<Long> ids = new ArrayList<>();
        JsonNode pages = read.get("pages");
        Long matched = null;
        for (int p = 0; p < pages.size(); p++) {
            JsonNode page = pages.get(p);
            int n = page.get("ids").size();
            assertEquals(n, page.get("numberReturned").asInt(), page.get("url").asText());
            boolean last = p == pages.size() - 1;
            assertTrue(last ? n >= 1 && n <= limit : n == limit, "page " + p + " has " + n + ": " + page.get("url"));
            assertEquals(last, page.get("next").isNull(), "page " + p);
            if (!page.get("numberMatched").isNull()) {
                long m = page.get("numberMatched").asLong();
                assertTrue(matched == null || matched == m, "numberMatched changed from " + matched + " to " + m);
                matched = m;
            }
            for (int i = 0; i < n; i++) {
                ids.add(page.at("/ids/" + i).asLong());
                JsonNode e = page.at("/envelopes/" + i);
                assertFalse(e.get(2).asDouble() < box[0] || e.get(0).asDouble() > box[2] || e.get(3).asDouble() < box[1] || e.get(1).asDouble() > box[3],
                        "feature " + page.at("/ids/" + i) + " " + e + " is outside the box");
            }
            if (!last) {
                Map<String, String> next = query(page.get("next").asText());
                String[] b = next.get("bbox").split(",");
                for (int i = 0; i < 4; i++) {
                    assertEquals(box[i], Double.parseDouble(b[i]), 1e-12, page.get("next").asText());
                }
                assertEquals(filter, next.get("filter"), page.get("next").asText());
            }
        }
        assertEquals(ids.size(), new TreeSet<>(ids).size(), "an id twice across pages");
        if (matched != null) {
            assertEquals(matched.longValue(), ids.size(), "numberMatched vs what the pages held");
        }
        return ids;
    }

    private static JsonNode owslib(String key, String... args) {
        return ClientProcess.python("OWSLib", script, List.of(args), key, Map.of(), TIMEOUT);
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    private static List<Double> list(double[] box) {
        return List.of(box[0], box[1], box[2], box[3]);
    }

    private static Map<String, Object> bboxInput(double[] box) {
        return Map.of("minLon", box[0], "minLat", box[1], "maxLon", box[2], "maxLat", box[3]);
    }

    private static String write(Object o) {
        try {
            return TestServer.JSON.writeValueAsString(o);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> graphqlIds(String key, String filter, Map<String, Object> variables, String type, String var) {
        String q = type == null ? "{ mineParcels(first: 200, filter: " + filter + ") { nodes { id } } }"
                : "query($" + var + ": " + type + ") { mineParcels(first: 200, filter: " + filter + ") { nodes { id } } }";
        Set<String> out = new TreeSet<>();
        server.data(key, q, variables.isEmpty() ? null : variables).at("/mineParcels/nodes").forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    private static int total(String key) {
        return server.data(key, "{ mineParcels { totalCount } }").at("/mineParcels/totalCount").asInt();
    }

    private static int layerFeatureCount(String code) {
        for (JsonNode l : server.data(server.viewerKey, "{ layers { code current { featureCount } } }").get("layers")) {
            if (l.get("code").asText().equals(code)) {
                return l.at("/current/featureCount").asInt();
            }
        }
        throw new AssertionError("no layer " + code);
    }

    private static double[] envelope(JsonNode geometry) {
        double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        walk(geometry.get("coordinates"), b);
        return b;
    }

    private static void walk(JsonNode c, double[] b) {
        if (c.size() > 0 && c.get(0).isNumber()) {
            b[0] = Math.min(b[0], c.get(0).asDouble());
            b[1] = Math.min(b[1], c.get(1).asDouble());
            b[2] = Math.max(b[2], c.get(0).asDouble());
            b[3] = Math.max(b[3], c.get(1).asDouble());
            return;
        }
        c.forEach(part -> walk(part, b));
    }

    /** A URL's query parameters, decoded. */
    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                int eq = kv.indexOf('=');
                out.put(URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode json(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.uri() + " → " + r.body());
        try {
            return TestServer.JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }
}
