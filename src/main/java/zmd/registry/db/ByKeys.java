package zmd.registry.db;

import java.util.Collection;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Child rows of many parents (a page's reserves, capacities) read parent by parent through the child table's index:
 * {@code unnest(keys) k cross join lateral (select ... where child.parent = k.key)}. PostgreSQL plans the plain
 * {@code parent IN (50 keys)} as a sequential scan once the child table has a few thousand rows, testing every row
 * against every key: measured at 4.8 ms against 0.5 ms for this form on 10 000 reserves.
 */
public final class ByKeys {
    /** The parent key inside the lateral subquery, and the first column of the joined rows. */
    public static final Field<UUID> KEY = DSL.field(DSL.name("k", "key"), UUID.class);

    private ByKeys() {
    }

    /** The keys as a table {@code k(key)}: the left side of the join. */
    public static Table<?> keys(Collection<UUID> keys) {
        return DSL.unnest(keys.toArray(UUID[]::new)).as("k", "key");
    }

    /** The child rows of one key, as a lateral table named {@code c} (select its columns with {@code c.field(column)}). */
    public static <R extends Record> Table<R> children(Select<R> perKey) {
        return DSL.lateral(perKey.asTable("c"));
    }
}
