package zmd.registry.features.cql;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.features.cql.CqlTestTable.ID;
import static zmd.registry.features.cql.CqlTestTable.T;

import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.core.RegistryException;
import zmd.registry.db.TestDatabase;

/** Filters run against a real PostGIS: each must select exactly the rows its meaning says. */
class CqlToSqlTest {
    private static final int CRS84 = 4326;
    private static TestDatabase db;
    private static DSLContext dsl;
    private static final CqlToSql CQL = new CqlToSql(CqlTestTable.QUERYABLES);

    @BeforeAll
    static void table() {
        db = TestDatabase.create();
        dsl = db.database().dsl();
        CqlTestTable.create(dsl);
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private static List<Integer> ids(String text) {
        return ids(Cql2Text.parse(text), CRS84, false);
    }

    private static List<Integer> ids(CqlExpr filter, int srid, boolean swap) {
        return dsl.select(ID).from(T).where(CQL.condition(filter, srid, swap)).orderBy(ID).fetch(ID);
    }

    private static List<Integer> json(String json) {
        return ids(Cql2Json.parse(json), CRS84, false);
    }

    @Test
    void comparisons() {
        assertEquals(List.of(1), ids("id = 1"));
        assertEquals(List.of(1), ids("id = 1.0"), "an integral decimal still compares with an integer");
        assertEquals(List.of(2, 3, 4, 5), ids("id <> 1"));
        assertEquals(List.of(2, 4), ids("area > 15"));
        assertEquals(List.of(2, 4), ids("area >= 20"));
        assertEquals(List.of(1, 2, 5), ids("area <= 20"));
        assertEquals(List.of(5), ids("area < -1.4e1"));
        assertEquals(List.of(3), ids("price = 5.5"));
        assertEquals(List.of(3), ids("price = 5.50"));
        assertEquals(List.of(1), ids("seq > 10000000000"), "a bigint column takes a long");
        assertEquals(List.of(1), ids("name = 'Alpha Quarry'"));
        assertEquals(List.of(5), ids("name = 'O''Brien\\clay'"));
        assertEquals(List.of(2, 5), ids("name > 'Alpha Quarry' AND name < 'z'"));
    }

    @Test
    void booleansDatesAndTimestamps() {
        assertEquals(List.of(1, 4), ids("flag = TRUE"));
        assertEquals(List.of(2, 5), ids("flag = false"));
        assertEquals(List.of(1, 2, 3, 4, 5), ids("TRUE"));
        assertEquals(List.of(), ids("FALSE"));
        assertEquals(List.of(), ids("NOT TRUE"));
        assertEquals(List.of(2, 4), ids("d > DATE('2020-06-01')"));
        assertEquals(List.of(1, 2), ids("d BETWEEN DATE('2020-01-01') AND DATE('2021-12-31')"));
        assertEquals(List.of(2, 4), ids("ts >= TIMESTAMP('2021-06-15T12:00:00Z')"));
        assertEquals(List.of(1, 5), ids("ts < TIMESTAMP('2020-01-01T00:00:00.001Z')"));
        assertEquals(List.of(1), ids("ts = TIMESTAMP('2020-01-01T00:00:00Z')"));
    }

    @Test
    void likeUsesCql2WildcardsAndBackslashEscape() {
        assertEquals(List.of(1), ids("name LIKE 'A%'"));
        assertEquals(List.of(2), ids("name LIKE '_eta%'"));
        assertEquals(List.of(2), ids("name LIKE 'beta\\_pit'"));
        assertEquals(List.of(), ids("name LIKE 'beta\\_p_'"), "an escaped _ is a literal _, the last _ is one character");
        assertEquals(List.of(3), ids("name LIKE '100\\%%'"));
        assertEquals(List.of(), ids("name LIKE '100\\%'"), "an escaped % is a literal %, not 'anything'");
        assertEquals(List.of(5), ids("name LIKE 'O''Brien\\\\clay'"), "\\\\ is a literal backslash");
        assertEquals(List.of(2, 3, 5), ids("name NOT LIKE 'A%'"));
        assertEquals(List.of(2, 3, 5), ids("NOT name LIKE 'A%'"));
        assertEquals(List.of(1), ids("CASEI(name) LIKE CASEI('%QUARRY')"));
        assertEquals(List.of(), ids("name LIKE '%QUARRY'"), "LIKE is case-sensitive");
        RegistryException e = assertThrows(RegistryException.class, () -> ids("name LIKE 'abc\\'"));
        assertTrue(e.getMessage().contains("expected a closing quote"), "\\' escapes the quote: " + e.getMessage());
        e = assertThrows(RegistryException.class, () -> json("{\"op\": \"like\", \"args\": [{\"property\": \"name\"}, \"abc\\\\\"]}"));
        assertEquals("filter: the LIKE pattern 'abc\\' ends with the escape character \\; write \\\\ for a backslash, \\% and \\_ for a literal % and _",
                e.getMessage());
    }

    @Test
    void userTextOnlyEverTravelsAsBindValues() {
        String hostile = "name LIKE '%evil'' OR 1=1 --%' OR S_INTERSECTS(geom, POINT(114.005 33.005)) OR name = 'x''; DROP TABLE cql_t; --'";
        Condition c = CQL.condition(Cql2Text.parse(hostile), CRS84, false);
        String sql = dsl.render(c);
        assertTrue(sql.contains("like ? escape '\\'"), sql);
        assertTrue(sql.contains("?::geometry"), sql);
        assertFalse(sql.contains("evil") || sql.contains("DROP") || sql.contains("114") || sql.contains("1=1"), sql);
        assertEquals(List.of(1), ids(Cql2Text.parse(hostile), CRS84, false));
        assertEquals(List.of(1, 2, 3, 4, 5), dsl.select(ID).from(T).orderBy(ID).fetch(ID), "the table is still there");
    }

    @Test
    void caseInsensitiveComparison() {
        assertEquals(List.of(1), ids("CASEI(name) = CASEI('ALPHA QUARRY')"));
        assertEquals(List.of(1, 2, 5), ids("CASEI(name) = CASEI(code)"));
        assertEquals(List.of(1, 2), ids("CASEI(name) IN (CASEI('alpha QUARRY'), CASEI('BETA_pit'))"));
        assertEquals(List.of(), ids("name = 'alpha quarry'"));
    }

    @Test
    void inBetweenAndNull() {
        assertEquals(List.of(1, 3), ids("id IN (1, 3)"));
        assertEquals(List.of(2, 4, 5), ids("id NOT IN (1, 3)"));
        assertEquals(List.of(2), ids("name IN ('beta_pit', 'nope')"));
        assertEquals(List.of(1, 2), ids("area BETWEEN 10 AND 20"));
        assertEquals(List.of(4, 5), ids("area NOT BETWEEN 10 AND 20"));
        assertEquals(List.of(3), ids("area IS NULL"));
        assertEquals(List.of(1, 2, 4, 5), ids("area IS NOT NULL"));
        assertEquals(List.of(4), ids("geom IS NULL"));
        assertEquals(List.of(3), ids("flag IS NULL AND d IS NULL AND ts IS NULL"));
    }

    @Test
    void precedenceAndParentheses() {
        assertEquals(List.of(1), ids("id = 1 OR id = 2 AND flag = TRUE"));
        assertEquals(List.of(1), ids("(id = 1 OR id = 2) AND flag = TRUE"));
        assertEquals(List.of(1, 2, 4), ids("id = 1 OR id = 2 OR flag = TRUE AND area > 25"));
        assertEquals(List.of(2, 4), ids("NOT (id = 1 OR id = 3) AND NOT id = 5"));
    }

    @Test
    void propertyPropertyAndLiteralOnTheLeft() {
        assertEquals(List.of(1, 4, 5), ids("price > area"));
        assertEquals(List.of(2), ids("price = area"));
        assertEquals(List.of(1), ids("100 = price"));
        assertEquals(List.of(3, 4, 5), ids("2 < id"));
        assertEquals(List.of(1, 2, 3, 4, 5), ids("1 = 1"));
        assertEquals(List.of(), ids("'a' = 'b'"));
        assertEquals(List.of(1, 2), ids("20 BETWEEN area AND price"));
        assertEquals(List.of(3), ids("3 IN (id, seq)"), "a literal looked up in a list of properties");
        assertEquals(List.of(1), ids("'Alpha Quarry' LIKE 'A%' AND id = 1"));
        assertEquals(List.of(1, 2, 3, 5), ids("S_INTERSECTS(geom, geom)"));
    }

    @Test
    void spatialFunctionsInCrs84() {
        assertEquals(List.of(1), ids("S_INTERSECTS(geom, POINT(114.005 33.005))"));
        assertEquals(List.of(1), ids("S_INTERSECTS(POINT(114.005 33.005), geom)"), "the literal may come first");
        assertEquals(List.of(1, 2), ids("S_INTERSECTS(geom, BBOX(113.99, 32.99, 114.025, 33.005))"));
        assertEquals(List.of(1, 2), ids("S_INTERSECTS(geom, MULTIPOINT((114.005 33.005), (114.025 33.005)))"));
        assertEquals(List.of(1, 3), ids("S_INTERSECTS(geom, MULTILINESTRING((114.005 32.9, 114.005 33.1), (0 0, 1 1)))"));
        assertEquals(List.of(2, 5), ids("S_INTERSECTS(geom, GEOMETRYCOLLECTION(POINT(114.025 33.005), POLYGON((113 32, 113.7 32, 113.7 32.7, 113 32))))"));
        assertEquals(List.of(1, 2, 3), ids("S_WITHIN(geom, POLYGON((113.9 32.9, 114.1 32.9, 114.1 33.1, 113.9 33.1, 113.9 32.9)))"));
        assertEquals(List.of(1), ids("S_CONTAINS(geom, POINT(114.005 33.005))"));
        assertEquals(List.of(2, 3, 5), ids("S_DISJOINT(geom, POINT(114.005 33.005))"));
        assertEquals(List.of(1, 3), ids("S_TOUCHES(geom, POINT(114.005 33.01))"), "a point on the edge squares 1 and 3 share");
        assertEquals(List.of(1, 3), ids("S_OVERLAPS(geom, POLYGON((114.005 33.005, 114.015 33.005, 114.015 33.015, 114.005 33.015, 114.005 33.005)))"));
        assertEquals(List.of(1, 2), ids("S_CROSSES(geom, LINESTRING(113.995 33.005, 114.025 33.005))"));
        assertEquals(List.of(1), ids("S_EQUALS(geom, MULTIPOLYGON(((114 33, 114.01 33, 114.01 33.01, 114 33.01, 114 33))))"));
        assertEquals(List.of(1), ids("S_EQUALS(geom, POLYGON((114 33, 114 33.01, 114.01 33.01, 114.01 33, 114 33)))"),
                "equal as point sets, whatever the type and winding");
        assertEquals(List.of(), ids("S_INTERSECTS(geom, POINT EMPTY)"));
        assertEquals(List.of(1), json("{\"op\": \"s_intersects\", \"args\": [{\"property\": \"geom\"}, {\"type\": \"Point\", \"coordinates\": [114.005, 33.005]}]}"));
        assertEquals(List.of(1, 2), json("{\"op\": \"s_intersects\", \"args\": [{\"property\": \"geom\"}, {\"bbox\": [113.99, 32.99, 114.025, 33.005]}]}"));
    }

    @Test
    void everySpatialFunctionTakesEveryGeometryTypeWithoutADatabaseError() {
        String[] literals = {"POINT(114.005 33.005)", "LINESTRING(114 33, 114.02 33.02)", "POLYGON((114 33, 114.02 33, 114.02 33.02, 114 33))",
                "MULTIPOINT((114 33), (114.02 33.02))", "MULTILINESTRING((114 33, 114.02 33.02))",
                "MULTIPOLYGON(((114 33, 114.02 33, 114.02 33.02, 114 33)))", "BBOX(114, 33, 114.02, 33.02)",
                "GEOMETRYCOLLECTION(POINT(114.005 33.005), LINESTRING(114 33, 114.02 33.02), POLYGON((114 33, 114.02 33, 114.02 33.02, 114 33)))"};
        for (CqlExpr.SpatialOp op : CqlExpr.SpatialOp.values()) {
            for (String literal : literals) {
                assertDoesNotThrow(() -> ids(op + "(geom, " + literal + ")"), op + " " + literal);
            }
        }
    }

    @Test
    void axisOrderAndFilterCrs() {
        CqlExpr lonLat = Cql2Text.parse("S_INTERSECTS(geom, POINT(114.005 33.005))");
        CqlExpr latLon = Cql2Text.parse("S_INTERSECTS(geom, POINT(33.005 114.005))");
        assertEquals(List.of(1), ids(lonLat, 4326, false), "CRS84: lon/lat");
        assertEquals(List.of(1), ids(latLon, 4326, true), "EPSG:4326: lat/lon, swapped before use");
        assertEquals(List.of(1), ids(latLon, 4490, true), "EPSG:4490: lat/lon");
        assertEquals(List.of(1), ids(lonLat, 4490, false));
        RegistryException e = assertThrows(RegistryException.class, () -> ids(latLon, 4326, false));
        assertEquals("filter: the POINT literal lies outside EPSG:4326 (longitude -180 to 180 and latitude -90 to 90; envelope"
                + " 33.005 114.005, 33.005 114.005); check the axis order the filter-crs has", e.getMessage());

        assertEquals(List.of(1, 2), ids(Cql2Text.parse("S_INTERSECTS(geom, BBOX(32.99, 113.99, 33.005, 114.025))"), 4326, true),
                "an EPSG:4326 BBOX is min lat, min lon, max lat, max lon");
        assertEquals(List.of(1), ids(Cql2Json.parse("{\"op\": \"s_intersects\", \"args\": [{\"property\": \"geom\"},"
                + " {\"type\": \"Point\", \"coordinates\": [33.005, 114.005]}]}"), 4326, true));

        // CGCS2000 3-degree Gauss-Krüger CM 114E: northing first, metres; (114.005, 33.005) is E 500467.24, N 3653302.58.
        assertEquals(List.of(1), ids(Cql2Text.parse("S_INTERSECTS(geom, POINT(3653302.58 500467.24))"), 4547, true));
        assertEquals(List.of(1, 2), ids(Cql2Text.parse("S_INTERSECTS(geom, LINESTRING(3653302.58 500467.24, 3653302.84 502336.20))"), 4547, true));
        assertEquals(List.of(1), ids(Cql2Text.parse("S_INTERSECTS(geom, POINT(3653302.58 38500467.24))"), 4526, true),
                "EPSG:4526: the same zone with the zone number before the easting");
        assertEquals(List.of(1), ids(Cql2Text.parse("S_INTERSECTS(geom, POINT(12690978.55 3895967.65))"), 3857, false), "Web Mercator, x/y");
        e = assertThrows(RegistryException.class, () -> ids(Cql2Text.parse("S_INTERSECTS(geom, POINT(3653302.58 500467.24))"), 4547, false));
        assertTrue(e.getMessage().startsWith("filter: the POINT literal lies outside EPSG:4547"), e.getMessage());

        CqlExpr parsed = Cql2Text.parse("S_INTERSECTS(geom, POINT(33.005 114.005))");
        assertEquals(List.of(1), ids(parsed, 4326, true));
        assertEquals(List.of(1), ids(parsed, 4326, true), "translating does not change the parsed filter");
    }

    @Test
    void anInvalidPolygonIsRefusedBeforeGeosWouldFailOnIt() {
        RegistryException e = assertThrows(RegistryException.class,
                () -> ids("S_OVERLAPS(geom, POLYGON((114 33, 114.02 33.02, 114.02 33, 114 33.02, 114 33)))"));
        assertEquals("filter: the POLYGON literal is not a valid geometry: Self-intersection at or near (114.01 33.01)", e.getMessage());
        e = assertThrows(RegistryException.class, () -> ids("S_INTERSECTS(geom, POINT(114 33)) AND S_OVERLAPS(geom,"
                + " POLYGON((114 33, 114.02 33.02, 114.02 33, 114 33.02, 114 33)))"));
        assertTrue(e.getMessage().startsWith("filter: the POLYGON literal (geometry 2 of the filter) is not a valid geometry"), e.getMessage());
    }

    @Test
    void jsonFiltersSelectWhatTheirTextFormsSelect() {
        assertEquals(ids("id = 1 OR (area > 15 AND NOT flag = TRUE)"), json("{\"op\": \"or\", \"args\": ["
                + "{\"op\": \"=\", \"args\": [{\"property\": \"id\"}, 1]},"
                + "{\"op\": \"and\", \"args\": [{\"op\": \">\", \"args\": [{\"property\": \"area\"}, 15]},"
                + " {\"op\": \"not\", \"args\": [{\"op\": \"=\", \"args\": [{\"property\": \"flag\"}, true]}]}]}]}"));
        assertEquals(List.of(3), json("{\"op\": \"like\", \"args\": [{\"property\": \"name\"}, \"100\\\\%%\"]}"));
        assertEquals(List.of(1, 2), json("{\"op\": \"between\", \"args\": [{\"property\": \"d\"}, {\"date\": \"2020-01-01\"}, {\"date\": \"2021-12-31\"}]}"));
        assertEquals(List.of(2, 4), json("{\"op\": \">=\", \"args\": [{\"property\": \"ts\"}, {\"timestamp\": \"2021-06-15T12:00:00Z\"}]}"));
        assertEquals(List.of(2, 4, 5), json("{\"op\": \"not\", \"args\": [{\"op\": \"in\", \"args\": [{\"property\": \"id\"}, [1, 3]]}]}"));
        assertEquals(List.of(1), json("{\"op\": \"=\", \"args\": [{\"op\": \"casei\", \"args\": [{\"property\": \"name\"}]},"
                + " {\"op\": \"casei\", \"args\": [\"ALPHA quarry\"]}]}"));
        assertEquals(List.of(1, 2, 3, 4, 5), json("true"));
    }
}
