package zmd.registry.reserve;

import static zmd.registry.db.generated.Tables.DESIGN_CAPACITY;
import static zmd.registry.db.generated.Tables.QUANTITY_UNIT;
import static zmd.registry.db.generated.Tables.RESERVE;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import zmd.registry.db.ByKeys;
import zmd.registry.db.PastRows;

/** Reserves and design capacities of blocks: read in batches by block id, replaced as a whole on write. */
public final class ReserveRepository {
    private final DSLContext dsl;
    private volatile Set<String> units;

    public ReserveRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The minerals of a block's reserves in their order, as a column of a query over blocks. */
    public static Field<String[]> mineralsOf(Field<UUID> parcelId) {
        return DSL.field(DSL.select(DSL.arrayAgg(RESERVE.MINERAL).orderBy(RESERVE.ORDINAL)).from(RESERVE).where(RESERVE.PARCEL_ID.eq(parcelId)));
    }

    public Map<UUID, List<Reserve>> reservesOf(Collection<UUID> parcelIds) {
        Table<?> c = ByKeys.children(DSL.select(RESERVE.ORDINAL, RESERVE.MINERAL, RESERVE.CATEGORY, RESERVE.QUANTITY, RESERVE.UNIT,
                RESERVE.UNIT_NOTE, RESERVE.CATEGORY_NOTE).from(RESERVE).where(RESERVE.PARCEL_ID.eq(ByKeys.KEY)));
        return dsl.select(ByKeys.KEY, c.field(RESERVE.MINERAL), c.field(RESERVE.CATEGORY), c.field(RESERVE.QUANTITY), c.field(RESERVE.UNIT),
                        c.field(RESERVE.UNIT_NOTE), c.field(RESERVE.CATEGORY_NOTE))
                .from(ByKeys.keys(parcelIds))
                .crossJoin(c)
                .orderBy(ByKeys.KEY, c.field(RESERVE.ORDINAL))
                .fetch()
                .stream()
                .collect(Collectors.groupingBy(r -> r.value1(), LinkedHashMap::new,
                        Collectors.mapping(r -> new Reserve(r.value2(), r.value3(), r.value4().stripTrailingZeros(), r.value5(), r.value6(), r.value7()),
                                Collectors.toList())));
    }

    public Map<UUID, List<DesignCapacity>> capacitiesOf(Collection<UUID> parcelIds) {
        Table<?> c = ByKeys.children(DSL.select(DESIGN_CAPACITY.ORDINAL, DESIGN_CAPACITY.MINERAL, DESIGN_CAPACITY.QUANTITY_PER_YEAR,
                DESIGN_CAPACITY.UNIT).from(DESIGN_CAPACITY).where(DESIGN_CAPACITY.PARCEL_ID.eq(ByKeys.KEY)));
        return dsl.select(ByKeys.KEY, c.field(DESIGN_CAPACITY.MINERAL), c.field(DESIGN_CAPACITY.QUANTITY_PER_YEAR), c.field(DESIGN_CAPACITY.UNIT))
                .from(ByKeys.keys(parcelIds))
                .crossJoin(c)
                .orderBy(ByKeys.KEY, c.field(DESIGN_CAPACITY.ORDINAL))
                .fetch()
                .stream()
                .collect(Collectors.groupingBy(r -> r.value1(), LinkedHashMap::new,
                        Collectors.mapping(r -> new DesignCapacity(r.value2(), r.value3().stripTrailingZeros(), r.value4()), Collectors.toList())));
    }

    /** The reserves of blocks as they were at an instant, rebuilt from the change log (one statement). */
    public Map<UUID, List<Reserve>> reservesOf(Collection<UUID> parcelIds, OffsetDateTime at) {
        return dsl.select(RESERVE.PARCEL_ID, RESERVE.MINERAL, RESERVE.CATEGORY, RESERVE.QUANTITY, RESERVE.UNIT, RESERVE.UNIT_NOTE, RESERVE.CATEGORY_NOTE)
                .from(PastRows.of(RESERVE, at, parcelIds))
                .orderBy(RESERVE.PARCEL_ID, RESERVE.ORDINAL)
                .fetch()
                .stream()
                .collect(Collectors.groupingBy(r -> r.value1(), LinkedHashMap::new,
                        Collectors.mapping(r -> new Reserve(r.value2(), r.value3(), r.value4().stripTrailingZeros(), r.value5(), r.value6(), r.value7()),
                                Collectors.toList())));
    }

    /** The design capacities of blocks as they were at an instant. */
    public Map<UUID, List<DesignCapacity>> capacitiesOf(Collection<UUID> parcelIds, OffsetDateTime at) {
        return dsl.select(DESIGN_CAPACITY.PARCEL_ID, DESIGN_CAPACITY.MINERAL, DESIGN_CAPACITY.QUANTITY_PER_YEAR, DESIGN_CAPACITY.UNIT)
                .from(PastRows.of(DESIGN_CAPACITY, at, parcelIds))
                .orderBy(DESIGN_CAPACITY.PARCEL_ID, DESIGN_CAPACITY.ORDINAL)
                .fetch()
                .stream()
                .collect(Collectors.groupingBy(r -> r.value1(), LinkedHashMap::new,
                        Collectors.mapping(r -> new DesignCapacity(r.value2(), r.value3().stripTrailingZeros(), r.value4()), Collectors.toList())));
    }

