package zmd.registry.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zmd.registry.TestServer;
import zmd.registry.access.Caller;
import zmd.registry.access.Role;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;

/** Importing layers: validation with positions and reasons, atomicity, repair, access, the import directory. */
class LayerImportTest {
    private static final Caller EDITOR = new Caller(Role.STAFF_EDITOR, null, "test editor");
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.empty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String RESULT = """
            status message srid featuresRead featuresLoaded problemCount repairCount
            problems { index line featureId reason }
            repairs { index featureId reason areaBeforeM2 areaAfterM2 accepted }
            dataset { id layer version current featureCount importedBy }""";

    private static JsonNode importText(String key, String layer, String version, String text, Integer srid, boolean repair) {
        Map<String, Object> in = new java.util.HashMap<>(Map.of("layer", layer, "datasetName", "test", "version", version, "text", text,
                "repair", repair, "source", "tests"));
        if (srid != null) {
            in.put("srid", srid);
        }
        return server.graphql(key, "mutation($in: ImportLayerInput!) { importLayer(input: $in) { " + RESULT + " } }", Map.of("in", in));
    }

    private static JsonNode layer(String code) {
        for (JsonNode l : server.data(server.viewerKey, "{ layers { code current { version featureCount } datasets { version } } }").get("layers")) {
            if (l.get("code").asText().equals(code)) {
                return l;
            }
        }
        throw new AssertionError(code);
    }

