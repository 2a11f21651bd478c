package zmd.registry.features.cql;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import zmd.registry.core.RegistryException;

/** Each class claimed has a filter of its own that translates; each class not claimed has one that is refused. */
class CqlConformanceTest {
    private static final String CQL2 = "http://www.opengis.net/spec/cql2/1.0/conf/";
    private static final CqlToSql CQL = new CqlToSql(CqlTestTable.QUERYABLES);

    @Test
    void theClaimedClassesAreThoseTheTranslationServes() {
        Map<String, String> claimed = new LinkedHashMap<>();
        claimed.put("cql2-text", "id = 1");
        claimed.put("cql2-json", null);
        claimed.put("basic-cql2", "NOT (name = 'a' OR area < 2) AND d = DATE('2020-01-01') AND ts > TIMESTAMP('2020-01-01T00:00:00Z')"
                + " AND flag = TRUE AND code IS NULL");
        claimed.put("advanced-comparison-operators", "name LIKE 'a%' AND area BETWEEN 1 AND 2 AND id IN (1, 2) AND id NOT IN (3)");
        claimed.put("case-insensitive-comparison", "CASEI(name) = CASEI('Alpha') AND CASEI(code) LIKE CASEI('A%')");
        claimed.put("basic-spatial-functions", "S_INTERSECTS(geom, POINT(114 33)) OR S_INTERSECTS(geom, BBOX(114, 33, 115, 34))");
        claimed.put("basic-spatial-functions-plus", "S_INTERSECTS(geom, POLYGON((114 33, 115 33, 115 34, 114 33)))"
                + " OR S_INTERSECTS(geom, GEOMETRYCOLLECTION(POINT(114 33), LINESTRING(114 33, 115 34)))");
        claimed.put("spatial-functions", "S_EQUALS(geom, POINT(114 33)) OR S_DISJOINT(geom, POINT(114 33)) OR S_TOUCHES(geom, POINT(114 33))"
                + " OR S_WITHIN(geom, POINT(114 33)) OR S_OVERLAPS(geom, POINT(114 33)) OR S_CROSSES(geom, POINT(114 33))"
                + " OR S_CONTAINS(geom, POINT(114 33))");
        claimed.put("property-property", "area < price AND 5 = id AND 'x' LIKE 'x%' AND 3 BETWEEN id AND seq AND 1 IN (id, seq)"
                + " AND S_INTERSECTS(POINT(114 33), geom) AND S_INTERSECTS(geom, geom)");
        assertEquals(claimed.keySet().stream().map(c -> CQL2 + c).toList(), CqlConformance.CLASSES);
        claimed.forEach((c, text) -> {
            if (text != null) {
                assertDoesNotThrow(() -> CQL.condition(Cql2Text.parse(text), 4326, false), c);
            }
        });
        assertDoesNotThrow(() -> CQL.condition(Cql2Json.parse("{\"op\": \"=\", \"args\": [{\"property\": \"id\"}, 1]}"), 4326, false));
    }

    @Test
    void theClassesNotClaimedAreRefused() {
        Map<String, String> notClaimed = Map.of(
                "accent-insensitive-comparison", "ACCENTI(name) = ACCENTI('Straße')",
                "temporal-functions", "T_AFTER(d, DATE('2020-01-01'))",
                "array-functions", "A_CONTAINS(code, ('a', 'b'))",
                "functions", "upper(name) = 'A'",
                "arithmetic", "area + 1 > 2");
        notClaimed.forEach((c, text) -> {
            assertThrows(RegistryException.class, () -> CQL.condition(Cql2Text.parse(text), 4326, false), c);
            assertEquals(false, CqlConformance.CLASSES.contains(CQL2 + c));
        });
    }
}
