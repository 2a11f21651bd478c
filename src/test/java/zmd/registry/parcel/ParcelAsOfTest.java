package zmd.registry.parcel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.LocalGrid.wkt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.Instants;
import zmd.registry.TestServer;

/**
 * "What did this block look like on day D?": a block read as of an instant is the block as it was read at that instant,
 * field for field (reserves, capacities and every geometry shape included), though its name, status, reserves and
 * boundary changed since.
 */
class ParcelAsOfTest {
    private static final String FIELDS = "id code name status version asOf areaM2 areaMu plannedStartPrice { yuan } responsibleBodies"
            + " reserves { mineral category quantity unit } designCapacities { mineral quantityPerYear unit }"
            + " geometry(crs: EPSG_4547, precision: 3) wkt bbox centroid cornerPoints { rings { points { no x y } } }";

    static TestServer server;
    static String block;
    static String replanned;
    static OffsetDateTime beforeBlock;
    static OffsetDateTime asCreated;
    static JsonNode readAsCreated;
    static OffsetDateTime asChanged;

    @BeforeAll
    static void history() throws Exception {
        server = TestServer.empty();
        beforeBlock = Instants.betweenWrites();
        block = create("T-ASOF-P1", "PLANNED", List.of(reserve("铁矿", "100.5"), reserve("铜矿", "7")));
        replanned = create("T-ASOF-P2", "EXPIRED", List.of(reserve("石灰岩", "3")));
        asCreated = Instants.betweenWrites();
        readAsCreated = server.data(server.editorKey, "query($id: ID!) { mineParcel(id: $id) { " + FIELDS + " } }", Map.of("id", block)).get("mineParcel");
        server.data(server.editorKey, "mutation($id: ID!, $p: MineParcelPatch!) { updateMineParcel(id: $id, version: 1, patch: $p) { version } }",
                Map.of("id", block, "p", Map.of("name", "改名矿区", "status", "EXPIRED", "reserves", List.of(reserve("铁矿", "80")),
                        "designCapacities", List.of(), "geometry", Map.of("wkt", wkt(20_000, 0, 21_500, 500)))));
        server.data(server.editorKey, "mutation($id: ID!) { updateMineParcel(id: $id, version: 1, patch: {status: PLANNED}) { version } }",
                Map.of("id", replanned));
        asChanged = Instants.betweenWrites();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBlockAsOfAnInstantIsTheBlockAsReadThen() {
        JsonNode then = asOf(server.editorKey, block, asCreated);
        assertEquals(asCreated.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), OffsetDateTime.parse(then.get("asOf").asText()).toInstant());
        ObjectNode withoutInstant = then.deepCopy();
        withoutInstant.putNull("asOf");
        assertEquals(readAsCreated, withoutInstant, "every field as read at that instant");
        JsonNode now = server.data(server.editorKey, "query($id: ID!) { mineParcel(id: $id) { " + FIELDS + " } }", Map.of("id", block)).get("mineParcel");
        assertEquals("改名矿区", now.get("name").asText());
        assertNotEquals(now.get("wkt"), then.get("wkt"));
        assertEquals(750_000, now.get("areaM2").asDouble(), 1e-6);
        assertEquals(500_000, then.get("areaM2").asDouble(), 1e-6);
        assertEquals(2, then.get("reserves").size());
        assertEquals(1, then.get("designCapacities").size());
        assertEquals(0, now.get("designCapacities").size());
        JsonNode later = asOf(server.editorKey, block, asChanged);
        ObjectNode laterWithoutInstant = later.deepCopy();
        laterWithoutInstant.putNull("asOf");
        assertEquals(now, laterWithoutInstant, "as of after the last change: the block now");
    }

    @Test
    void aBlockNotYetRegisteredIsNull() {
        assertTrue(asOf(server.editorKey, block, beforeBlock).isNull());
    }

