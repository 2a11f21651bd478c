package zmd.registry.auction;

import static zmd.registry.db.generated.Tables.LISTING;
import static zmd.registry.db.generated.Tables.LISTING_CHANGE;
import static zmd.registry.db.generated.Tables.LISTING_CHANGE_COUNTER;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;
import static zmd.registry.db.generated.Tables.RESERVE;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import zmd.registry.db.ByKeys;
import zmd.registry.db.PastRows;
import zmd.registry.db.Codes;
import zmd.registry.db.RenderedQuery;
import zmd.registry.db.generated.tables.records.ListingRecord;

/** SQL for listings and the change feed. */
public final class ListingRepository {
    private static final zmd.registry.db.generated.tables.Listing L = LISTING;

    /**
     * JDBC column numbers of the listing table's columns when they come first in a row, looked up once: jOOQ's
     * lookup per value was a fifth of reading a feed page.
     */
    private static final class At {
        static final int ID = L.indexOf(L.ID) + 1;
        static final int PARCEL_ID = L.indexOf(L.PARCEL_ID) + 1;
        static final int METHOD = L.indexOf(L.METHOD) + 1;
        static final int STATUS = L.indexOf(L.STATUS) + 1;
        static final int START_PRICE = L.indexOf(L.START_PRICE) + 1;
        static final int DEPOSIT = L.indexOf(L.DEPOSIT) + 1;
        static final int BID_INCREMENT = L.indexOf(L.BID_INCREMENT) + 1;
        static final int ANNOUNCEMENT_DATE = L.indexOf(L.ANNOUNCEMENT_DATE) + 1;
        static final int BIDDING_START = L.indexOf(L.BIDDING_START) + 1;
        static final int BIDDING_END = L.indexOf(L.BIDDING_END) + 1;
        static final int CONDITIONS = L.indexOf(L.CONDITIONS) + 1;
        static final int ANNOUNCED_AT = L.indexOf(L.ANNOUNCED_AT) + 1;
        static final int ANNOUNCE_FLOOR = L.indexOf(L.ANNOUNCE_FLOOR) + 1;
        static final int ANNOUNCE_EVIDENCE = L.indexOf(L.ANNOUNCE_EVIDENCE) + 1;
        static final int WITHDRAWN_AT = L.indexOf(L.WITHDRAWN_AT) + 1;
        static final int WITHDRAW_REASON = L.indexOf(L.WITHDRAW_REASON) + 1;
        static final int FINAL_PRICE = L.indexOf(L.FINAL_PRICE) + 1;
        static final int WINNER_NAME = L.indexOf(L.WINNER_NAME) + 1;
        static final int WINNER_CREDIT_CODE = L.indexOf(L.WINNER_CREDIT_CODE) + 1;
        static final int DECIDED_AT = L.indexOf(L.DECIDED_AT) + 1;
        static final int OUTCOME_KEY = L.indexOf(L.OUTCOME_KEY) + 1;
        static final int OUTCOME_REPORTED_BY = L.indexOf(L.OUTCOME_REPORTED_BY) + 1;
        static final int OUTCOME_REPORTED_AT = L.indexOf(L.OUTCOME_REPORTED_AT) + 1;
        static final int VERSION = L.indexOf(L.VERSION) + 1;
        static final int CREATED_BY = L.indexOf(L.CREATED_BY) + 1;
        static final int CREATED_AT = L.indexOf(L.CREATED_AT) + 1;
        static final int UPDATED_AT = L.indexOf(L.UPDATED_AT) + 1;
    }

    /**
     * The codes the feed reads on every row, matched as bytes: the listing's status, method and the change's kind are
     * the lists of the table's check constraints (EnumsDefinedOnceTest holds them to these enums); a change's status
     * is a listing status written by this code.
     */
    private static final Codes<ListingStatus> STATUSES = Codes.of(ListingStatus.class);
    private static final Codes<ListingMethod> METHODS = Codes.of(ListingMethod.class);
    private static final Codes<ListingChangeKind> KINDS = Codes.of(ListingChangeKind.class);
    private static final List<String> OPEN = Arrays.stream(ListingStatus.values()).filter(ListingStatus::open).map(Enum::name).toList();

