package zmd.registry.pricing;

import static zmd.registry.db.generated.Tables.BASE_PRICE;
import static zmd.registry.db.generated.Tables.BASE_PRICE_EDITION;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;
import static zmd.registry.db.generated.Tables.PRICE_REGION;
import static zmd.registry.db.generated.Tables.QUANTITY_UNIT;
import static zmd.registry.db.generated.Tables.RESERVE;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.SelectJoinStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
import zmd.registry.db.ByKeys;
import zmd.registry.reserve.Reserve;

/** SQL for base prices, their editions and regions, and the reserve facts a floor is computed from. */
public final class BasePriceRepository {
    private static final List<SelectField<?>> COLUMNS = List.of(BASE_PRICE.ID, BASE_PRICE_EDITION.NAME, BASE_PRICE.SOURCE_LINE,
            BASE_PRICE.MINERAL, BASE_PRICE.REGION_CODE, PRICE_REGION.NAME, PRICE_REGION.LEVEL, BASE_PRICE.MINING_METHOD,
            BASE_PRICE.UNIT_PRICE, BASE_PRICE.UNIT, BASE_PRICE.VALID_FROM, BASE_PRICE.VALID_TO, BASE_PRICE.SOURCE_DOCUMENT);

    private final DSLContext dsl;
    private volatile List<Region> regions;
    private volatile Map<String, Unit> units;

    public BasePriceRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** A price region with its parent, for walking county -> city -> province. */
    public record Region(PriceRegion region, String parentCode, int specificity) {
    }

    /** A quantity unit: {@code factor} of it make one {@code baseUnit} multiple (万吨 = 10 000 吨). */
    public record Unit(String code, String baseUnit, BigDecimal factor) {
    }

    /** A reserve of a block with what the floor needs to know about the block. */
    public record ReserveFact(UUID parcelId, String countyCode, String miningMethod, Reserve reserve, Unit unit) {
    }

    /** Edition summary: the validity range its rows span. */
    public record Edition(long id, String name, OffsetDateTime importedAt, String importedBy, int rowCount,
                          LocalDate validFrom, LocalDate validTo, boolean openEnded) {
    }

    /** Reference data (a dozen rows), read once. */
    public List<Region> regions() {
        List<Region> r = regions;
        if (r == null) {
            r = dsl.select(PRICE_REGION.CODE, PRICE_REGION.NAME, PRICE_REGION.LEVEL, PRICE_REGION.PARENT_CODE, PRICE_REGION.SPECIFICITY)
                    .from(PRICE_REGION).orderBy(PRICE_REGION.SPECIFICITY, PRICE_REGION.CODE)
                    .fetch(x -> new Region(new PriceRegion(x.value1().strip(), x.value2(), x.value3()),
                            x.value4() == null ? null : x.value4().strip(), x.value5()));
            regions = r;
        }
        return r;
    }

    public Map<String, Unit> units() {
        Map<String, Unit> u = units;
        if (u == null) {
            Map<String, Unit> m = new LinkedHashMap<>();
            dsl.select(QUANTITY_UNIT.CODE, QUANTITY_UNIT.BASE_UNIT, QUANTITY_UNIT.FACTOR).from(QUANTITY_UNIT).orderBy(QUANTITY_UNIT.CODE)
                    .forEach(x -> m.put(x.value1(), new Unit(x.value1(), x.value2(), x.value3())));
            u = Map.copyOf(m);
            units = u;
        }
        return u;
    }

    /** Prices with their edition and region: the columns {@link #COLUMNS} lists and {@code map} reads. */
    private static SelectJoinStep<Record> prices(DSLContext ctx) {
        return ctx.select(COLUMNS).from(BASE_PRICE)
                .join(BASE_PRICE_EDITION).on(BASE_PRICE_EDITION.ID.eq(BASE_PRICE.EDITION_ID))
                .join(PRICE_REGION).on(PRICE_REGION.CODE.eq(BASE_PRICE.REGION_CODE));
    }

