package zmd.registry.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

class RenderedQueryTest {
    private static final Field<Integer> N = DSL.field(DSL.name("n"), SQLDataType.INTEGER);

    @Test
    void eachRunBindsItsOwnValuesByNameInTheStatementsOrder() {
        try (TestDatabase db = TestDatabase.create()) {
            DSLContext dsl = db.database().dsl();
            // "limit" is bound after "from" in the SQL but given first: binding by position would swap them.
            RenderedQuery query = RenderedQuery.of(dsl, dsl.select(N).from(DSL.table("generate_series(1, 100) AS t(n)"))
                    .where(N.gt(DSL.param("from", SQLDataType.INTEGER))).and(N.ne(DSL.inline(7)))
                    .orderBy(N).limit(DSL.param("limit", SQLDataType.INTEGER)));
            assertEquals(List.of(5, 6, 8), numbers(dsl, query, Map.of("limit", 3, "from", 4)));
            long before = StatementCounter.total();
            assertEquals(List.of(91, 92), numbers(dsl, query, Map.of("limit", 2, "from", 90)));
            assertEquals(1, StatementCounter.total() - before, "a run is counted like any statement");
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> numbers(dsl, query, Map.of("from", 1)));
            assertTrue(missing.getMessage().contains("limit"), missing.getMessage());
        }
    }

    @Test
    void aStatementWithAnUnnamedBindValueIsRefused() {
        try (TestDatabase db = TestDatabase.create()) {
            DSLContext dsl = db.database().dsl();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RenderedQuery.of(dsl, dsl.select(N).from(DSL.table("generate_series(1, 3) AS t(n)")).where(N.gt(1))));
            assertTrue(e.getMessage().contains("no name"), e.getMessage());
            var from = DSL.param("from", SQLDataType.INTEGER);
            IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                    () -> RenderedQuery.of(dsl, dsl.select(N).from(DSL.table("generate_series(1, 3) AS t(n)")).where(N.gt(from)).and(N.lt(from.plus(DSL.inline(10))))));
            assertTrue(twice.getMessage().contains("more than once"), twice.getMessage());
        }
    }

    private static List<Integer> numbers(DSLContext dsl, RenderedQuery query, Map<String, ?> values) {
        return query.fetch(dsl, values, rs -> {
            List<Integer> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
            return out;
        });
    }
}