    /** JDBC column numbers of the change table's columns when they come first in a row. */
    private static final class ChangeAt {
        static final int SEQ = LISTING_CHANGE.indexOf(LISTING_CHANGE.SEQ) + 1;
        static final int LISTING_ID = LISTING_CHANGE.indexOf(LISTING_CHANGE.LISTING_ID) + 1;
        static final int KIND = LISTING_CHANGE.indexOf(LISTING_CHANGE.KIND) + 1;
        static final int STATUS = LISTING_CHANGE.indexOf(LISTING_CHANGE.STATUS) + 1;
        static final int PUBLIC = LISTING_CHANGE.indexOf(LISTING_CHANGE.PUBLIC) + 1;
        static final int CHANGED_AT = LISTING_CHANGE.indexOf(LISTING_CHANGE.CHANGED_AT) + 1;
        static final int CHANGED_BY = LISTING_CHANGE.indexOf(LISTING_CHANGE.CHANGED_BY) + 1;
    }

    private final DSLContext dsl;

    public ListingRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** Platforms and the public: announced or later, and a withdrawn listing only if it had been announced. */
    public static Condition publicListing() {
        return L.STATUS.ne(DSL.inline(ListingStatus.DRAFT.name()))
                .and(L.STATUS.ne(DSL.inline(ListingStatus.WITHDRAWN.name())).or(L.ANNOUNCED_AT.isNotNull()));
    }

    /** Filter of the listings page; null fields do not filter. */
    public record Query(List<ListingStatus> statuses, List<ListingMethod> methods, List<String> countyCodes, String mineral, UUID parcelId,
                        OffsetDateTime afterListedAt, UUID afterId, int limit) {
    }

    public Optional<Listing> byId(DSLContext ctx, UUID id, Condition visible) {
        return read(ctx.selectFrom(L).where(L.ID.eq(id).and(visible))).stream().findFirst();
    }

    /** Many listings by id, looked up one by one through the primary key (see {@link ByKeys}). */
    public Map<UUID, Listing> byIds(Collection<UUID> ids, Condition visible) {
        Map<UUID, Listing> out = new LinkedHashMap<>();
        Table<ListingRecord> c = ByKeys.children(DSL.selectFrom(L).where(L.ID.eq(ByKeys.KEY).and(visible)));
        // The lateral table has the listing's columns in the table's order.
        read(dsl.select(c.fields()).from(ByKeys.keys(ids)).crossJoin(c)).forEach(l -> out.put(l.id(), l));
        return out;
    }

    /** The listing, locked until the end of the transaction: transitions of one listing run one at a time. */
    public Optional<Listing> lock(DSLContext tx, UUID id) {
        return read(tx.selectFrom(L).where(L.ID.eq(id)).forUpdate()).stream().findFirst();
    }

    public List<Listing> page(Query q, Condition visible) {
        Condition where = filter(q).and(visible);
        if (q.afterListedAt() != null) {
            where = where.and(DSL.row(L.LISTED_AT, L.ID).lt(q.afterListedAt(), q.afterId()));
        }
        return read(dsl.selectFrom(L).where(where).orderBy(L.LISTED_AT.desc(), L.ID.desc()).limit(q.limit()));
    }

    public long count(Query q, Condition visible) {
        return dsl.fetchCount(L, filter(q).and(visible));
    }

    private static Condition filter(Query q) {
        List<Condition> c = new ArrayList<>();
        if (q.statuses() != null) {
            c.add(L.STATUS.in(q.statuses().stream().map(Enum::name).toList()));
        }
        if (q.methods() != null) {
            c.add(L.METHOD.in(q.methods().stream().map(Enum::name).toList()));
        }
        if (q.parcelId() != null) {
            c.add(L.PARCEL_ID.eq(q.parcelId()));
        }
        if (q.countyCodes() != null) {
            c.add(L.PARCEL_ID.in(DSL.select(MINE_PARCEL.ID).from(MINE_PARCEL).where(MINE_PARCEL.COUNTY_CODE.in(q.countyCodes()))));
        }
        if (q.mineral() != null) {
            c.add(DSL.exists(DSL.selectOne().from(RESERVE).where(RESERVE.PARCEL_ID.eq(L.PARCEL_ID).and(RESERVE.MINERAL.contains(q.mineral())))));
        }
        return DSL.and(c);
    }