    /** The reserves of the blocks, in their order, with each block's county and mining method (see {@link ByKeys}). */
    public List<ReserveFact> reserveFacts(DSLContext ctx, Collection<UUID> parcelIds) {
        Map<String, Unit> u = units();
        Table<?> c = ByKeys.children(DSL.select(RESERVE.ORDINAL, MINE_PARCEL.COUNTY_CODE, MINE_PARCEL.MINING_METHOD, RESERVE.MINERAL,
                        RESERVE.CATEGORY, RESERVE.QUANTITY, RESERVE.UNIT, RESERVE.UNIT_NOTE, RESERVE.CATEGORY_NOTE)
                .from(RESERVE).join(MINE_PARCEL).on(MINE_PARCEL.ID.eq(RESERVE.PARCEL_ID))
                .where(RESERVE.PARCEL_ID.eq(ByKeys.KEY)));
        return ctx.select(ByKeys.KEY, c.field(MINE_PARCEL.COUNTY_CODE), c.field(MINE_PARCEL.MINING_METHOD), c.field(RESERVE.MINERAL),
                        c.field(RESERVE.CATEGORY), c.field(RESERVE.QUANTITY), c.field(RESERVE.UNIT), c.field(RESERVE.UNIT_NOTE),
                        c.field(RESERVE.CATEGORY_NOTE))
                .from(ByKeys.keys(parcelIds)).crossJoin(c)
                .orderBy(ByKeys.KEY, c.field(RESERVE.ORDINAL))
                .fetch(r -> new ReserveFact(r.value1(), r.value2().strip(), r.value3(),
                        new Reserve(r.value4(), r.value5(), r.value6().stripTrailingZeros(), r.value7(), r.value8(), r.value9()),
                        u.get(r.value7())));
    }

    /** Prices for these minerals in these regions valid on the date (every method). */
    public List<BasePrice> validOn(DSLContext ctx, Collection<String> minerals, Collection<String> regionCodes, LocalDate date) {
        return prices(ctx)
                .where(BASE_PRICE.MINERAL.in(minerals))
                .and(BASE_PRICE.REGION_CODE.in(regionCodes))
                .and(validOn(date))
                .fetch(BasePriceRepository::map);
    }

    private static Condition validOn(LocalDate date) {
        return BASE_PRICE.VALID_FROM.le(date).and(BASE_PRICE.VALID_TO.isNull().or(BASE_PRICE.VALID_TO.ge(date)));
    }

    /** A filter over every edition's rows; null fields do not filter. */
    public record Filter(String mineral, String regionCode, LocalDate validOn, String edition) {
        Condition condition() {
            List<Condition> c = new ArrayList<>();
            if (mineral != null) {
                c.add(BASE_PRICE.MINERAL.eq(mineral));
            }
            if (regionCode != null) {
                c.add(BASE_PRICE.REGION_CODE.eq(regionCode));
            }
            if (validOn != null) {
                c.add(BasePriceRepository.validOn(validOn));
            }
            if (edition != null) {
                c.add(BASE_PRICE_EDITION.NAME.eq(edition));
            }
            return DSL.and(c);
        }
    }

    /** Rows matching the filter, by mineral then import order, after the (mineral, id) cursor. */
    public List<BasePrice> page(Filter filter, String afterMineral, Long afterId, int limit) {
        Condition where = filter.condition();
        if (afterMineral != null) {
            where = where.and(DSL.row(BASE_PRICE.MINERAL, BASE_PRICE.ID).gt(afterMineral, afterId));
        }
        return prices(dsl)
                .where(where)
                .orderBy(BASE_PRICE.MINERAL, BASE_PRICE.ID)
                .limit(limit)
                .fetch(BasePriceRepository::map);
    }

    public int count(Filter filter) {
        return dsl.fetchCount(DSL.selectOne().from(BASE_PRICE)
                .join(BASE_PRICE_EDITION).on(BASE_PRICE_EDITION.ID.eq(BASE_PRICE.EDITION_ID))
                .where(filter.condition()));
    }

    public List<Edition> editions() {
        return editions(dsl, DSL.trueCondition());
    }

    public Edition edition(DSLContext ctx, long id) {
        return editions(ctx, BASE_PRICE_EDITION.ID.eq(id)).getFirst();
    }