    @Test
    void theListAsOfAnInstantFiltersTheBlocksOfThen() {
        JsonNode byMineral = list(server.editorKey, asCreated, "{mineral: \"铜矿\"}");
        assertEquals(1, byMineral.get("totalCount").asInt(), byMineral::toString);
        assertEquals("T-ASOF-P1", byMineral.at("/nodes/0/code").asText());
        assertEquals(0, list(server.editorKey, asChanged, "{mineral: \"铜矿\"}").get("totalCount").asInt(), "the reserve was removed since");
        JsonNode big = list(server.editorKey, asChanged, "{minAreaKm2: 0.6}");
        assertEquals(1, big.get("totalCount").asInt());
        assertEquals(750_000, big.at("/nodes/0/areaM2").asDouble(), 1e-6);
        assertEquals(asCreated.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                OffsetDateTime.parse(list(server.editorKey, asCreated, "{}").at("/nodes/0/asOf").asText()).toInstant());
        assertEquals(2, list(server.editorKey, asCreated, "{}").get("totalCount").asInt());
        assertEquals(0, list(server.editorKey, beforeBlock, "{}").get("totalCount").asInt());
        JsonNode statusThen = list(server.editorKey, asCreated, "{status: [PLANNED]}");
        assertEquals(List.of("T-ASOF-P1"), statusThen.get("nodes").findValuesAsText("code"));
    }

    @Test
    void thePublicSeesABlockAsOfThenOnlyIfItWasPublicThenAndIsNotPlannedNow() {
        assertTrue(asOf(null, block, asCreated).isNull(), "PLANNED then");
        assertEquals("改名矿区", asOf(null, block, asChanged).get("name").asText(), "EXPIRED then and now");
        assertTrue(asOf(null, replanned, asCreated).isNull(), "EXPIRED then, but PLANNED now");
        assertEquals("T-ASOF-P2", asOf(server.viewerKey, replanned, asCreated).get("code").asText(), "staff see it");
        assertEquals(0, list(null, asCreated, "{}").get("totalCount").asInt());
        assertEquals(List.of("T-ASOF-P1"), list(null, asChanged, "{}").get("nodes").findValuesAsText("code"));
    }

    @Test
    void refusals() {
        JsonNode future = server.graphql(server.editorKey, "query($id: ID!, $t: DateTime) { mineParcel(id: $id, asOf: $t) { id } }",
                Map.of("id", block, "t", OffsetDateTime.now().plusDays(1).toString()));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(future), future::toString);
        JsonNode overlap = server.graphql(server.editorKey, "query($t: DateTime) { mineParcels(asOf: $t, filter: {overlap: [{rule: BASIC_FARMLAND, verdict: CLEAR}]}) { totalCount } }",
                Map.of("t", asCreated.toString()));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(overlap), overlap::toString);
        JsonNode beforeTheLog = server.graphql(server.editorKey, "query($id: ID!) { mineParcel(id: $id, asOf: \"2000-01-01T00:00:00Z\") { id } }",
                Map.of("id", block));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(beforeTheLog), beforeTheLog::toString);
        JsonNode checkOfNow = server.graphql(server.editorKey, "query($id: ID!, $t: DateTime) { mineParcel(id: $id, asOf: $t) { overlapCheck { verdict } } }",
                Map.of("id", block, "t", asCreated.toString()));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(checkOfNow), "a block as of then has no check of now: " + checkOfNow);
    }

    private static JsonNode asOf(String key, String id, OffsetDateTime t) {
        return server.data(key, "query($id: ID!, $t: DateTime) { mineParcel(id: $id, asOf: $t) { " + FIELDS + " } }",
                Map.of("id", id, "t", t.toString())).get("mineParcel");
    }

    private static JsonNode list(String key, OffsetDateTime t, String filter) {
        return server.data(key, "query($t: DateTime) { mineParcels(asOf: $t, filter: " + filter + ") { totalCount nodes { code asOf areaM2 geometry } } }",
                Map.of("t", t.toString())).get("mineParcels");
    }

    private static String create(String code, String status, List<Map<String, Object>> reserves) {
        return server.data(server.editorKey, "mutation($in: MineParcelInput!) { createMineParcel(input: $in) { id } }",
                Map.of("in", Map.of("code", code, "name", "复核矿区", "county", "确山县", "status", status, "plannedStartPriceYuan", "1234567.89",
                        "responsibleBodies", List.of("确山县自然资源局"), "reserves", reserves,
                        "designCapacities", List.of(Map.of("mineral", "铁矿", "quantityPerYear", "30", "unit", "万吨")),
                        "geometry", Map.of("wkt", code.endsWith("1") ? wkt(0, 0, 1000, 500) : wkt(3000, 0, 3500, 500))))).at("/createMineParcel/id").asText();
    }

    private static Map<String, Object> reserve(String mineral, String quantity) {
        return Map.of("mineral", mineral, "category", "推断资源量", "quantity", quantity, "unit", "万吨");
    }
}