    /** Of these layer datasets, those a listing's announce evidence names (the check the announcement relied on). */
    public Set<Long> datasetsInAnnounceEvidence(DSLContext tx, Collection<Long> datasetIds) {
        if (datasetIds.isEmpty()) {
            return Set.of();
        }
        Field<Long> id = DSL.field("({0} -> 'dataset' ->> 'id')::bigint", Long.class, DSL.field(DSL.name("rule", "value")));
        return tx.selectDistinct(id).from(L)
                .crossJoin(DSL.table("jsonb_array_elements({0} -> 'clearance' -> 'report' -> 'rules')", L.ANNOUNCE_EVIDENCE).as("rule"))
                .where(L.ANNOUNCE_EVIDENCE.isNotNull().and(id.in(datasetIds))).fetchSet(id);
    }

    /** A listing as it was at an instant, rebuilt from the change log. */
    public Optional<Listing> byId(UUID id, OffsetDateTime at, Condition visible) {
        return read(dsl.select(L.fields()).from(PastRows.of(L, at, List.of(id))).where(L.ID.eq(id).and(visible)), at).stream().findFirst();
    }

    /** The listings of blocks as they were at an instant, newest first per block. */
    public Map<UUID, List<Listing>> byParcels(Collection<UUID> parcelIds, OffsetDateTime at, Condition visible) {
        Map<UUID, List<Listing>> out = new LinkedHashMap<>();
        read(dsl.select(L.fields()).from(PastRows.byParcel(L, at, parcelIds)).where(visible).orderBy(L.PARCEL_ID, L.CREATED_AT.desc(), L.ID.desc()), at)
                .forEach(l -> out.computeIfAbsent(l.parcelId(), k -> new ArrayList<>()).add(l));
        return out;
    }

    /** Listings of many blocks in one statement, newest first per block, through the index (see {@link ByKeys}). */
    public Map<UUID, List<Listing>> byParcels(Collection<UUID> parcelIds, Condition visible) {
        Map<UUID, List<Listing>> out = new LinkedHashMap<>();
        Table<ListingRecord> c = ByKeys.children(DSL.selectFrom(L).where(L.PARCEL_ID.eq(ByKeys.KEY).and(visible)));
        read(dsl.select(c.fields()).from(ByKeys.keys(parcelIds)).crossJoin(c)
                .orderBy(ByKeys.KEY, c.field(L.CREATED_AT).desc(), c.field(L.ID).desc()))
                .forEach(l -> out.computeIfAbsent(l.parcelId(), k -> new ArrayList<>()).add(l));
        return out;
    }

    public boolean hasOpenListing(DSLContext tx, UUID parcelId) {
        return tx.fetchExists(L, L.PARCEL_ID.eq(parcelId).and(L.STATUS.in(OPEN)));
    }

    public UUID insert(DSLContext tx, ListingRecord values) {
        return tx.insertInto(L).set(values).returning(L.ID).fetchSingle(L.ID);
    }