    private static List<Edition> editions(DSLContext ctx, Condition where) {
        return ctx.select(BASE_PRICE_EDITION.ID, BASE_PRICE_EDITION.NAME, BASE_PRICE_EDITION.IMPORTED_AT, BASE_PRICE_EDITION.IMPORTED_BY,
                        BASE_PRICE_EDITION.ROW_COUNT, DSL.min(BASE_PRICE.VALID_FROM), DSL.max(BASE_PRICE.VALID_TO),
                        DSL.boolOr(BASE_PRICE.VALID_TO.isNull()))
                .from(BASE_PRICE_EDITION).join(BASE_PRICE).on(BASE_PRICE.EDITION_ID.eq(BASE_PRICE_EDITION.ID))
                .where(where)
                .groupBy(BASE_PRICE_EDITION.ID)
                .orderBy(BASE_PRICE_EDITION.IMPORTED_AT.desc(), BASE_PRICE_EDITION.ID.desc())
                .fetch(r -> new Edition(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        Boolean.TRUE.equals(r.value8()) ? null : r.value7(), Boolean.TRUE.equals(r.value8())));
    }

    public boolean editionExists(DSLContext ctx, String name) {
        return ctx.fetchExists(BASE_PRICE_EDITION, BASE_PRICE_EDITION.NAME.eq(name));
    }

    /** Every stored price of these minerals, for checking an import for overlaps before writing. */
    public List<BasePrice> ofMinerals(DSLContext ctx, Collection<String> minerals) {
        return prices(ctx)
                .where(BASE_PRICE.MINERAL.in(minerals))
                .orderBy(BASE_PRICE.ID)
                .fetch(BasePriceRepository::map);
    }

    /** Ends open-ended prices of earlier editions the day before a new edition takes over. */
    public void close(DSLContext tx, long priceId, LocalDate lastDay) {
        tx.update(BASE_PRICE).set(BASE_PRICE.VALID_TO, lastDay)
                .where(BASE_PRICE.ID.eq(priceId).and(BASE_PRICE.VALID_TO.isNull()))
                .execute();
    }

    public long insertEdition(DSLContext tx, String name, String importedBy, List<BasePriceCsv.Row> rows) {
        long editionId = tx.insertInto(BASE_PRICE_EDITION)
                .set(BASE_PRICE_EDITION.NAME, name)
                .set(BASE_PRICE_EDITION.IMPORTED_BY, importedBy)
                .set(BASE_PRICE_EDITION.ROW_COUNT, rows.size())
                .returning(BASE_PRICE_EDITION.ID)
                .fetchSingle(BASE_PRICE_EDITION.ID);
        var insert = tx.insertInto(BASE_PRICE, BASE_PRICE.EDITION_ID, BASE_PRICE.SOURCE_LINE, BASE_PRICE.MINERAL, BASE_PRICE.REGION_CODE,
                BASE_PRICE.MINING_METHOD, BASE_PRICE.UNIT_PRICE, BASE_PRICE.UNIT, BASE_PRICE.VALID_FROM, BASE_PRICE.VALID_TO,
                BASE_PRICE.SOURCE_DOCUMENT);
        for (BasePriceCsv.Row r : rows) {
            insert = insert.values(editionId, r.line(), r.mineral(), r.region().code(), r.miningMethod(), r.unitPrice(), r.unit(),
                    r.validFrom(), r.validTo(), r.sourceDocument());
        }
        insert.execute();
        return editionId;
    }

    public List<BasePrice> ofEdition(DSLContext ctx, long editionId) {
        return prices(ctx)
                .where(BASE_PRICE.EDITION_ID.eq(editionId))
                .orderBy(BASE_PRICE.SOURCE_LINE)
                .fetch(BasePriceRepository::map);
    }

    public List<BasePrice> byIds(DSLContext ctx, Collection<Long> ids) {
        return prices(ctx)
                .where(BASE_PRICE.ID.in(ids))
                .orderBy(BASE_PRICE.ID)
                .fetch(BasePriceRepository::map);
    }

    private static BasePrice map(Record r) {
        return new BasePrice(r.get(BASE_PRICE.ID), r.get(BASE_PRICE_EDITION.NAME), r.get(BASE_PRICE.SOURCE_LINE), r.get(BASE_PRICE.MINERAL),
                new PriceRegion(r.get(BASE_PRICE.REGION_CODE).strip(), r.get(PRICE_REGION.NAME), r.get(PRICE_REGION.LEVEL)),
                r.get(BASE_PRICE.MINING_METHOD), r.get(BASE_PRICE.UNIT_PRICE).stripTrailingZeros(), r.get(BASE_PRICE.UNIT),
                r.get(BASE_PRICE.VALID_FROM), r.get(BASE_PRICE.VALID_TO), r.get(BASE_PRICE.SOURCE_DOCUMENT));
    }
}
