package zmd.registry.db;

import static zmd.registry.db.generated.Tables.CHANGE_LOG;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import zmd.registry.core.RegistryException;

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

    /**
     * The {@code asOf} of a read of the past, refused if it is in the future or before the change log's first entry:
     * the register is not recorded before then (a block registered before the log began has its first entry at that
     * beginning), so "not registered then" would be false.
     */
    public static OffsetDateTime recorded(DSLContext dsl, OffsetDateTime at, String field) {
        if (at != null && at.isAfter(OffsetDateTime.now())) {
            throw RegistryException.badInput(field, field + " " + at + " is in the future; omit it for the register as it is now");
        }
        OffsetDateTime begins = dsl.select(DSL.min(CHANGE_LOG.AT)).from(CHANGE_LOG).fetchOne(0, OffsetDateTime.class);
        if (at != null && (begins == null || at.isBefore(begins))) {
            throw RegistryException.badInput(field, field + " " + at + " is before the change log begins ("
                    + (begins == null ? "it has no entry yet" : begins.toString()) + "): the register is not recorded before then");
        }
        return at;
    }

    private static org.jooq.Name function(Table<?> table) {
        return DSL.name(table.getName() + "_as_of");
    }
}
