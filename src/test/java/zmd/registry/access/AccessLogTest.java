package zmd.registry.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.db.generated.Tables.ACCESS_LOG;
import static zmd.registry.db.generated.Tables.FARMLAND_PATCH;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.GraphQLWsClient;
import zmd.registry.TestServer;
import zmd.registry.db.generated.tables.records.AccessLogRecord;
import zmd.registry.tiles.TileMatrixSet;

/**
 * The access log (访问日志) over real HTTP and WebSocket against the demo register: one entry per request that returned
 * coordinates of PLANNED blocks or features of a protected layer, none for anything else; read by auditors only;
 * append-only in the database itself.
 */
class AccessLogTest {
    static TestServer server;
    static DSLContext dsl;
    static ApiKeys.Created viewer;
    static String auditor;
    static UUID planned;
    static UUID published;

    @BeforeAll
    static void start() {
        server = TestServer.withDemoData();
        dsl = server.db.database().dsl();
        viewer = server.registry.apiKeys().create(Role.STAFF_VIEWER, "规划科 王");
        auditor = server.registry.apiKeys().create(Role.AUDITOR, "省厅督察 李").key();
        planned = dsl.select(MINE_PARCEL.ID).from(MINE_PARCEL).where(MINE_PARCEL.STATUS.eq("PLANNED")).orderBy(MINE_PARCEL.CODE).limit(1)
                .fetchSingle(MINE_PARCEL.ID);
        published = dsl.select(MINE_PARCEL.ID).from(MINE_PARCEL).where(MINE_PARCEL.STATUS.ne("PLANNED")).orderBy(MINE_PARCEL.CODE).limit(1)
                .fetchOptional(MINE_PARCEL.ID).orElseThrow(() -> new AssertionError("the demo register has a block that is no longer PLANNED"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static long last() {
        Long id = dsl.select(DSL.max(ACCESS_LOG.ID)).from(ACCESS_LOG).fetchOne(0, Long.class);
        return id == null ? 0 : id;
    }

    static List<AccessLogRecord> since(long id) {
        return dsl.selectFrom(ACCESS_LOG).where(ACCESS_LOG.ID.gt(id)).orderBy(ACCESS_LOG.ID).fetch();
    }

    static HttpResponse<String> query(String key, String query, Map<String, ?> variables) {
        try {
            return server.post("/graphql", TestServer.JSON.writeValueAsString(Map.of("query", query, "variables", variables)), key, null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aViewerReadingAPlannedBlocksGeometryIsRecordedOnce() throws Exception {
        long before = last();
        HttpResponse<String> r = query(viewer.key(), "query Look($id: ID!) { mineParcel(id: $id) { code geometry cornerPoints { srid } bbox } }",
                Map.of("id", planned.toString()));
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(TestServer.JSON.readTree(r.body()).has("errors"), r.body());
        List<AccessLogRecord> entries = since(before);
        assertEquals(1, entries.size(), "one entry per request, whatever the number of fields: " + entries);
        AccessLogRecord e = entries.getFirst();
        assertEquals(viewer.caller().keyId(), e.getKeyId());
        assertEquals("规划科 王", e.getCallerName());
        assertEquals("STAFF_VIEWER", e.getRole());
        assertEquals(r.headers().firstValue("X-Request-Id").orElseThrow(), e.getRequestId());
        assertEquals("GRAPHQL_HTTP", e.getProtocol());
        assertEquals(List.of(planned), List.of(e.getParcelIds()));
        assertEquals(0, e.getLayers().length);
        assertNull(e.getExtent());
        assertEquals("query Look", e.getDetail());
    }

    @Test
    void readingWithoutCoordinatesOrOfAPublishedBlockIsNotRecorded() {
        long before = last();
        server.data(viewer.key(), "query($id: ID!) { mineParcel(id: $id) { code areaKm2 status } }", Map.of("id", planned.toString()));
        server.data(viewer.key(), "query($id: ID!) { mineParcel(id: $id) { geometry wkt centroid } }", Map.of("id", published.toString()));
        server.data(null, "{ mineParcels(first: 50) { nodes { code geometry } } }");
        assertEquals(List.of(), since(before));
    }

    @Test
    void aPageOfBlocksRecordsItsPlannedOnesInOneEntry() {
        long before = last();
        JsonNode page = server.data(viewer.key(), "{ mineParcels(first: 200) { nodes { id status geometry(crs: EPSG_4490) } } }");
        List<UUID> plannedOnPage = new java.util.ArrayList<>();
        page.at("/mineParcels/nodes").forEach(n -> {
            if (n.get("status").asText().equals("PLANNED")) {
                plannedOnPage.add(UUID.fromString(n.get("id").asText()));
            }
        });
        List<AccessLogRecord> entries = since(before);
        assertEquals(1, entries.size());
        assertEquals(plannedOnPage.stream().sorted().toList(), List.of(entries.getFirst().getParcelIds()).stream().sorted().toList());
    }

    @Test
    void ogcItemsOfBasicFarmlandInABboxAreRecordedWithTheirExtent() throws Exception {
        long before = last();
        HttpResponse<String> r = server.get("/ogc/collections/basic-farmland/items?limit=5&bbox=113.0,32.0,115.5,34.0", viewer.key());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(TestServer.JSON.readTree(r.body()).get("features").size() > 0);
        List<AccessLogRecord> entries = since(before);
        assertEquals(1, entries.size());
        AccessLogRecord e = entries.getFirst();
        assertEquals("OGC_FEATURES", e.getProtocol());
        assertEquals(List.of("BASIC_FARMLAND"), List.of(e.getLayers()));
        assertEquals(0, e.getParcelIds().length);
        assertEquals("basic-farmland features", e.getDetail());
        assertEquals(4490, e.getExtent().getSRID());
        // The box of the five patches returned: inside the bbox asked for, and not a point.
        org.locationtech.jts.geom.Envelope box = e.getExtent().getEnvelopeInternal();
        assertTrue(box.getMinX() >= 113.0 && box.getMaxX() <= 115.5 && box.getMinY() >= 32.0 && box.getMaxY() <= 34.0, box.toString());
        assertTrue(box.getWidth() > 0 && box.getHeight() > 0, box.toString());
        assertEquals(r.headers().firstValue("X-Request-Id").orElseThrow(), e.getRequestId());
        // The HTML table shows properties only: no geometry left, nothing recorded.
        long html = last();
        assertEquals(200, server.get("/ogc/collections/basic-farmland/items?limit=5&f=html", viewer.key()).statusCode());
        assertEquals(List.of(), since(html));
    }

    @Test
    void ogcItemsOfBlocksRecordThePlannedOnesOnly() {
        long before = last();
        assertEquals(200, server.get("/ogc/collections/mine-parcels/items?limit=100", viewer.key()).statusCode());
        assertEquals(200, server.get("/ogc/collections/mine-parcels/items/" + published, viewer.key()).statusCode());
        assertEquals(200, server.get("/ogc/collections/mine-parcels/items/" + planned, viewer.key()).statusCode());
        List<AccessLogRecord> entries = since(before);
        assertEquals(2, entries.size(), "the page and the planned block; not the published block: " + entries);
        List<UUID> onPage = List.of(entries.get(0).getParcelIds());
        assertEquals(dsl.fetchCount(MINE_PARCEL, MINE_PARCEL.STATUS.eq("PLANNED")), onPage.size());
        assertEquals(List.of(planned), List.of(entries.get(1).getParcelIds()));
    }

    @Test
    void aTileOfALayerIsRecordedWithItsEnvelope() {
        Record p = dsl.select(DSL.field("ST_X(ST_PointOnSurface({0}))", Double.class, FARMLAND_PATCH.GEOM),
                DSL.field("ST_Y(ST_PointOnSurface({0}))", Double.class, FARMLAND_PATCH.GEOM)).from(FARMLAND_PATCH).limit(1).fetchSingle();
        TileMatrixSet t = TileMatrixSet.byId("WebMercatorQuad");
        long[] xy = t.tileOf(14, p.get(0, Double.class), p.get(1, Double.class));
        String tile = "/ogc/collections/basic-farmland/tiles/WebMercatorQuad/14/" + xy[1] + "/" + xy[0];
        long before = last();
        HttpResponse<String> r = server.get(tile, viewer.key());
        assertEquals(200, r.statusCode());
        List<AccessLogRecord> entries = since(before);
        assertEquals(1, entries.size());
        AccessLogRecord e = entries.getFirst();
        assertEquals("OGC_TILES", e.getProtocol());
        assertEquals(List.of("BASIC_FARMLAND"), List.of(e.getLayers()));
        assertEquals("tile WebMercatorQuad/14/" + xy[1] + "/" + xy[0] + " of basic-farmland", e.getDetail());
        double[] b = t.lonLatBounds(14, xy[0], xy[1]);
        org.locationtech.jts.geom.Envelope box = e.getExtent().getEnvelopeInternal();
        assertEquals(b[0], box.getMinX(), 1e-9);
        assertEquals(b[3], box.getMaxY(), 1e-9);
        // A tile far from any patch draws no farmland: nothing read, nothing recorded.
        long empty = last();
        assertEquals(200, server.get("/ogc/collections/basic-farmland/tiles/WebMercatorQuad/14/0/0", viewer.key()).statusCode());
        assertEquals(List.of(), since(empty));
    }

    @Test
    void aTileOfBlocksRecordsThePlannedBlocksItDraws() {
        Record p = dsl.select(DSL.field("ST_X(ST_PointOnSurface({0}))", Double.class, MINE_PARCEL.GEOM),
                DSL.field("ST_Y(ST_PointOnSurface({0}))", Double.class, MINE_PARCEL.GEOM)).from(MINE_PARCEL).where(MINE_PARCEL.ID.eq(planned)).fetchSingle();
        long[] xy = TileMatrixSet.byId("WebMercatorQuad").tileOf(12, p.get(0, Double.class), p.get(1, Double.class));
        long before = last();
        assertEquals(200, server.get("/ogc/collections/mine-parcels/tiles/WebMercatorQuad/12/" + xy[1] + "/" + xy[0], viewer.key()).statusCode());
        List<AccessLogRecord> entries = since(before);
        assertEquals(1, entries.size());
        assertTrue(List.of(entries.getFirst().getParcelIds()).contains(planned), entries.toString());
        // The public's tile of the same place holds no planned block: nothing to record.
        long publicly = last();
        assertEquals(200, server.get("/ogc/collections/mine-parcels/tiles/WebMercatorQuad/12/" + xy[1] + "/" + xy[0], null).statusCode());
        assertEquals(List.of(), since(publicly));
    }

    @Test
    void aWebSocketOperationIsRecordedAsSuch() {
        long before = last();
        try (GraphQLWsClient ws = GraphQLWsClient.connected(server, viewer.key())) {
            ws.subscribe("op-7", "query($id: ID!) { mineParcel(id: $id) { wkt } }", Map.of("id", planned.toString()));
            JsonNode next = ws.next(Duration.ofSeconds(10));
            assertEquals("next", next.get("type").asText(), next.toString());
        }
        List<AccessLogRecord> entries = since(before);
        assertEquals(1, entries.size());
        assertEquals("GRAPHQL_WS", entries.getFirst().getProtocol());
        assertTrue(entries.getFirst().getRequestId().endsWith("/op-7"), entries.getFirst().getRequestId());
        assertEquals(List.of(planned), List.of(entries.getFirst().getParcelIds()));
    }

    @Test
    void anOverlapCheckReturningShapesIsRecorded() {
        long before = last();
        server.data(viewer.key(), "query($id: ID!) { overlapCheck(parcelId: $id) { verdict rules { rule featureCount } } }", Map.of("id", planned.toString()));
        assertEquals(List.of(), since(before), "areas and ids are no coordinates");
        server.data(viewer.key(), "query($id: ID!) { overlapCheck(parcelId: $id) { rules { features { intersection } outsideGeometry } } }",
                Map.of("id", planned.toString()));
        List<AccessLogRecord> entries = since(before);
        assertEquals(1, entries.size());
        assertEquals(List.of(planned), List.of(entries.getFirst().getParcelIds()), "the shapes are parts of the planned block");
    }

    @Test
    void aComplianceReportOfAPlannedBlockIsRecordedWhenMadeAndWhenDownloaded() {
        long before = last();
        String report = server.data(viewer.key(), "query($id: ID!) { complianceReport(parcelId: $id) { id } }", Map.of("id", planned.toString()))
                .at("/complianceReport/id").asText();
        HttpResponse<String> file = server.get("/reports/" + report + ".json", viewer.key());
        assertEquals(200, file.statusCode(), file.body());
        List<AccessLogRecord> entries = since(before);
        assertEquals(List.of("GRAPHQL_HTTP", "REPORT"), entries.stream().map(AccessLogRecord::getProtocol).toList());
        entries.forEach(e -> assertTrue(List.of(e.getParcelIds()).contains(planned), "the corner-point table: " + e));
        assertEquals("compliance report " + report, entries.get(1).getDetail());
        assertEquals(file.headers().firstValue("X-Request-Id").orElseThrow(), entries.get(1).getRequestId());
    }

    @Test
    void theAuditorPagesAndFiltersTheLog() {
        server.data(viewer.key(), "query($id: ID!) { mineParcel(id: $id) { geometry } }", Map.of("id", planned.toString()));
        String q = "query($f: AccessLogFilter, $after: String) { accessLog(filter: $f, first: 1, after: $after) { totalCount "
                + "pageInfo { hasNextPage endCursor } nodes { id at keyId callerName role requestId protocol parcelIds layers extent detail } } }";
        JsonNode first = server.data(auditor, q, Map.of("f", Map.of("parcelId", planned.toString(), "keyId", viewer.caller().keyId().toString())));
        JsonNode log = first.get("accessLog");
        assertTrue(log.get("totalCount").asInt() >= 1);
        JsonNode entry = log.at("/nodes/0");
        assertEquals("规划科 王", entry.get("callerName").asText());
        assertEquals("STAFF_VIEWER", entry.get("role").asText());
        assertTrue(entry.get("parcelIds").toString().contains(planned.toString()));
        if (log.at("/pageInfo/hasNextPage").asBoolean()) {
            JsonNode second = server.data(auditor, q, Map.of("f", Map.of("parcelId", planned.toString()), "after", log.at("/pageInfo/endCursor").asText()));
            assertTrue(second.at("/accessLog/nodes/0/id").asLong() < entry.get("id").asLong(), "newest first");
        }
        JsonNode tiles = server.data(auditor, q, Map.of("f", Map.of("protocol", "OGC_TILES", "from", "2000-01-01T00:00:00Z", "to", "2999-01-01T00:00:00Z")));
        tiles.at("/accessLog/nodes").forEach(n -> assertEquals("OGC_TILES", n.get("protocol").asText()));
        JsonNode reversed = server.graphql(auditor, q, Map.of("f", Map.of("from", "2030-01-01T00:00:00Z", "to", "2020-01-01T00:00:00Z")));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(reversed));
        assertEquals("filter.from is later than filter.to", TestServer.errorMessage(reversed));
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(server.graphql(auditor, q, Map.of("after", "bm9wZQ"))));
    }

    @Test
    void othersAreRefusedTheLog() {
        String q = "{ accessLog(first: 1) { totalCount } }";
        for (String key : new String[] {server.editorKey, viewer.key(), server.platformKey}) {
            JsonNode r = server.graphql(key, q);
            assertEquals("FORBIDDEN", TestServer.errorCode(r), r.toString());
            assertTrue(TestServer.errorMessage(r).startsWith("reading the access log (访问日志) needs an API key with role AUDITOR; this request is made with role "),
                    TestServer.errorMessage(r));
        }
        JsonNode anonymous = server.graphql(null, "{ accessLog(first: 1, filter: {parcelId: \"not an id\"}) { totalCount } }");
        assertEquals("FORBIDDEN", TestServer.errorCode(anonymous), "refused before its arguments are read");
        assertEquals("reading the access log (访问日志) needs an API key with role AUDITOR; this request is anonymous (no Authorization: Bearer key)",
                TestServer.errorMessage(anonymous));
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveEntries() {
        server.data(viewer.key(), "query($id: ID!) { mineParcel(id: $id) { geometry } }", Map.of("id", planned.toString()));
        long id = last();
        for (String sql : List.of("UPDATE access_log SET caller_name = 'nobody' WHERE id = " + id, "DELETE FROM access_log WHERE id = " + id,
                "TRUNCATE access_log")) {
            DataAccessException e = assertThrows(DataAccessException.class, () -> dsl.execute(sql), sql);
            assertTrue(e.getMessage().contains("access_log is append-only"), e.getMessage());
        }
        assertEquals("规划科 王", dsl.selectFrom(ACCESS_LOG).where(ACCESS_LOG.ID.eq(id)).fetchSingle().getCallerName());
    }

    @Test
    void aReadThatCannotBeRecordedIsNotServed() throws Exception {
        dsl.execute("CREATE FUNCTION refuse_access_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$");
        dsl.execute("CREATE TRIGGER refuse BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION refuse_access_log()");
        try {
            HttpResponse<String> r = query(viewer.key(), "query($id: ID!) { mineParcel(id: $id) { geometry } }", Map.of("id", planned.toString()));
            assertEquals(503, r.statusCode(), r.body());
            JsonNode body = TestServer.JSON.readTree(r.body());
            assertFalse(body.has("data"), "no coordinates leave unrecorded: " + r.body());
            assertEquals("ACCESS_NOT_RECORDED", TestServer.errorCode(body));
            HttpResponse<String> items = server.get("/ogc/collections/basic-farmland/items?limit=1", viewer.key());
            assertEquals(503, items.statusCode(), items.body());
            assertTrue(items.body().contains("ACCESS_NOT_RECORDED"), items.body());
            assertFalse(items.body().contains("\"features\""), items.body());
            // What needs no recording is served as ever.
            assertNotNull(server.data(viewer.key(), "query($id: ID!) { mineParcel(id: $id) { code } }", Map.of("id", planned.toString())));
        } finally {
            dsl.execute("DROP TRIGGER refuse ON access_log");
            dsl.execute("DROP FUNCTION refuse_access_log()");
        }
    }

    /** Every recorded request is one entry, in order, however many come in a row. */
    @Test
    void eachRecordedRequestIsOneEntry() {
        AccessLog log = server.registry.accessLog();
        int n = 200;
        long before = last();
        for (int i = 0; i < n; i++) {
            log.record(aRead(), AccessProtocol.GRAPHQL_HTTP);
        }
        assertEquals(n, since(before).size());
    }

    /** A request that read two blocks and some farmland, as a page of a map would. */
    private static Caller aRead() {
        Caller caller = viewer.caller().withRequestId("timing");
        caller.readPlannedBlocks(List.of(planned, published));
        caller.readLayer("BASIC_FARMLAND", new org.locationtech.jts.geom.Envelope(114.0, 114.1, 32.9, 33.0), 4490);
        caller.readDetail("timing");
        return caller;
    }
}
