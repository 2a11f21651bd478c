package zmd.registry.ogc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;

/** OGC API Features Parts 1 and 2 over the demo register, checked against what GraphQL says of the same blocks. */
class OgcFeaturesTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withDemoData();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode json(String path, String key, int status) {
        HttpResponse<String> r = server.get(path, key);
        assertEquals(status, r.statusCode(), path + " → " + r.body());
        try {
            return TestServer.JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A link's href made relative to the server, so the test follows exactly what the API linked. */
    static String path(String href) {
        URI u = URI.create(href);
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    static JsonNode link(JsonNode doc, String rel) {
        for (JsonNode l : doc.get("links")) {
            if (l.get("rel").asText().equals(rel)) {
                return l;
            }
        }
        return null;
    }

    @Test
    void theLandingPageLinksEverythingAClientNeeds() {
        JsonNode landing = json("/ogc", null, 200);
        for (String rel : List.of("self", "alternate", "service-desc", "conformance", "data")) {
            assertNotNull(link(landing, rel), rel);
        }
        JsonNode conformance = json(path(link(landing, "conformance").get("href").asText()), null, 200);
        Set<String> classes = new HashSet<>();
        conformance.get("conformsTo").forEach(c -> classes.add(c.asText()));
        assertTrue(classes.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"));
        assertTrue(classes.contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"));
        JsonNode api = json("/ogc/api", null, 200);
        assertEquals("3.0.3", api.get("openapi").asText());
        assertTrue(api.at("/paths").has("/collections/{collectionId}/items"));
        assertEquals(10000, api.at("/components/parameters/limit/schema/maximum").asInt());
        // Both ways to give the key, and none (the public view).
        assertEquals("bearer", api.at("/components/securitySchemes/bearerKey/scheme").asText());
        assertEquals("basic", api.at("/components/securitySchemes/keyAsBasicPassword/scheme").asText());
        assertEquals("[{},{\"bearerKey\":[]},{\"keyAsBasicPassword\":[]}]", api.get("security").toString());
    }

    @Test
    void thePublicSeesBlocksAndListingsAndStaffTheLayersToo() {
        Set<String> pub = ids(json("/ogc/collections", null, 200).get("collections"));
        assertEquals(Set.of("mine-parcels", "listings"), pub);
        Set<String> staff = ids(json("/ogc/collections", server.viewerKey, 200).get("collections"));
        assertEquals(Set.of("mine-parcels", "listings", "red-lines", "basic-farmland", "mountain-protection", "planned-zones"), staff);
        JsonNode refused = json("/ogc/collections/red-lines/items", null, 403);
        assertEquals("FORBIDDEN", refused.get("code").asText());
        json("/ogc/collections/red-lines/items", server.platformKey, 403);
        JsonNode missing = json("/ogc/collections/nope", null, 404);
        assertTrue(missing.get("description").asText().contains("mine-parcels"), missing.toString());
    }

    private static Set<String> ids(JsonNode collections) {
        Set<String> out = new TreeSet<>();
        collections.forEach(c -> out.add(c.get("id").asText()));
        return out;
    }

    @Test
    void aCollectionDescribesItsExtentAndCrs() {
        JsonNode c = json("/ogc/collections/mine-parcels", server.viewerKey, 200);
        assertEquals("http://www.opengis.net/def/crs/EPSG/0/4490", c.get("storageCrs").asText());
        assertEquals(6, c.get("crs").size());
        JsonNode bbox = c.at("/extent/spatial/bbox/0");
        assertTrue(bbox.get(0).asDouble() > 113 && bbox.get(2).asDouble() < 116, bbox.toString());
        assertTrue(bbox.get(1).asDouble() > 32 && bbox.get(3).asDouble() < 34, bbox.toString());
        assertNotNull(link(c, "items"));
    }

    @Test
    void pagingByNextLinksReadsEveryBlockOnceAndMatchesGraphQL() {
        JsonNode gql = server.data(server.viewerKey, "{ mineParcels(first: 200) { totalCount nodes { id code areaM2 status } } }").get("mineParcels");
        int total = gql.get("totalCount").asInt();
        assertEquals(11, total);
        List<String> seen = new ArrayList<>();
        String next = "/ogc/collections/mine-parcels/items?limit=4";
        JsonNode page = null;
        int pages = 0;
        while (next != null) {
            page = json(next, server.viewerKey, 200);
            assertEquals(total, page.get("numberMatched").asInt());
            assertEquals(page.get("features").size(), page.get("numberReturned").asInt());
            page.get("features").forEach(f -> seen.add(f.get("id").asText()));
            JsonNode l = link(page, "next");
            next = l == null ? null : path(l.get("href").asText());
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(total, seen.size());
        assertEquals(total, new HashSet<>(seen).size());
        Set<String> fromGraphQL = new HashSet<>();
        gql.get("nodes").forEach(n -> fromGraphQL.add(n.get("id").asText()));
        assertEquals(fromGraphQL, new HashSet<>(seen));
        // Back from the last page to the one before it.
        JsonNode before = json(path(link(page, "prev").get("href").asText()), server.viewerKey, 200);
        assertEquals(seen.subList(4, 8), featureIds(before));
        assertNotNull(link(before, "next"));
        assertNotNull(link(before, "prev"));
    }

    private static List<String> featureIds(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("features").forEach(f -> out.add(f.get("id").asText()));
        return out;
    }

    @Test
    void propertiesAreTheDomainFieldsGraphQLServes() {
        JsonNode node = server.data(server.viewerKey, "{ mineParcels(first: 1, orderBy: AREA_DESC) { nodes { id code name status areaM2 areaMu county { name code } "
                + "reserves { mineral } } } }").at("/mineParcels/nodes/0");
        JsonNode f = json("/ogc/collections/mine-parcels/items/" + node.get("id").asText(), server.viewerKey, 200);
        assertEquals("Feature", f.get("type").asText());
        JsonNode p = f.get("properties");
        assertEquals(node.get("code"), p.get("code"));
        assertEquals(node.get("name"), p.get("name"));
        assertEquals(node.get("status"), p.get("status"));
        assertEquals(node.get("areaM2").asDouble(), p.get("areaM2").asDouble(), 1e-6);
        assertEquals(node.get("areaMu").decimalValue(), p.get("areaMu").decimalValue());
        assertEquals(node.at("/county/name"), p.get("county"));
        assertEquals(node.at("/reserves/0/mineral"), p.at("/minerals/0"));
        assertEquals("MultiPolygon", f.at("/geometry/type").asText());
        assertNotNull(link(f, "collection"));
    }

    @Test
    void crsAndBboxCrsFollowTheAxisOrderOfTheirCrs() {
        String id = json("/ogc/collections/mine-parcels/items?limit=1", server.viewerKey, 200).at("/features/0/id").asText();
        String item = "/ogc/collections/mine-parcels/items/" + id;
        JsonNode lonLat = json(item, server.viewerKey, 200).at("/geometry/coordinates/0/0/0");
        HttpResponse<String> r = server.get(item + "?crs=" + q("http://www.opengis.net/def/crs/EPSG/0/4490"), server.viewerKey);
        assertEquals("<http://www.opengis.net/def/crs/EPSG/0/4490>", r.headers().firstValue("Content-Crs").orElseThrow());
        JsonNode latLon = json(item + "?crs=" + q("http://www.opengis.net/def/crs/EPSG/0/4490"), server.viewerKey, 200).at("/geometry/coordinates/0/0/0");
        assertEquals(lonLat.get(0).asDouble(), latLon.get(1).asDouble(), 1e-7);
        assertEquals(lonLat.get(1).asDouble(), latLon.get(0).asDouble(), 1e-7);
        JsonNode gk = json(item + "?crs=EPSG:4547", server.viewerKey, 200).at("/geometry/coordinates/0/0/0");
        assertTrue(gk.get(0).asDouble() > 3_500_000 && gk.get(0).asDouble() < 3_800_000, "northing first: " + gk);
        assertTrue(gk.get(1).asDouble() > 300_000 && gk.get(1).asDouble() < 700_000, "then easting: " + gk);
        JsonNode zoned = json(item + "?crs=EPSG:4526", server.viewerKey, 200).at("/geometry/coordinates/0/0/0");
        assertEquals(gk.get(1).asDouble() + 38_000_000, zoned.get(1).asDouble(), 0.01);
        JsonNode mercator = json(item + "?crs=EPSG:3857", server.viewerKey, 200).at("/geometry/coordinates/0/0/0");
        assertTrue(mercator.get(0).asDouble() > 12_000_000, "x first in EPSG:3857: " + mercator);

        double lon = lonLat.get(0).asDouble();
        double lat = lonLat.get(1).asDouble();
        String crs84Box = (lon - 0.001) + "," + (lat - 0.001) + "," + (lon + 0.001) + "," + (lat + 0.001);
        String latLonBox = (lat - 0.001) + "," + (lon - 0.001) + "," + (lat + 0.001) + "," + (lon + 0.001);
        List<String> a = featureIds(json("/ogc/collections/mine-parcels/items?bbox=" + crs84Box, server.viewerKey, 200));
        List<String> b = featureIds(json("/ogc/collections/mine-parcels/items?bbox-crs=" + q(FEATURE_4326) + "&bbox=" + latLonBox, server.viewerKey, 200));
        assertTrue(a.contains(id), a.toString());
        assertEquals(a, b);
        JsonNode gql = server.data(server.viewerKey, "query($b: BboxInput) { mineParcels(filter: { bbox: $b }) { nodes { id } } }",
                java.util.Map.of("b", java.util.Map.of("minLon", lon - 0.001, "minLat", lat - 0.001, "maxLon", lon + 0.001, "maxLat", lat + 0.001)));
        Set<String> fromGraphQL = new HashSet<>();
        gql.at("/mineParcels/nodes").forEach(n -> fromGraphQL.add(n.get("id").asText()));
        assertEquals(fromGraphQL, new HashSet<>(a));
    }

    private static final String FEATURE_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326";

    @Test
    void sortbyPropertiesAndDatetimeShapeThePage() {
        JsonNode sorted = json("/ogc/collections/mine-parcels/items?limit=100&sortby=-areaM2&properties=code,areaM2", server.viewerKey, 200);
        double last = Double.MAX_VALUE;
        for (JsonNode f : sorted.get("features")) {
            double area = f.at("/properties/areaM2").asDouble();
            assertTrue(area <= last);
            last = area;
            assertEquals(Set.of("code", "areaM2"), fieldNames(f.get("properties")));
        }
        List<String> paged = new ArrayList<>();
        String next = "/ogc/collections/mine-parcels/items?limit=5&sortby=-areaM2";
        while (next != null) {
            JsonNode page = json(next, server.viewerKey, 200);
            paged.addAll(featureIds(page));
            JsonNode l = link(page, "next");
            next = l == null ? null : path(l.get("href").asText());
        }
        assertEquals(featureIds(sorted), paged);

        JsonNode all = json("/ogc/collections/mine-parcels/items?limit=100", server.viewerKey, 200);
        String date = all.at("/features/0/properties/plannedListing").asText();
        long sameDay = 0;
        for (JsonNode f : all.get("features")) {
            sameDay += f.at("/properties/plannedListing").asText().equals(date) ? 1 : 0;
        }
        assertEquals(sameDay, json("/ogc/collections/mine-parcels/items?limit=100&datetime=" + date, server.viewerKey, 200).get("numberReturned").asLong());
        assertEquals(all.get("numberReturned"), json("/ogc/collections/mine-parcels/items?limit=100&datetime=../2100-01-01T00:00:00Z",
                server.viewerKey, 200).get("numberReturned"));
        assertEquals(0, json("/ogc/collections/mine-parcels/items?datetime=2001-01-01/2001-12-31", server.viewerKey, 200).get("numberMatched").asInt());
        assertEquals(1, json("/ogc/collections/mine-parcels/items?code=" + q(all.at("/features/0/properties/code").asText()), server.viewerKey, 200)
                .get("numberMatched").asInt());
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> out = new HashSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void layersServeTheirCurrentDatasetToStaff() {
        JsonNode layers = server.data(server.viewerKey, "{ layers { code current { featureCount } } }").get("layers");
        java.util.Map<String, String> ids = java.util.Map.of("RED_LINE", "red-lines", "BASIC_FARMLAND", "basic-farmland",
                "MOUNTAIN_PROTECTION", "mountain-protection", "PLANNED_ZONE", "planned-zones");
        for (JsonNode l : layers) {
            String collection = ids.get(l.get("code").asText());
            JsonNode page = json("/ogc/collections/" + collection + "/items?limit=10000", server.viewerKey, 200);
            int count = l.at("/current/featureCount").asInt();
            assertEquals(count, page.get("numberMatched").asInt(), collection);
            assertEquals(count, page.get("numberReturned").asInt(), collection);
            assertNull(link(page, "next"), collection);
        }
    }

    @Test
    void badParametersGet400WithWhatWasWrong() {
        String items = "/ogc/collections/mine-parcels/items";
        for (String[] c : new String[][] {
                {"?bbox=1,2,3", "bbox"}, {"?bbox=114,33,113,34", "bbox"}, {"?bbox=a,b,c,d", "bbox"},
                {"?limit=0", "limit"}, {"?limit=ten", "limit"}, {"?crs=EPSG:9999", "crs"}, {"?bbox-crs=foo&bbox=1,2,3,4", "bbox-crs"},
                {"?datetime=yesterday", "datetime"}, {"?datetime=2020-02-01/2020-01-01", "datetime"}, {"?colour=red", "colour"},
                {"?sortby=nope", "sortby"}, {"?sortby=basis", "sortby"}, {"?properties=nope", "properties"}, {"?cursor=xyz", "cursor"},
                {"?f=xml", "f"}, {"?limit=1&limit=2", "limit"}, {"?version=abc", "version"}, {"?filter-lang=sql&filter=x", "filter-lang"}}) {
            JsonNode e = json(items + c[0], server.viewerKey, 400);
            assertEquals("BAD_USER_INPUT", e.get("code").asText(), c[0]);
            assertTrue(e.get("description").asText().contains(c[1]), c[0] + " → " + e);
            assertFalse(e.toString().contains("Exception"), e.toString());
        }
        assertEquals(11, json(items + "?limit=99999", server.viewerKey, 200).get("numberReturned").asInt());
        assertEquals(11, json(items + "?limit=99999999999999999999999", server.viewerKey, 200).get("numberReturned").asInt());
        JsonNode outside = json(items + "?bbox-crs=EPSG:4547&bbox=" + q("500000,3600000,510000,3610000"), server.viewerKey, 400);
        assertTrue(outside.get("description").asText().contains("axis order"), "easting given first in a northing-first CRS: " + outside);
        json(items + "?bbox-crs=EPSG:4547&bbox=" + q("3600000,400000,3700000,600000"), server.viewerKey, 200);
        String listingsCursor = path(link(json("/ogc/collections/listings/items?limit=1", server.viewerKey, 200), "next").get("href").asText())
                .replaceAll(".*cursor=", "");
        assertTrue(json(items + "?cursor=" + listingsCursor, server.viewerKey, 400).get("description").asText().contains("another collection"));
        json("/ogc/api?f=html", null, 400);
        assertFalse(json("/ogc/api", null, 200).toString().contains("red-lines"), "the public's API definition names no staff collection");
        assertTrue(json("/ogc/api", server.viewerKey, 200).toString().contains("red-lines"));
        json(items + "/not-a-uuid", server.viewerKey, 404);
        json(items + "/00000000-0000-0000-0000-000000000000", server.viewerKey, 404);
        json("/ogc/collections?colour=red", server.viewerKey, 400);
        json("/ogc/collections", "mrr_not-a-key", 401);
    }

    @Test
    void everyResourceHasAReadableHtmlPage() {
        for (String p : List.of("/ogc?f=html", "/ogc/conformance?f=html", "/ogc/collections?f=html", "/ogc/collections/mine-parcels?f=html",
                "/ogc/collections/mine-parcels/queryables?f=html", "/ogc/collections/mine-parcels/items?f=html")) {
            HttpResponse<String> r = server.get(p, server.viewerKey);
            assertEquals(200, r.statusCode(), p);
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"), p);
            assertTrue(r.body().startsWith("<!DOCTYPE html>") && r.body().contains("</table>"), p);
        }
        HttpResponse<String> browser = server.send(java.net.http.HttpRequest.newBuilder(URI.create(server.url("/ogc/collections")))
                .header("Accept", "text/html,application/xhtml+xml").GET().build());
        assertTrue(browser.body().contains("Mining-right blocks"));
    }

    @Test
    void queryablesAreAJsonSchemaOfTheAllowList() {
        JsonNode s = json("/ogc/collections/mine-parcels/queryables", server.viewerKey, 200);
        assertEquals("object", s.get("type").asText());
        assertEquals("string", s.at("/properties/status/type").asText());
        assertEquals("date", s.at("/properties/plannedListing/format").asText());
        assertTrue(s.at("/properties/geometry").has("format"));
        assertFalse(s.get("properties").has("areaMu"), "derived, not filterable");
        assertFalse(s.get("additionalProperties").asBoolean());
    }

    @Test
    void cql2FiltersInTextAndJsonSelectWhatGraphQLSelects() {
        JsonNode gql = server.data(server.viewerKey, "{ mineParcels(first: 200, filter: { minAreaKm2: 1.0 }) { nodes { id } } }").at("/mineParcels/nodes");
        Set<String> big = new HashSet<>();
        gql.forEach(n -> big.add(n.get("id").asText()));
        assertTrue(big.size() > 0 && big.size() < 11, big.toString());
        String items = "/ogc/collections/mine-parcels/items?limit=100&filter=";
        assertEquals(big, new HashSet<>(featureIds(json(items + q("areaM2 >= 1000000"), server.viewerKey, 200))));
        assertEquals(big, new HashSet<>(featureIds(json(items + q("{\"op\":\">=\",\"args\":[{\"property\":\"areaM2\"},1000000]}")
                + "&filter-lang=cql2-json", server.viewerKey, 200))));
        assertEquals(11 - big.size(), json(items + q("NOT (areaM2 >= 1000000)"), server.viewerKey, 200).get("numberMatched").asInt());

        // A block's own first corner, as a point literal in lon/lat and in EPSG:4326's lat/lon order.
        JsonNode first = json("/ogc/collections/mine-parcels/items?limit=1", server.viewerKey, 200).at("/features/0");
        JsonNode corner = first.at("/geometry/coordinates/0/0/0");
        double lon = corner.get(0).asDouble();
        double lat = corner.get(1).asDouble();
        String around = "POLYGON((%s %s, %s %s, %s %s, %s %s, %s %s))";
        String lonLat = String.format(java.util.Locale.ROOT, around, lon - 1e-4, lat - 1e-4, lon + 1e-4, lat - 1e-4, lon + 1e-4, lat + 1e-4,
                lon - 1e-4, lat + 1e-4, lon - 1e-4, lat - 1e-4);
        String latLon = String.format(java.util.Locale.ROOT, around, lat - 1e-4, lon - 1e-4, lat - 1e-4, lon + 1e-4, lat + 1e-4, lon + 1e-4,
                lat + 1e-4, lon - 1e-4, lat - 1e-4, lon - 1e-4);
        List<String> a = featureIds(json(items + q("S_INTERSECTS(geometry, " + lonLat + ")"), server.viewerKey, 200));
        List<String> b = featureIds(json(items + q("S_INTERSECTS(geometry, " + latLon + ")") + "&filter-crs=" + q(FEATURE_4326), server.viewerKey, 200));
        assertTrue(a.contains(first.get("id").asText()), a.toString());
        assertEquals(a, b);
        String code = first.at("/properties/code").asText();
        // The first block by id differs from database to database (random UUIDs): its own status goes in the list.
        String status = first.at("/properties/status").asText();
        assertEquals(List.of(first.get("id").asText()), featureIds(json(items + q("code = '" + code + "' AND status IN ('" + status
                + "', 'CANCELLED')"), server.viewerKey, 200)));
        assertEquals(List.of(), featureIds(json(items + q("code = '" + code + "' AND NOT status IN ('" + status + "')"), server.viewerKey, 200)));
        assertEquals(0, json(items + q("code LIKE 'no-such-%'"), server.viewerKey, 200).get("numberMatched").asInt());

        JsonNode bad = json(items + q("areaM2 >="), server.viewerKey, 400);
        assertEquals("BAD_USER_INPUT", bad.get("code").asText());
        assertTrue(bad.get("description").asText().contains("character"), bad.toString());
        assertTrue(json(items + q("colour = 'red'"), server.viewerKey, 400).get("description").asText().contains("colour"));
        assertTrue(json(items + q("name > 5"), server.viewerKey, 400).get("description").asText().contains("name"));
        JsonNode conformance = json("/ogc/conformance", null, 200);
        assertTrue(conformance.toString().contains("http://www.opengis.net/spec/cql2/1.0/conf/cql2-text"));
    }
}