    /** Writes the changed fields, bumping the version. */
    public void update(DSLContext tx, UUID id, ListingRecord changes) {
        tx.update(L).set(changes)
                .set(L.VERSION, L.VERSION.plus(1))
                .set(L.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(L.ID.eq(id)).execute();
    }

    public Optional<Listing> byOutcomeKey(DSLContext tx, String key) {
        return read(tx.selectFrom(L).where(L.OUTCOME_KEY.eq(key))).stream().findFirst();
    }

    /**
     * Appends to the change feed. Call it last in the write transaction: the counter row stays locked from here to
     * commit, so the next writer takes its number only after this one committed (or rolled back, freeing the number).
     */
    public ListingChange appendChange(DSLContext tx, UUID listingId, ListingChangeKind kind, ListingStatus status, boolean visibleToPublic, String by) {
        long seq = tx.update(LISTING_CHANGE_COUNTER)
                .set(LISTING_CHANGE_COUNTER.LAST_SEQ, LISTING_CHANGE_COUNTER.LAST_SEQ.plus(1))
                .where(LISTING_CHANGE_COUNTER.SINGLETON.isTrue())
                .returning(LISTING_CHANGE_COUNTER.LAST_SEQ)
                .fetchSingle(LISTING_CHANGE_COUNTER.LAST_SEQ);
        return tx.insertInto(LISTING_CHANGE)
                .set(LISTING_CHANGE.SEQ, seq)
                .set(LISTING_CHANGE.LISTING_ID, listingId)
                .set(LISTING_CHANGE.KIND, kind.name())
                .set(LISTING_CHANGE.STATUS, status.name())
                .set(LISTING_CHANGE.PUBLIC, visibleToPublic)
                .set(LISTING_CHANGE.CHANGED_BY, by)
                .returning()
                .fetchSingle(ListingRepository::mapChange);
    }

    /** Every change after {@code seq} (the subscription broadcaster's catch-up; callers' feeds go through changesWithListings). */
    public List<ListingChange> changesAfter(long seq, int limit) {
        return dsl.selectFrom(LISTING_CHANGE).where(LISTING_CHANGE.SEQ.gt(seq)).orderBy(LISTING_CHANGE.SEQ).limit(limit)
                .fetch(ListingRepository::mapChange);
    }

    /** A change of the feed with its listing as the caller may see it now (null when they may not). */
    public record ChangeWithListing(ListingChange change, Listing listing) {
    }

    /** The feed's statement for each visibility and set of listing columns read (null: all), rendered once. */
    private final Map<ChangesKey, RenderedQuery> changeQueries = new ConcurrentHashMap<>();
    private static final int MAX_CHANGE_QUERIES = 256;

    private record ChangesKey(boolean publicOnly, Set<Field<?>> columns) {
    }

    /**
     * Changes after {@code seq} with their listings, in one statement (the listing joined on its primary key).
     * {@code publicOnly}: only public changes, and their listings only where the public may see them (else null).
     * With {@code listingFields} (names of Listing fields), only the columns those read are read and the listings
     * hold null elsewhere: a page written for exactly that selection. Null reads whole listings.
     */
    public List<ChangeWithListing> changesWithListings(long seq, int limit, boolean publicOnly, Set<String> listingFields) {
        Set<Field<?>> needed = ListingFields.LISTING_FIELDS.columns(listingFields, ListingFields.ALWAYS_READ);
        RenderedQuery query = changeQueries.get(new ChangesKey(publicOnly, needed));
        if (query == null) {
            if (changeQueries.size() >= MAX_CHANGE_QUERIES) {
                changeQueries.clear();
            }
            query = changeQueries.computeIfAbsent(new ChangesKey(publicOnly, needed), k -> renderChanges(k.publicOnly(), k.columns()));
        }
        return query.fetch(dsl, Map.of("seq", seq, "limit", limit), rs -> {
            List<ChangeWithListing> out = new ArrayList<>(limit);
            int offset = LISTING_CHANGE.fields().length;
            while (rs.next()) {
                ListingChange change = new ListingChange(rs.getLong(ChangeAt.SEQ), rs.getObject(ChangeAt.LISTING_ID, UUID.class),
                        KINDS.read(rs, ChangeAt.KIND), STATUSES.read(rs, ChangeAt.STATUS), rs.getBoolean(ChangeAt.PUBLIC),
                        rs.getObject(ChangeAt.CHANGED_AT, OffsetDateTime.class), rs.getString(ChangeAt.CHANGED_BY));
                boolean visibleListing = rs.getObject(offset + At.ID) != null;
                out.add(new ChangeWithListing(change, visibleListing ? readListing(rs, offset, null) : null));
            }
            return out;
        });
    }

    /**
     * The feed's statement. Cursor and page size are read through sub-selects so that no plan depends on their
     * values: PostgreSQL then keeps one generic plan for the prepared statement (the same index scan) instead of
     * planning it again for every page, a quarter of its time per page, as it did while a custom plan looked
     * cheaper for each cursor.
     */
    private RenderedQuery renderChanges(boolean publicOnly, Set<Field<?>> needed) {
        Condition where = LISTING_CHANGE.SEQ.gt(DSL.field(DSL.select(DSL.param("seq", SQLDataType.BIGINT))));
        if (publicOnly) {
            where = where.and(DSL.condition(LISTING_CHANGE.PUBLIC));
        }
        List<Field<?>> columns = new ArrayList<>(List.of(LISTING_CHANGE.fields()));
        for (Field<?> column : L.fields()) {
            columns.add(needed == null || needed.contains(column) ? column : DSL.inline(null, column.getDataType()));
        }
        return RenderedQuery.of(dsl, dsl.select(columns).from(LISTING_CHANGE)
                .leftJoin(L).on(L.ID.eq(LISTING_CHANGE.LISTING_ID).and(publicOnly ? publicListing() : DSL.noCondition()))
                .where(where).orderBy(LISTING_CHANGE.SEQ).limit(DSL.field(DSL.select(DSL.param("limit", SQLDataType.INTEGER)))));
    }

    public long lastSeq() {
        return dsl.select(LISTING_CHANGE_COUNTER.LAST_SEQ).from(LISTING_CHANGE_COUNTER).fetchSingle(LISTING_CHANGE_COUNTER.LAST_SEQ);
    }

    private static ListingChange mapChange(Record r) {
        return new ListingChange(r.get(LISTING_CHANGE.SEQ), r.get(LISTING_CHANGE.LISTING_ID), ListingChangeKind.valueOf(r.get(LISTING_CHANGE.KIND)),
                ListingStatus.valueOf(r.get(LISTING_CHANGE.STATUS)), r.get(LISTING_CHANGE.PUBLIC), r.get(LISTING_CHANGE.CHANGED_AT),
                r.get(LISTING_CHANGE.CHANGED_BY));
    }

    /**
     * The listings of a statement whose columns are the listing table's, in its order, read from the driver's rows:
     * jOOQ's records (a converter and binding per value) were a quarter of a change-feed page, and these rows only
     * become Listings.
     */
    private static List<Listing> read(ResultQuery<?> query) {
        return read(query, null);
    }

    private static List<Listing> read(ResultQuery<?> query, OffsetDateTime asOf) {
        List<Listing> out = new ArrayList<>();
        try (ResultSet rs = query.fetchResultSet()) {
            while (rs.next()) {
                out.add(readListing(rs, 0, asOf));
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading listings: " + e.getMessage(), e);
        }
        return out;
    }

    /** The listing whose columns, in the table's order, follow the first {@code offset} columns of the row. */
    private static Listing readListing(ResultSet rs, int offset, OffsetDateTime asOf) throws SQLException {
        String outcomeKey = rs.getString(offset + At.OUTCOME_KEY);
        ListingStatus status = STATUSES.read(rs, offset + At.STATUS);
        Listing.Outcome outcome = outcomeKey == null ? null : new Listing.Outcome(ListingResult.of(status), rs.getBigDecimal(offset + At.FINAL_PRICE),
                rs.getString(offset + At.WINNER_NAME), rs.getString(offset + At.WINNER_CREDIT_CODE), time(rs, offset + At.DECIDED_AT),
                outcomeKey, rs.getString(offset + At.OUTCOME_REPORTED_BY), time(rs, offset + At.OUTCOME_REPORTED_AT));
        return new Listing(rs.getObject(offset + At.ID, UUID.class), rs.getObject(offset + At.PARCEL_ID, UUID.class),
                METHODS.read(rs, offset + At.METHOD), status, rs.getBigDecimal(offset + At.START_PRICE),
                rs.getBigDecimal(offset + At.DEPOSIT), rs.getBigDecimal(offset + At.BID_INCREMENT),
                rs.getObject(offset + At.ANNOUNCEMENT_DATE, LocalDate.class), time(rs, offset + At.BIDDING_START), time(rs, offset + At.BIDDING_END),
                rs.getString(offset + At.CONDITIONS), time(rs, offset + At.ANNOUNCED_AT), rs.getBigDecimal(offset + At.ANNOUNCE_FLOOR),
                rs.getString(offset + At.ANNOUNCE_EVIDENCE), time(rs, offset + At.WITHDRAWN_AT), rs.getString(offset + At.WITHDRAW_REASON),
                outcome, rs.getInt(offset + At.VERSION), rs.getString(offset + At.CREATED_BY), time(rs, offset + At.CREATED_AT),
                time(rs, offset + At.UPDATED_AT), asOf);
    }

    private static OffsetDateTime time(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }
}
