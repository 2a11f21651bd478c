package zmd.registry.features.cql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import zmd.registry.core.RegistryException;
import zmd.registry.db.TestDatabase;

/**
 * Mangled filters, deterministic: each is refused as the caller's error, or runs. Anything else (an exception of
 * another kind, a database error) would be a server error on a caller's typo.
 */
class CqlFuzzTest {
    private static final List<String> TEXT = List.of(
            "id = 1 OR (area > 15 AND NOT flag = TRUE)",
            "name LIKE '100\\%%' AND CASEI(code) IN (CASEI('x'), 'y')",
            "d BETWEEN DATE('2020-01-01') AND DATE('2021-12-31') OR ts >= TIMESTAMP('2021-06-15T12:00:00Z')",
            "S_INTERSECTS(geom, POLYGON((114 33, 114.02 33, 114.02 33.02, 114 33))) AND price IS NOT NULL",
            "S_WITHIN(geom, BBOX(113.9, 32.9, 114.1, 33.1)) OR S_CROSSES(geom, LINESTRING(114 33, 115 34))",
            "S_CONTAINS(geom, GEOMETRYCOLLECTION(POINT(114.005 33.005), MULTIPOINT((114 33), (114.01 33.01))))",
            "seq NOT IN (1, 2, 10000000001) AND id <> -3 AND area <= 1e3");
    private static final List<String> JSON = List.of(
            "{\"op\": \"and\", \"args\": [{\"op\": \"=\", \"args\": [{\"property\": \"id\"}, 1]}, {\"op\": \"like\", \"args\": [{\"property\": \"name\"}, \"a%\"]}]}",
            "{\"op\": \"s_intersects\", \"args\": [{\"property\": \"geom\"}, {\"type\": \"Polygon\", \"coordinates\": [[[114, 33], [114.02, 33], [114.02, 33.02], [114, 33]]]}]}",
            "{\"op\": \"between\", \"args\": [{\"property\": \"d\"}, {\"date\": \"2020-01-01\"}, {\"date\": \"2021-12-31\"}]}",
            "{\"op\": \"in\", \"args\": [{\"op\": \"casei\", \"args\": [{\"property\": \"code\"}]}, [\"x\", {\"op\": \"casei\", \"args\": [\"Y\"]}]]}");
    private static final String NOISE = "()',\"\\%_ -+.eE0123456789aZ:[]{}=<>!@";

    @Test
    void mangledFiltersAreRefusedOrRun() {
        CqlToSql cql = new CqlToSql(CqlTestTable.QUERYABLES);
        Random random = new Random(20240702);
        try (TestDatabase db = TestDatabase.create()) {
            DSLContext dsl = db.database().dsl();
            CqlTestTable.create(dsl);
            int ran = 0;
            for (int i = 0; i < 4000; i++) {
                boolean json = i % 3 == 0;
                List<String> corpus = json ? JSON : TEXT;
                String filter = mangle(corpus.get(random.nextInt(corpus.size())), random);
                Function<String, CqlExpr> parser = json ? Cql2Json::parse : Cql2Text::parse;
                Condition condition;
                try {
                    condition = cql.condition(parser.apply(filter), random.nextBoolean() ? 4326 : 4547, random.nextBoolean());
                } catch (RegistryException e) {
                    assertTrue(e.getMessage().startsWith("filter: "), e.getMessage());
                    assertFalse(e.getMessage().contains("Exception"), e.getMessage());
                    assertTrue(e.getMessage().length() < 400, e.getMessage());
                    continue;
                } catch (RuntimeException | StackOverflowError e) {
                    fail("not a refusal for " + filter, e);
                    return;
                }
                try {
                    dsl.fetchCount(dsl.selectOne().from(CqlTestTable.T).where(condition));
                    ran++;
                } catch (RuntimeException e) {
                    fail("the database failed on " + filter, e);
                }
            }
            assertTrue(ran > 100, "mangled filters that still ran: " + ran);
        }
    }

    /** One to three edits: delete, duplicate or replace a character, or insert noise. */
    private static String mangle(String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        for (int edits = 1 + random.nextInt(3); edits > 0 && !b.isEmpty(); edits--) {
            int at = random.nextInt(b.length());
            switch (random.nextInt(4)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, b.charAt(at));
                case 2 -> b.setCharAt(at, NOISE.charAt(random.nextInt(NOISE.length())));
                default -> b.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
            }
        }
        return b.toString();
    }
}
