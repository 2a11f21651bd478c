package zmd.registry.access;

import static zmd.registry.db.generated.Tables.ACCESS_LOG;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
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

    private final DSLContext dsl;

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

    /** Writes what the caller's request read, if it read anything sensitive; one INSERT. */
    public void record(Caller caller, AccessProtocol protocol) {
        record(caller, protocol, () -> null);
    }

    /** The same, naming what was asked by {@code detail}, which is only worked out when there is something to record. */
    public void record(Caller caller, AccessProtocol protocol, Supplier<String> detail) {
        AccessRecord reads = caller.reads();
        if (reads == null || reads.isEmpty()) {
            return;
        }
        reads.detail(detail.get());
        AccessRecord.Snapshot read = reads.drain();
        Field<Geometry> extent = extent(read.extent(), read.projectedExtent());
        try {
            // On the primary, also when the request read from a replica.
            zmd.registry.db.ReadRoute.onPrimary(() -> dsl.insertInto(A)
                    .set(A.KEY_ID, caller.keyId())
                    .set(A.CALLER_NAME, caller.name())
                    .set(A.ROLE, caller.role().name())
                    .set(A.REQUEST_ID, caller.requestId())
                    .set(A.PROTOCOL, protocol.name())
                    .set(A.PARCEL_IDS, read.plannedBlocks())
                    .set(A.LAYERS, read.layers())
                    .set(A.EXTENT, extent)
                    .set(A.DETAIL, read.details())
                    .execute());
        } catch (RuntimeException ex) {
            LOG.error("access of request {} by {} not recorded", caller.requestId(), caller.name(), ex);
            // A database that is down or a request out of time keeps its own code (both 503, retry later), as every read's.
            RegistryException db = Errors.fromDatabase(ex);
            boolean unavailable = db != null && (db.code() == ErrorCode.DATABASE_UNAVAILABLE || db.code() == ErrorCode.TIMEOUT);
            if (unavailable) {
                throw new RegistryException(db.code(), "the answer was withheld, as its reading could not be recorded in the access log "
                        + "(访问日志): " + db.getMessage());
            }
            throw new RegistryException(ErrorCode.ACCESS_NOT_RECORDED, "the answer holds coordinates of planned blocks or protected layers, "
                    + "whose every reading is recorded in the access log (访问日志), and recording it failed: the answer was withheld; retry shortly");
        }
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
