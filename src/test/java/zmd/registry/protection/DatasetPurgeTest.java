package zmd.registry.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.access.Role;

/**
 * Purging old datasets keeps what the register relied on: the demo red lines (named by the announced listings'
 * evidence), a dataset a stored compliance report names, and the current one; it deletes the rest with their
 * features, logged, and an as-of check of a day when a purged dataset was current says it cannot be repeated.
 */
class DatasetPurgeTest {
    private static final String RESULT = "layer dryRun featuresDeleted purged { id version featureCount } kept { dataset { id version current } reasons }";

    static TestServer server;
    static String auditor;
    static Map<String, String> ids = new HashMap<>();
    static OffsetDateTime whileSecondWasCurrent;

    @BeforeAll
    static void history() throws Exception {
        server = TestServer.withDemoData();
        auditor = server.registry.apiKeys().create(Role.AUDITOR, "督察").key();
        ids.put("demo", currentId("RED_LINE"));
        importRedLine("p-2");
        whileSecondWasCurrent = tick();
        importRedLine("p-3");
        String block = server.data(server.editorKey, "{ mineParcelByCode(code: \"ZMD-2020-05\") { id } }").at("/mineParcelByCode/id").asText();
        server.data(server.editorKey, "query($id: ID!) { complianceReport(parcelId: $id) { id } }", Map.of("id", block));
        importRedLine("p-4");
        importFarmland("f-2");
        importFarmland("f-3");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPurgeKeepsWhatTheRegisterReliedOnAndDeletesTheRestLogged() {
        JsonNode dry = purge("RED_LINE", true);
        assertEquals(List.of("p-2"), dry.get("purged").findValuesAsText("version"));
        assertEquals(4, datasets("RED_LINE").size(), "a dry run changes nothing");
        Map<String, List<String>> kept = new HashMap<>();
        dry.get("kept").forEach(k -> {
            List<String> reasons = new ArrayList<>();
            k.get("reasons").forEach(r -> reasons.add(r.asText()));
            kept.put(k.at("/dataset/version").asText(), reasons);
        });
        // The demo's announcements stored the reports they relied on too.
        assertEquals(List.of("ANNOUNCE_EVIDENCE", "COMPLIANCE_REPORT"), kept.get(versionOf(ids.get("demo"))), kept::toString);
        assertEquals(List.of("COMPLIANCE_REPORT"), kept.get("p-3"), kept::toString);
        assertEquals(List.of("CURRENT"), kept.get("p-4"), kept::toString);

        JsonNode done = purge("RED_LINE", false);
        assertEquals(List.of("p-2"), done.get("purged").findValuesAsText("version"));
        long purgedId = done.at("/purged/0/id").asLong();
        assertEquals(0, server.db.database().dsl().fetchCount(zmd.registry.db.generated.Tables.RED_LINE_AREA,
                zmd.registry.db.generated.Tables.RED_LINE_AREA.DATASET_ID.eq(purgedId)), "its red lines deleted with it");
        assertEquals(1, server.db.database().dsl().fetchCount(zmd.registry.db.generated.Tables.RED_LINE_AREA,
                zmd.registry.db.generated.Tables.RED_LINE_AREA.DATASET_ID.eq(Long.valueOf(currentId("RED_LINE")))), "the current one's kept");
        assertEquals(1, done.get("featuresDeleted").asInt());
        assertFalse(datasets("RED_LINE").contains("p-2"));
        assertEquals(3, datasets("RED_LINE").size());
        JsonNode log = server.data(auditor, "query($f: ChangeLogFilter) { changeLog(filter: $f, first: 500) { nodes { key operation action callerName } } }",
                Map.of("f", Map.of("table", "layer_dataset"))).at("/changeLog/nodes");
        boolean logged = false;
        for (JsonNode e : log) {
            logged |= e.get("operation").asText().equals("DELETE") && e.get("action").asText().equals("purgeLayerDatasets");
        }
        assertTrue(logged, log::toString);
        assertTrue(server.data(auditor, "{ verifyChangeLog { valid } }").at("/verifyChangeLog/valid").asBoolean(), "the chain and the register agree");

        JsonNode asOf = server.graphql(server.editorKey, "query($t: DateTime) { overlapCheck(geometry: {wkt: \"POLYGON((114.2 32.9,114.21 32.9,114.21 32.91,114.2 32.9))\"},"
                + " rules: [RED_LINE], asOf: $t) { verdict } }", Map.of("t", whileSecondWasCurrent.toString()));
        assertEquals("NOT_FOUND", TestServer.errorCode(asOf), asOf::toString);
        assertTrue(TestServer.errorMessage(asOf).contains("purged"), asOf::toString);
    }

    @Test
    void aFarmlandDatasetGoesWithItsPartition() {
        String f2 = server.data(server.editorKey, "{ layers { code datasets { id version } } }").at("/layers").findValues("datasets").stream()
                .flatMap(d -> java.util.stream.StreamSupport.stream(d.spliterator(), false)).filter(d -> d.get("version").asText().equals("f-2"))
                .findFirst().orElseThrow().get("id").asText();
        JsonNode done = purge("BASIC_FARMLAND", false);
        assertTrue(done.get("purged").findValuesAsText("version").contains("f-2"), done::toString);
        assertEquals(0, server.db.database().dsl().fetchCount(zmd.registry.db.generated.Tables.FARMLAND_PATCH,
                zmd.registry.db.generated.Tables.FARMLAND_PATCH.DATASET_ID.eq(Long.valueOf(f2))));
        assertEquals(0L, server.db.database().dsl().fetchValue("select count(*) from pg_tables where schemaname = 'layer_part' and tablename = ?",
                "farmland_patch_d" + f2), "its partition dropped");
        assertEquals(1L, server.db.database().dsl().fetchValue("select count(*) from pg_tables where schemaname = 'layer_part' and tablename = ?",
                "farmland_patch_d" + currentId("BASIC_FARMLAND")), "the check can fail: the current one's partition is there");
        assertTrue(datasets("BASIC_FARMLAND").contains("f-3"));
    }

    @Test
    void aReportWhoseDatasetWasPurgedMeanwhileIsNotStored() {
        String block = server.data(server.editorKey, "{ mineParcelByCode(code: \"ZMD-2020-08\") { id } }").at("/mineParcelByCode/id").asText();
        importLayer("MOUNTAIN_PROTECTION", "m-2", "{\"name\":\"新山\"}");
        var prepared = server.registry.compliance().prepare(zmd.registry.access.Caller.SYSTEM, java.util.UUID.fromString(block));
        importLayer("MOUNTAIN_PROTECTION", "m-3", "{\"name\":\"更新山\"}");
        // The dataset the prepared report read (m-2) is neither current nor named by a stored record: purged before the report is kept.
        JsonNode purged = purge("MOUNTAIN_PROTECTION", false);
        assertEquals(1, purged.get("purged").size(), purged::toString);
        var conflict = org.junit.jupiter.api.Assertions.assertThrows(zmd.registry.core.RegistryException.class,
                () -> zmd.registry.db.Changes.transaction(server.db.database().dsl(), zmd.registry.access.Caller.SYSTEM, "complianceReport",
                        tx -> server.registry.compliance().store(tx, prepared, "test")));
        assertEquals(zmd.registry.core.ErrorCode.CONFLICT, conflict.code(), conflict::getMessage);
    }

    @Test
    void onlyEditorsPurge() {
        for (String key : new String[] {server.viewerKey, server.platformKey, auditor, null}) {
            JsonNode r = server.graphql(key, "mutation { purgeLayerDatasets(layer: RED_LINE, importedBefore: \"2000-01-01T00:00:00Z\") { dryRun } }");
            assertEquals("FORBIDDEN", TestServer.errorCode(r), r::toString);
        }
    }

    private static JsonNode purge(String layer, boolean dryRun) {
        return server.data(server.editorKey, "mutation($l: LayerCode!, $t: DateTime!, $d: Boolean) { purgeLayerDatasets(layer: $l, importedBefore: $t, dryRun: $d) { "
                + RESULT + " } }", Map.of("l", layer, "t", OffsetDateTime.now().toString(), "d", dryRun)).get("purgeLayerDatasets");
    }

    private static List<String> datasets(String layer) {
        for (JsonNode l : server.data(server.editorKey, "{ layers { code datasets { version } } }").get("layers")) {
            if (l.get("code").asText().equals(layer)) {
                return l.get("datasets").findValuesAsText("version");
            }
        }
        throw new AssertionError("no layer " + layer);
    }

    private static String currentId(String layer) {
        for (JsonNode l : server.data(server.editorKey, "{ layers { code current { id } } }").get("layers")) {
            if (l.get("code").asText().equals(layer)) {
                return l.at("/current/id").asText();
            }
        }
        throw new AssertionError("no layer " + layer);
    }

    private static String versionOf(String id) {
        for (JsonNode l : server.data(server.editorKey, "{ layers { datasets { id version } } }").get("layers")) {
            for (JsonNode d : l.get("datasets")) {
                if (d.get("id").asText().equals(id)) {
                    return d.get("version").asText();
                }
            }
        }
        throw new AssertionError("no dataset " + id);
    }

    private static void importRedLine(String version) {
        importLayer("RED_LINE", version, "{\"code\":\"RL-" + version + "\",\"name\":\"红线 " + version + "\"}");
    }

    private static void importFarmland(String version) {
        importLayer("BASIC_FARMLAND", version, "{\"patch_code\":\"P-" + version + "\"}");
    }

    /** One square feature far from the demo blocks, in CGCS2000 lon/lat. */
    private static void importLayer(String layer, String version, String properties) {
        JsonNode r = server.graphql(server.editorKey, "mutation($in: ImportLayerInput!) { importLayer(input: $in) { status message } }",
                Map.of("in", Map.of("layer", layer, "datasetName", layer + " " + version, "version", version, "srid", 4490,
                        "text", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":" + properties
                                + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[114.50,33.20],[114.51,33.20],[114.51,33.21],[114.50,33.21],[114.50,33.20]]]}}]}")));
        assertEquals("IMPORTED", r.at("/data/importLayer/status").asText(), r.toString());
    }

    private static java.time.OffsetDateTime tick() throws InterruptedException {
        Thread.sleep(30);
        OffsetDateTime t = OffsetDateTime.now();
        Thread.sleep(30);
        return t;
    }
}
