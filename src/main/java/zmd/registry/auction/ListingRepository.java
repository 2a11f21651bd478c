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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.TableField;
import org.jooq.exception.DataAccessException;
import org.jooq.Table;
import org.jooq.impl.DSL;
import zmd.registry.db.ByKeys;
import zmd.registry.db.generated.tables.records.ListingRecord;

/** SQL for listings, the status of their blocks, and the change feed. */
public final class ListingRepository {
    private static final zmd.registry.db.generated.tables.Listing L = LISTING;

    private final DSLContext dsl;

    public ListingRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** Platforms and the public: announced or later, and a withdrawn listing only if it had been announced. */
    public static Condition publicListing() {
        return L.STATUS.ne(ListingStatus.DRAFT.name())
                .and(L.STATUS.ne(ListingStatus.WITHDRAWN.name()).or(L.ANNOUNCED_AT.isNotNull()));
    }

    /** Filter of the listings page; null fields do not filter. */
    public record Query(List<String> statuses, List<String> methods, List<String> countyCodes, String mineral, UUID parcelId,
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
            c.add(L.STATUS.in(q.statuses()));
        }
        if (q.methods() != null) {
            c.add(L.METHOD.in(q.methods()));
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
        return tx.fetchExists(L, L.PARCEL_ID.eq(parcelId).and(L.STATUS.in("DRAFT", "ANNOUNCED", "BIDDING")));
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

    /** A block's status and version, as seen by the listing lifecycle. */
    public record ParcelState(UUID id, String status, int version) {
    }

    public Optional<ParcelState> parcelState(DSLContext ctx, UUID parcelId) {
        return ctx.select(MINE_PARCEL.ID, MINE_PARCEL.STATUS, MINE_PARCEL.VERSION).from(MINE_PARCEL).where(MINE_PARCEL.ID.eq(parcelId))
                .fetchOptional(r -> new ParcelState(r.value1(), r.value2(), r.value3()));
    }

    /**
     * Locks the block's row against concurrent edits until commit. FOR NO KEY UPDATE, not FOR UPDATE: rows elsewhere
     * that reference the block (reserves, check reports) can still be written meanwhile.
     */
    public ParcelState lockParcel(DSLContext tx, UUID parcelId) {
        return tx.select(MINE_PARCEL.ID, MINE_PARCEL.STATUS, MINE_PARCEL.VERSION).from(MINE_PARCEL).where(MINE_PARCEL.ID.eq(parcelId))
                .forNoKeyUpdate().fetchSingle(r -> new ParcelState(r.value1(), r.value2(), r.value3()));
    }

    /**
     * Keeps the block's status in step with its listing, in the listing's transaction. The version is bumped so
     * that a staff edit based on the old version gets CONFLICT instead of writing the old status back.
     */
    public void setParcelStatus(DSLContext tx, UUID parcelId, String status) {
        tx.update(MINE_PARCEL)
                .set(MINE_PARCEL.STATUS, status)
                .set(MINE_PARCEL.VERSION, MINE_PARCEL.VERSION.plus(1))
                .set(MINE_PARCEL.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(MINE_PARCEL.ID.eq(parcelId).and(MINE_PARCEL.STATUS.ne(status)))
                .execute();
    }

    /**
     * Appends to the change feed. Call it last in the write transaction: the counter row stays locked from here to
     * commit, so the next writer takes its number only after this one committed (or rolled back, freeing the number).
     */
    public ListingChange appendChange(DSLContext tx, UUID listingId, String kind, ListingStatus status, boolean visibleToPublic, String by) {
        long seq = tx.update(LISTING_CHANGE_COUNTER)
                .set(LISTING_CHANGE_COUNTER.LAST_SEQ, LISTING_CHANGE_COUNTER.LAST_SEQ.plus(1))
                .where(LISTING_CHANGE_COUNTER.SINGLETON.isTrue())
                .returning(LISTING_CHANGE_COUNTER.LAST_SEQ)
                .fetchSingle(LISTING_CHANGE_COUNTER.LAST_SEQ);
        return tx.insertInto(LISTING_CHANGE)
                .set(LISTING_CHANGE.SEQ, seq)
                .set(LISTING_CHANGE.LISTING_ID, listingId)
                .set(LISTING_CHANGE.KIND, kind)
                .set(LISTING_CHANGE.STATUS, status.name())
                .set(LISTING_CHANGE.PUBLIC, visibleToPublic)
                .set(LISTING_CHANGE.CHANGED_BY, by)
                .returning()
                .fetchSingle(ListingRepository::mapChange);
    }

    /** Committed changes after {@code seq}, in seq order; {@code publicOnly} for platforms and the public. */
    /** Every change after {@code seq} (the subscription broadcaster's catch-up; callers' feeds go through changesWithListings). */
    public List<ListingChange> changesAfter(long seq, int limit) {
        return dsl.selectFrom(LISTING_CHANGE).where(LISTING_CHANGE.SEQ.gt(seq)).orderBy(LISTING_CHANGE.SEQ).limit(limit)
                .fetch(ListingRepository::mapChange);
    }

    /** A change of the feed with its listing as the caller may see it now (null when they may not). */
    public record ChangeWithListing(ListingChange change, Listing listing) {
    }

    /** Changes after {@code seq} with their listings, in one statement (the listing joined on its primary key). */
    public List<ChangeWithListing> changesWithListings(long seq, int limit, boolean publicOnly, Condition visible) {
        Condition where = LISTING_CHANGE.SEQ.gt(seq);
        if (publicOnly) {
            where = where.and(LISTING_CHANGE.PUBLIC.isTrue());
        }
        List<Field<?>> columns = new ArrayList<>(List.of(LISTING_CHANGE.fields()));
        int offset = columns.size();
        columns.addAll(List.of(L.fields()));
        List<ChangeWithListing> out = new ArrayList<>();
        try (ResultSet rs = dsl.select(columns).from(LISTING_CHANGE).leftJoin(L).on(L.ID.eq(LISTING_CHANGE.LISTING_ID).and(visible))
                .where(where).orderBy(LISTING_CHANGE.SEQ).limit(limit).fetchResultSet()) {
            while (rs.next()) {
                ListingChange change = new ListingChange(rs.getLong(change(LISTING_CHANGE.SEQ)), rs.getObject(change(LISTING_CHANGE.LISTING_ID), UUID.class),
                        rs.getString(change(LISTING_CHANGE.KIND)), ListingStatus.valueOf(rs.getString(change(LISTING_CHANGE.STATUS))),
                        rs.getBoolean(change(LISTING_CHANGE.PUBLIC)), rs.getObject(change(LISTING_CHANGE.CHANGED_AT), OffsetDateTime.class),
                        rs.getString(change(LISTING_CHANGE.CHANGED_BY)));
                boolean visibleListing = rs.getObject(at(L.ID, offset)) != null;
                out.add(new ChangeWithListing(change, visibleListing ? readListing(rs, offset) : null));
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading listing changes: " + e.getMessage(), e);
        }
        return out;
    }

    private static int change(TableField<?, ?> column) {
        return LISTING_CHANGE.indexOf(column) + 1;
    }

    public long lastSeq() {
        return dsl.select(LISTING_CHANGE_COUNTER.LAST_SEQ).from(LISTING_CHANGE_COUNTER).fetchSingle(LISTING_CHANGE_COUNTER.LAST_SEQ);
    }

    private static ListingChange mapChange(Record r) {
        return new ListingChange(r.get(LISTING_CHANGE.SEQ), r.get(LISTING_CHANGE.LISTING_ID), r.get(LISTING_CHANGE.KIND),
                ListingStatus.valueOf(r.get(LISTING_CHANGE.STATUS)), r.get(LISTING_CHANGE.PUBLIC), r.get(LISTING_CHANGE.CHANGED_AT),
                r.get(LISTING_CHANGE.CHANGED_BY));
    }

    /**
     * The listings of a statement whose columns are the listing table's, in its order, read from the driver's rows:
     * jOOQ's records (a converter and binding per value) were a quarter of a change-feed page, and these rows only
     * become Listings.
     */
    private static List<Listing> read(ResultQuery<?> query) {
        List<Listing> out = new ArrayList<>();
        try (ResultSet rs = query.fetchResultSet()) {
            while (rs.next()) {
                out.add(readListing(rs, 0));
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading listings: " + e.getMessage(), e);
        }
        return out;
    }

    /** The listing whose columns, in the table's order, follow the first {@code offset} columns of the row. */
    private static Listing readListing(ResultSet rs, int offset) throws SQLException {
        String outcomeKey = rs.getString(at(L.OUTCOME_KEY, offset));
        String status = rs.getString(at(L.STATUS, offset));
        Listing.Outcome outcome = outcomeKey == null ? null : new Listing.Outcome(status, rs.getBigDecimal(at(L.FINAL_PRICE, offset)),
                rs.getString(at(L.WINNER_NAME, offset)), rs.getString(at(L.WINNER_CREDIT_CODE, offset)), time(rs, L.DECIDED_AT, offset),
                outcomeKey, rs.getString(at(L.OUTCOME_REPORTED_BY, offset)), time(rs, L.OUTCOME_REPORTED_AT, offset));
        return new Listing(rs.getObject(at(L.ID, offset), UUID.class), rs.getObject(at(L.PARCEL_ID, offset), UUID.class),
                rs.getString(at(L.METHOD, offset)), ListingStatus.valueOf(status), rs.getBigDecimal(at(L.START_PRICE, offset)),
                rs.getBigDecimal(at(L.DEPOSIT, offset)), rs.getBigDecimal(at(L.BID_INCREMENT, offset)),
                rs.getObject(at(L.ANNOUNCEMENT_DATE, offset), LocalDate.class), time(rs, L.BIDDING_START, offset), time(rs, L.BIDDING_END, offset),
                rs.getString(at(L.CONDITIONS, offset)), time(rs, L.ANNOUNCED_AT, offset), rs.getBigDecimal(at(L.ANNOUNCE_FLOOR, offset)),
                rs.getString(at(L.ANNOUNCE_EVIDENCE, offset)), time(rs, L.WITHDRAWN_AT, offset), rs.getString(at(L.WITHDRAW_REASON, offset)),
                outcome, rs.getInt(at(L.VERSION, offset)), rs.getString(at(L.CREATED_BY, offset)), time(rs, L.CREATED_AT, offset),
                time(rs, L.UPDATED_AT, offset));
    }

    /** The JDBC column number of a listing column when the table's columns follow {@code offset} others. */
    private static int at(TableField<ListingRecord, ?> column, int offset) {
        return offset + L.indexOf(column) + 1;
    }

    private static OffsetDateTime time(ResultSet rs, TableField<ListingRecord, OffsetDateTime> column, int offset) throws SQLException {
        return rs.getObject(at(column, offset), OffsetDateTime.class);
    }
}