    /** A lon/lat square feature (EPSG:4326) as one line of GeoJSON. */
    private static String lonLatFeature(String id, double lon, double lat) {
        double d = 0.001;
        return String.format(java.util.Locale.ROOT, "{\"type\":\"Feature\",\"id\":\"%s\",\"properties\":{\"patch_code\":\"%s\",\"county_code\":\"411725\"},"
                + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]}}",
                id, id, lon, lat, lon + d, lat, lon + d, lat + d, lon, lat + d, lon, lat);
    }

    @Test
    void badFeaturesAreReportedWithPositionIdAndReasonAndNothingIsLoaded() {
        String text = """
                {"type": "FeatureCollection", "features": [
                %s,
                {"type": "Feature", "properties": {"TBBH": "bad-1"}, "geometry": {"type": "Polygon", "coordinates": [[[114.0, 32.6], [114.01, 32.61], [114.01, 32.6], [114.0, 32.61], [114.0, 32.6]]]}},
                {"type": "Feature", "id": 2, "properties": {}, "geometry": {"type": "Point", "coordinates": [114.0, 32.6]}},
                {"type": "Feature", "id": "swapped", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[32.6, 114.0], [32.6, 114.01], [32.61, 114.01], [32.6, 114.0]]]}},
                {"type": "Feature", "id": "open", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[114.0, 32.6], [114.01, 32.6], [114.01, 32.61], [114.0, 32.61]]]}},
                {"type": "Feature", "properties": {"patch_code": "county", "XZQDM": "abc"}, "geometry": {"type": "Polygon", "coordinates": [[[114.0, 32.6], [114.01, 32.6], [114.01, 32.61], [114.0, 32.6]]]}},
                {"type": "Feature", "id": "nothing", "properties": {}, "geometry": null}
                ]}""".formatted(lonLatFeature("ok-0", 114.0, 32.6));
        JsonNode before = layer("BASIC_FARMLAND");
        JsonNode r = importText(server.editorKey, "BASIC_FARMLAND", "bad", text, null, false).at("/data/importLayer");
        assertEquals("REJECTED", r.get("status").asText(), r.toString());
        assertEquals(7, r.get("featuresRead").asInt());
        assertEquals(0, r.get("featuresLoaded").asInt());
        assertEquals(6, r.get("problemCount").asInt());
        assertTrue(r.get("dataset").isNull());
        JsonNode p = r.get("problems");
        List<Integer> indexes = new ArrayList<>();
        p.forEach(x -> indexes.add(x.get("index").asInt()));
        assertEquals(List.of(1, 2, 3, 4, 5, 6), indexes);
        assertEquals("bad-1", p.get(0).get("featureId").asText(), "the code from TBBH (图斑编号) names the feature");
        assertTrue(p.get(0).get("reason").asText().startsWith("Self-intersection"), "ST_IsValidReason: " + p.get(0));
        assertEquals(3, p.get(0).get("line").asInt());
        assertEquals("2", p.get(1).get("featureId").asText());
        assertTrue(p.get(1).get("reason").asText().contains("Point"), p.get(1).toString());
        assertTrue(p.get(2).get("reason").asText().contains("latitude, longitude order"), p.get(2).toString());
        assertTrue(p.get(3).get("reason").asText().contains("not closed"), p.get(3).toString());
        assertTrue(p.get(4).get("reason").asText().contains("county code 'abc'"), p.get(4).toString());
        assertTrue(p.get(5).get("reason").asText().contains("no geometry"), p.get(5).toString());
        assertEquals(before, layer("BASIC_FARMLAND"), "a rejected import leaves no dataset behind and the current one current");
    }

    @Test
    void anInvalidPatchRefusedOnTheFastPathIsReportedWithItsReason() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            lines.append(lonLatFeature("fast-" + i, 114.0 + (i % 50) * 0.002, 32.9 + (i / 50) * 0.002)).append('\n');
        }
        lines.append("{\"type\":\"Feature\",\"properties\":{\"patch_code\":\"bow\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[114.5,32.9],[114.51,32.91],[114.51,32.9],[114.5,32.91],[114.5,32.9]]]}}\n");
        JsonNode before = layer("BASIC_FARMLAND");
        JsonNode r = importText(server.editorKey, "BASIC_FARMLAND", "fast-bad", lines.toString(), 4326, false).at("/data/importLayer");
        assertEquals("REJECTED", r.get("status").asText());
        assertEquals(1, r.get("problemCount").asInt());
        assertEquals(500, r.at("/problems/0/index").asInt());
        assertEquals("bow", r.at("/problems/0/featureId").asText());
        assertTrue(r.at("/problems/0/reason").asText().startsWith("Self-intersection"), r.toString());
        assertEquals(before, layer("BASIC_FARMLAND"));
    }

    @Test
    void aFailureMidwayLeavesThePreviousVersionCurrent() {
        StringBuilder v1 = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            v1.append(lonLatFeature("v1-" + i, 114.1 + i * 0.01, 32.7)).append('\n');
        }
        JsonNode first = importText(server.editorKey, "MOUNTAIN_PROTECTION", "v1", v1.toString(), 4326, false).at("/data/importLayer");
        assertEquals("IMPORTED", first.get("status").asText(), first.toString());
        assertEquals(3, first.at("/dataset/featureCount").asInt());
        assertEquals("test editor", first.at("/dataset/importedBy").asText());

        StringBuilder v2 = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            v2.append('\u001e').append(lonLatFeature("v2-" + i, 114.0 + (i % 100) * 0.002, 32.8 + (i / 100) * 0.002)).append('\n');
        }
        v2.append("{\"type\": \"Feature\", \"properties\": {}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[114.0, 32.6]\n");
        v2.append(lonLatFeature("after", 114.2, 32.7)).append('\n');
        JsonNode second = importText(server.editorKey, "MOUNTAIN_PROTECTION", "v2", v2.toString(), 4326, false).at("/data/importLayer");
        assertEquals("REJECTED", second.get("status").asText());
        assertTrue(second.get("message").asText().contains("not valid JSON at line 2002"), second.get("message").asText());
        assertEquals(2000, second.at("/problems/0/index").asInt(), "2 000 features were read before the broken one");
        JsonNode layer = layer("MOUNTAIN_PROTECTION");
        assertEquals("v1", layer.at("/current/version").asText());
        assertEquals(3, layer.at("/current/featureCount").asInt());
        assertEquals(1, layer.get("datasets").size());
        assertEquals(3, server.registry.database().dsl().fetchCount(zmd.registry.db.generated.Tables.MOUNTAIN_PROTECTION_AREA));

        JsonNode again = importText(server.editorKey, "MOUNTAIN_PROTECTION", "v1", v1.toString(), 4326, false);
        assertEquals("CONFLICT", TestServer.errorCode(again), "versions are history: one cannot be reused");
    }

    @Test
    void farmlandVersionsLiveInPartitionsAndOnlyTheCurrentOneIsChecked() {
        String v1 = new Layers().feature(Map.of("patch_code", "old"), Layers.rect(0, 0, 100, 100)).json();
        String v2 = new Layers().feature(Map.of("patch_code", "new"), Layers.rect(5000, 5000, 5100, 5100)).json();
        assertEquals("IMPORTED", importText(server.editorKey, "BASIC_FARMLAND", "p1", v1, 4547, false).at("/data/importLayer/status").asText());
        assertEquals("IMPORTED", importText(server.editorKey, "BASIC_FARMLAND", "p2", v2, 4547, false).at("/data/importLayer/status").asText());
        JsonNode check = server.data(server.viewerKey, "query($g: GeometryInput) { overlapCheck(geometry: $g, rules: [BASIC_FARMLAND]) { "
                + "rules { verdict dataset { version } features { code } } } }", Map.of("g", Map.of("wkt", Layers.wkt(0, 0, 50, 50))));
        assertEquals("CLEAR", check.at("/overlapCheck/rules/0/verdict").asText(), "the old version's patch no longer counts");
        assertEquals("p2", check.at("/overlapCheck/rules/0/dataset/version").asText());
        int partitions = server.registry.database().dsl().fetchCount(org.jooq.impl.DSL.selectOne().from("pg_inherits")
                .join("pg_class c").on("c.oid = inhrelid").join("pg_namespace n").on("n.oid = c.relnamespace")
                .where("inhparent = 'farmland_patch'::regclass and n.nspname = 'layer_part'"));
        assertTrue(partitions >= 3, "the default partition and one per imported farmland dataset, all in layer_part, got " + partitions);
        int strays = server.registry.database().dsl().fetchCount(org.jooq.impl.DSL.selectOne().from("pg_tables")
                .where("schemaname = 'public' and (tablename like 'farmland_patch_d%' or tablename like 'import_%')"));
        assertEquals(0, strays, "no partition or staging table in the public schema");
    }

    @Test
    void repairOnRequest() {
        // A ring that passes twice through (200, 200): two triangles touching at a point. ST_MakeValid splits it, same area.
        double[] selfTouching = {0, 0, 400, 0, 200, 200, 400, 400, 0, 400, 200, 200};
        String text = new Layers().feature(Map.of("code", "touching-ring"), selfTouching).json();
        JsonNode refused = importText(server.editorKey, "RED_LINE", "r0", text, 4547, false).at("/data/importLayer");
        assertEquals("REJECTED", refused.get("status").asText());
        assertTrue(refused.at("/problems/0/reason").asText().startsWith("Ring Self-intersection"), refused.toString());
        assertTrue(refused.get("message").asText().contains("repair: true"));

        JsonNode repaired = importText(server.editorKey, "RED_LINE", "r1", text, 4547, true).at("/data/importLayer");
        assertEquals("IMPORTED", repaired.get("status").asText(), repaired.toString());
        assertEquals(1, repaired.get("repairCount").asInt());
        JsonNode repair = repaired.at("/repairs/0");
        assertTrue(repair.get("accepted").asBoolean());
        assertEquals("touching-ring", repair.get("featureId").asText());
        assertEquals(80_000, repair.get("areaBeforeM2").asDouble(), 1e-3);
        assertEquals(80_000, repair.get("areaAfterM2").asDouble(), 1e-3);

        // A bowtie: its signed area is 0, the repaired one 80 000 m². Too big a change to accept.
        double[] bowtie = {0, 0, 400, 400, 400, 0, 0, 400};
        JsonNode bow = importText(server.editorKey, "RED_LINE", "r2", new Layers().feature(Map.of("code", "bowtie"), bowtie).json(), 4547, true)
                .at("/data/importLayer");
        assertEquals("REJECTED", bow.get("status").asText());
        assertFalse(bow.at("/repairs/0/accepted").asBoolean());
        assertEquals(80_000, bow.at("/repairs/0/areaAfterM2").asDouble(), 1e-3);
        assertTrue(bow.at("/problems/0/reason").asText().startsWith("repair refused"), bow.toString());
        assertEquals("r1", layer("RED_LINE").at("/current/version").asText());
    }

    @Test
    void onlyEditorsImport() {
        String text = new Layers().feature(Map.of("zone_code", "z"), Layers.rect(0, 0, 10, 10)).json();
        JsonNode before = layer("PLANNED_ZONE");
        for (String key : new String[] {server.viewerKey, server.platformKey, null}) {
            JsonNode r = importText(key, "PLANNED_ZONE", "f", text, 4547, false);
            assertEquals("FORBIDDEN", TestServer.errorCode(r), String.valueOf(r));
        }
        assertEquals(before, layer("PLANNED_ZONE"));
    }

    @Test
    void filesComeOnlyFromTheImportDirectory(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("imports"));
        Path outside = tmp.resolve("outside.geojsonl");
        String line = lonLatFeature("f-1", 114.3, 32.9) + "\n";
        Files.writeString(dir.resolve("ok.geojsonl"), line);
        Files.writeString(outside, line);
        Files.createSymbolicLink(dir.resolve("link.geojsonl"), outside);
        LayerImporter importer = new LayerImporter(new LayerRepository(server.registry.database().dsl()), dir);
        ImportRequest request = new ImportRequest(LayerCode.PLANNED_ZONE, "from a file", "file-1", null, null, false);

        ImportResult ok = importer.importFromApi(EDITOR, request, "ok.geojsonl", null);
        assertEquals(ImportResult.Status.IMPORTED, ok.status(), ok.message());
        assertEquals(4326, ok.srid(), "no srid and no crs member: RFC 7946 lon/lat");

        for (String path : List.of("../outside.geojsonl", outside.toString(), "link.geojsonl")) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> importer.importFromApi(EDITOR, new ImportRequest(LayerCode.PLANNED_ZONE, "x", "file-2", null, null, false), path, null));
            assertEquals(ErrorCode.BAD_USER_INPUT, e.code());
            assertTrue(e.getMessage().contains("outside the import directory"), path + ": " + e.getMessage());
        }
        RegistryException missing = assertThrows(RegistryException.class, () -> importer.importFromApi(EDITOR, request, "nope.geojson", null));
        assertTrue(missing.getMessage().contains("no file"), missing.getMessage());
        RegistryException forbidden = assertThrows(RegistryException.class,
                () -> importer.importFromApi(new Caller(Role.STAFF_VIEWER, null, "v"), request, "ok.geojsonl", null));
        assertEquals(ErrorCode.FORBIDDEN, forbidden.code());
    }

    @Test
    void coordinateSystemsAsDeclared() {
        String feature = lonLatFeature("crs-1", 114.4, 32.9);
        String withCrs = "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4490\"}},"
                + "\"features\":[" + feature + "]}";
        JsonNode fromFile = importText(server.editorKey, "RED_LINE", "crs-a", withCrs, null, false).at("/data/importLayer");
        assertEquals("IMPORTED", fromFile.get("status").asText(), fromFile.toString());
        assertEquals(4490, fromFile.get("srid").asInt(), "the crs member of the FeatureCollection");
        JsonNode clash = importText(server.editorKey, "RED_LINE", "crs-b", withCrs, 4547, false).at("/data/importLayer");
        assertEquals("REJECTED", clash.get("status").asText());
        assertTrue(clash.get("message").asText().contains("crs member"), clash.get("message").asText());
        JsonNode projected = importText(server.editorKey, "RED_LINE", "crs-c", "[" + feature + "]", 4490, false);
        assertEquals("REJECTED", projected.at("/data/importLayer/status").asText(), "a JSON array is neither a FeatureCollection nor a Feature");
        JsonNode empty = importText(server.editorKey, "RED_LINE", "crs-d", "{\"type\":\"FeatureCollection\",\"features\":[]}", null, false)
                .at("/data/importLayer");
        assertEquals("REJECTED", empty.get("status").asText());
        assertTrue(empty.get("message").asText().contains("no features"));
        JsonNode badSrid = importText(server.editorKey, "RED_LINE", "crs-e", feature, 3857, false);
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(badSrid));
        assertNull(badSrid.at("/data/importLayer").textValue());
    }
}