    /**
     * Makes a block's reserves the list given, in place: each position (ordinal) keeps its row and id, rewritten only
     * where it differs; positions past the end are deleted. A record of changes can then tell an edited reserve from a
     * replaced one. Call inside the block's write transaction.
     */
    public void replaceReserves(DSLContext tx, UUID parcelId, List<Reserve> reserves) {
        if (!reserves.isEmpty()) {
            var insert = tx.insertInto(RESERVE, RESERVE.PARCEL_ID, RESERVE.ORDINAL, RESERVE.MINERAL, RESERVE.CATEGORY,
                    RESERVE.QUANTITY, RESERVE.UNIT, RESERVE.UNIT_NOTE, RESERVE.CATEGORY_NOTE);
            for (int i = 0; i < reserves.size(); i++) {
                Reserve r = reserves.get(i);
                insert = insert.values(parcelId, (short) i, r.mineral(), r.category(), r.quantity(), r.unit(), r.unitNote(), r.categoryNote());
            }
            insert.onConflict(RESERVE.PARCEL_ID, RESERVE.ORDINAL).doUpdate()
                    .set(RESERVE.MINERAL, DSL.excluded(RESERVE.MINERAL))
                    .set(RESERVE.CATEGORY, DSL.excluded(RESERVE.CATEGORY))
                    .set(RESERVE.QUANTITY, DSL.excluded(RESERVE.QUANTITY))
                    .set(RESERVE.UNIT, DSL.excluded(RESERVE.UNIT))
                    .set(RESERVE.UNIT_NOTE, DSL.excluded(RESERVE.UNIT_NOTE))
                    .set(RESERVE.CATEGORY_NOTE, DSL.excluded(RESERVE.CATEGORY_NOTE))
                    .where(DSL.row(RESERVE.MINERAL, RESERVE.CATEGORY, RESERVE.QUANTITY, RESERVE.UNIT, RESERVE.UNIT_NOTE, RESERVE.CATEGORY_NOTE)
                            .isDistinctFrom(DSL.row(DSL.excluded(RESERVE.MINERAL), DSL.excluded(RESERVE.CATEGORY), DSL.excluded(RESERVE.QUANTITY),
                                    DSL.excluded(RESERVE.UNIT), DSL.excluded(RESERVE.UNIT_NOTE), DSL.excluded(RESERVE.CATEGORY_NOTE))))
                    .execute();
        }
        tx.deleteFrom(RESERVE).where(RESERVE.PARCEL_ID.eq(parcelId).and(RESERVE.ORDINAL.ge((short) reserves.size()))).execute();
    }

    /** Makes a block's design capacities the list given, in place, as {@link #replaceReserves} does. */
    public void replaceCapacities(DSLContext tx, UUID parcelId, List<DesignCapacity> capacities) {
        if (!capacities.isEmpty()) {
            var insert = tx.insertInto(DESIGN_CAPACITY, DESIGN_CAPACITY.PARCEL_ID, DESIGN_CAPACITY.ORDINAL,
                    DESIGN_CAPACITY.MINERAL, DESIGN_CAPACITY.QUANTITY_PER_YEAR, DESIGN_CAPACITY.UNIT);
            for (int i = 0; i < capacities.size(); i++) {
                DesignCapacity c = capacities.get(i);
                insert = insert.values(parcelId, (short) i, c.mineral(), c.quantityPerYear(), c.unit());
            }
            insert.onConflict(DESIGN_CAPACITY.PARCEL_ID, DESIGN_CAPACITY.ORDINAL).doUpdate()
                    .set(DESIGN_CAPACITY.MINERAL, DSL.excluded(DESIGN_CAPACITY.MINERAL))
                    .set(DESIGN_CAPACITY.QUANTITY_PER_YEAR, DSL.excluded(DESIGN_CAPACITY.QUANTITY_PER_YEAR))
                    .set(DESIGN_CAPACITY.UNIT, DSL.excluded(DESIGN_CAPACITY.UNIT))
                    .where(DSL.row(DESIGN_CAPACITY.MINERAL, DESIGN_CAPACITY.QUANTITY_PER_YEAR, DESIGN_CAPACITY.UNIT)
                            .isDistinctFrom(DSL.row(DSL.excluded(DESIGN_CAPACITY.MINERAL), DSL.excluded(DESIGN_CAPACITY.QUANTITY_PER_YEAR),
                                    DSL.excluded(DESIGN_CAPACITY.UNIT))))
                    .execute();
        }
        tx.deleteFrom(DESIGN_CAPACITY).where(DESIGN_CAPACITY.PARCEL_ID.eq(parcelId)
                .and(DESIGN_CAPACITY.ORDINAL.ge((short) capacities.size()))).execute();
    }

    /** The units the register knows (reference data, read once). */
    public Set<String> knownUnits() {
        Set<String> u = units;
        if (u == null) {
            u = dsl.select(QUANTITY_UNIT.CODE).from(QUANTITY_UNIT).fetchSet(QUANTITY_UNIT.CODE);
            units = new TreeSet<>(u);
        }
        return units;
    }
}
