package zmd.registry.db;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * A table of the register as it was at an instant: the rows its change log's after-images rebuild (the
 * {@code <table>_as_of} functions of migration V38), aliased with the table's name so that the table's own generated
 * fields, conditions and shapes read them unchanged. Bind values only.
 */
public final class PastRows {
    private PastRows() {
    }

    /** Every row of the table at the instant. */
    public static Table<?> all(Table<?> table, OffsetDateTime at) {
        return DSL.table("{0}({1})", function(table), DSL.val(at)).as(table.getName());
    }

    /** The rows of the table that belonged at the instant to these records (blocks, or listings: see V38). */
    public static Table<?> of(Table<?> table, OffsetDateTime at, Collection<UUID> recordIds) {
        return of(table, DSL.val(at), DSL.val(recordIds.toArray(UUID[]::new)));
    }

    /** The same, for record ids given by a field of the enclosing query. */
    public static Table<?> of(Table<?> table, Field<OffsetDateTime> at, Field<UUID[]> recordIds) {
        return DSL.table("{0}({1}, {2})", function(table), at, recordIds).as(table.getName());
    }

    /** The rows of the table (listings) that belonged at the instant to these blocks. */
    public static Table<?> byParcel(Table<?> table, OffsetDateTime at, Collection<UUID> parcelIds) {
        return DSL.table("{0}({1}, {2})", DSL.name(table.getName() + "_of_parcels_as_of"), DSL.val(at), DSL.val(parcelIds.toArray(UUID[]::new)))
                .as(table.getName());
    }

    private static org.jooq.Name function(Table<?> table) {
        return DSL.name(table.getName() + "_as_of");
    }
}
