package zmd.registry.access;

import static zmd.registry.db.generated.Tables.ACCESS_LOG;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.core.Cursors;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.Page;
import zmd.registry.core.PageRequest;
import zmd.registry.core.RegistryException;
import zmd.registry.db.ReadRoute;
import zmd.registry.db.RequestBudget;
import zmd.registry.geo.Spatial;
import zmd.registry.graphql.Errors;

/**
 * The access log (访问日志): one row per request that returned sensitive coordinates, written in the request's flow
 * once its answer is ready and before it is sent. A read that cannot be recorded is not served
 * (ACCESS_NOT_RECORDED): the log is the evidence of who saw planned blocks and protected land, and a gap in it
 * would be silent. Read by auditors only, newest first.
 */
public final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    private static final zmd.registry.db.generated.tables.AccessLog A = ACCESS_LOG;
    public static final PageRequest.Sizes PAGE_SIZES = new PageRequest.Sizes(50, 1, 200);
    private static final String CURSOR_TAG = "access";

    private static final int MAX_BATCH = 200;

    private final DSLContext dsl;
    /** Entries waiting to be written, and the lock of whoever writes them (see record). */
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();

    public AccessLog(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One recorded request. {@code extent} is west, south, east, north in EPSG:4490, or null. */
    public record Entry(long id, OffsetDateTime at, UUID keyId, String callerName, Role role, String requestId, AccessProtocol protocol,
                        List<UUID> parcelIds, List<String> layers, List<Double> extent, String detail) {
    }

    /** What an auditor looks for; every part may be null. */
    public record Filter(UUID parcelId, UUID keyId, AccessProtocol protocol, OffsetDateTime from, OffsetDateTime to) {
    }

    /** Writes what the caller's request read, if it read anything sensitive. */
    public void record(Caller caller, AccessProtocol protocol) {
        record(caller, protocol, () -> null);
    }

    /**
     * The same, naming what was asked by {@code detail}, which is only worked out when there is something to record.
     * Returns once the entry is committed. Concurrent requests' entries are written together (group commit): while
     * one request writes, those that arrive queue up, and the next to hold the lock writes all of them in one INSERT
     * and one commit, so a busy map (every staff extent with a PLANNED block in it is recorded) pays one round trip
     * and one commit per batch, not per request.
     */
    public void record(Caller caller, AccessProtocol protocol, Supplier<String> detail) {
        AccessRecord reads = caller.reads();
        if (reads == null || reads.isEmpty()) {
            return;
        }
        reads.detail(detail.get());
        AccessRecord.Snapshot read = reads.drain();
        Pending mine = new Pending(caller, protocol, read, extent(read.extent(), read.projectedExtent()));
        queue.add(mine);
        writing.lock();
        try {
            while (!mine.done) {
                List<Pending> batch = new ArrayList<>();
                for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) {
                    batch.add(p);
                }
                // On the primary, also when the request read from a replica; outside this request's budget, as the
                // batch holds other requests' entries.
                RequestBudget.outside(() -> ReadRoute.onPrimary(() -> write(batch)));
            }
        } finally {
            writing.unlock();
        }
        if (mine.failure != null) {
            throw refused(caller, mine.failure);
        }
    }

    /** An entry waiting to be written; {@code done} and {@code failure} are set under {@link #writing}. */
    private static final class Pending {
        final Caller caller;
        final AccessProtocol protocol;
        final AccessRecord.Snapshot read;
        final Field<Geometry> extent;
        boolean done;
        RuntimeException failure;

        Pending(Caller caller, AccessProtocol protocol, AccessRecord.Snapshot read, Field<Geometry> extent) {
            this.caller = caller;
            this.protocol = protocol;
            this.read = read;
            this.extent = extent;
        }
    }

    /** Writes a batch in one INSERT; if that fails, each entry alone, so that one bad entry fails only its request. */
    private Void write(List<Pending> batch) {
        try {
            insert(batch);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).failure = e;
            } else {
                for (Pending p : batch) {
                    try {
                        insert(List.of(p));
                    } catch (RuntimeException single) {
                        p.failure = single;
                    }
                }
            }
        }
        batch.forEach(p -> p.done = true);
        return null;
    }

    private void insert(List<Pending> batch) {
        var step = dsl.insertInto(A, A.KEY_ID, A.CALLER_NAME, A.ROLE, A.REQUEST_ID, A.PROTOCOL, A.PARCEL_IDS, A.LAYERS, A.EXTENT, A.DETAIL)
                .values(values(batch.get(0)));
        for (Pending p : batch.subList(1, batch.size())) {
            step = step.values(values(p));
        }
        step.execute();
    }

    private static List<Field<?>> values(Pending p) {
        return List.of(DSL.val(p.caller.keyId(), A.KEY_ID), DSL.val(p.caller.name(), A.CALLER_NAME), DSL.val(p.caller.role().name(), A.ROLE),
                DSL.val(p.caller.requestId(), A.REQUEST_ID), DSL.val(p.protocol.name(), A.PROTOCOL), DSL.val(p.read.plannedBlocks(), A.PARCEL_IDS),
                DSL.val(p.read.layers(), A.LAYERS), p.extent, DSL.val(p.read.details(), A.DETAIL));
    }

    private static RegistryException refused(Caller caller, RuntimeException ex) {
        LOG.error("access of request {} by {} not recorded", caller.requestId(), caller.name(), ex);
        // A database that is down or a request out of time keeps its own code (both 503, retry later), as every read's.
        RegistryException db = Errors.fromDatabase(ex);
        boolean unavailable = db != null && (db.code() == ErrorCode.DATABASE_UNAVAILABLE || db.code() == ErrorCode.TIMEOUT);
        if (unavailable) {
            return new RegistryException(db.code(), "the answer was withheld, as its reading could not be recorded in the access log "
                    + "(访问日志): " + db.getMessage());
        }
        return new RegistryException(ErrorCode.ACCESS_NOT_RECORDED, "the answer holds coordinates of planned blocks or protected layers, "
                + "whose every reading is recorded in the access log (访问日志), and recording it failed: the answer was withheld; retry shortly");
    }

    /** The box of both extents in EPSG:4490 (a projected one moved there by PostGIS, in the INSERT itself). */
    private static Field<Geometry> extent(Envelope storage, Envelope projected) {
        Field<Geometry> a = storage == null ? null : box(storage, AccessRecord.STORAGE_SRID);
        Field<Geometry> b = projected == null ? null
                : Spatial.envelopeOf(Spatial.transform(box(projected, AccessRecord.PROJECTED_SRID), AccessRecord.STORAGE_SRID));
        if (a == null || b == null) {
            return a != null ? a : b != null ? b : DSL.castNull(A.EXTENT);
        }
        return Spatial.envelopeOf(Spatial.collect(a, b));
    }

    private static Field<Geometry> box(Envelope e, int srid) {
        return Spatial.envelope(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY(), srid);
    }

    /**
     * A page of the log, newest first, for an auditor. The arguments are read after the caller is checked, so that
     * others are refused as such whatever they sent.
     */
    public Page<Entry> page(Caller caller, Supplier<Filter> filter, Supplier<PageRequest> requested) {
        caller.requireAuditor("reading the access log (访问日志)");
        PageRequest request = requested.get();
        Condition where = conditions(filter.get());
        Condition page = where;
        if (request.after() != null) {
            List<?> cursor = Cursors.decode(request.after(), "after");
            if (cursor.size() != 2 || !CURSOR_TAG.equals(cursor.get(0)) || !(cursor.get(1) instanceof Number n)) {
                throw RegistryException.badInput("after", "after is not a cursor of the access log");
            }
            page = page.and(A.ID.lt(n.longValue()));
        }
        Field<Geometry> x = A.EXTENT;
        List<Entry> rows = new ArrayList<>();
        for (Record r : dsl.select(A.ID, A.AT, A.KEY_ID, A.CALLER_NAME, A.ROLE, A.REQUEST_ID, A.PROTOCOL, A.PARCEL_IDS, A.LAYERS, A.DETAIL,
                        Spatial.xMin(x), Spatial.yMin(x), Spatial.xMax(x), Spatial.yMax(x))
                .from(A).where(page).orderBy(A.ID.desc()).limit(request.fetch()).fetch()) {
            List<Double> extent = r.get(10) == null ? null
                    : List.of(r.get(10, Double.class), r.get(11, Double.class), r.get(12, Double.class), r.get(13, Double.class));
            rows.add(new Entry(r.get(A.ID), r.get(A.AT), r.get(A.KEY_ID), r.get(A.CALLER_NAME), Role.valueOf(r.get(A.ROLE)),
                    r.get(A.REQUEST_ID), AccessProtocol.valueOf(r.get(A.PROTOCOL)), Arrays.asList(r.get(A.PARCEL_IDS)),
                    Arrays.asList(r.get(A.LAYERS)), extent, r.get(A.DETAIL)));
        }
        return request.page(rows, e -> Cursors.encode(CURSOR_TAG, e.id()), () -> dsl.fetchCount(A, where));
    }

    private static Condition conditions(Filter f) {
        Condition c = DSL.noCondition();
        if (f.parcelId() != null) {
            c = c.and(A.PARCEL_IDS.contains(new UUID[] {f.parcelId()}));
        }
        if (f.keyId() != null) {
            c = c.and(A.KEY_ID.eq(f.keyId()));
        }
        if (f.protocol() != null) {
            c = c.and(A.PROTOCOL.eq(f.protocol().name()));
        }
        if (f.from() != null && f.to() != null && f.from().isAfter(f.to())) {
            throw RegistryException.badInput("filter.from", "filter.from is later than filter.to");
        }
        if (f.from() != null) {
            c = c.and(A.AT.ge(f.from()));
        }
        if (f.to() != null) {
            c = c.and(A.AT.lt(f.to()));
        }
        return c;
    }
}
