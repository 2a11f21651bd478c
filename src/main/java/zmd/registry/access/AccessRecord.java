package zmd.registry.access;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.locationtech.jts.geom.Envelope;

/**
 * What one request has read of the sensitive coordinates, gathered where they are read (fetchers, loaders, the
 * feature reader, the tile renderer) and written to the {@link AccessLog} once, at the end of the request. Loaders
 * may run on other threads than the request's, hence the locking.
 */
public final class AccessRecord {
    /** Details kept at most: a request names few operations, collections or tiles; the log is not a trace. */
    private static final int MAX_DETAILS = 16;
    static final int STORAGE_SRID = 4490;
    static final int PROJECTED_SRID = 4547;

    private final Set<UUID> plannedBlocks = new TreeSet<>();
    private final Set<String> layers = new TreeSet<>();
    private final Set<String> details = new LinkedHashSet<>();
    /** Where the layer features read lie: in EPSG:4490, and in EPSG:4547 (overlap checks work there). */
    private Envelope extent;
    private Envelope projectedExtent;

    /** Blocks whose status is PLANNED and whose coordinates (in any form) are in the answer. */
    public synchronized void plannedBlocks(Collection<UUID> ids) {
        plannedBlocks.addAll(ids);
    }

    /**
     * Features of a protected layer (a {@code LayerCode} name) in the answer, lying within {@code where}, in EPSG:4490
     * or EPSG:4547 ({@code srid}); null when not known.
     */
    public synchronized void layer(String code, Envelope where, int srid) {
        layers.add(code);
        if (where == null || where.isNull()) {
            return;
        }
        if (srid == PROJECTED_SRID) {
            projectedExtent = grown(projectedExtent, where);
        } else if (srid == STORAGE_SRID) {
            extent = grown(extent, where);
        } else {
            throw new IllegalArgumentException("an extent in EPSG:" + srid);
        }
    }

    private static Envelope grown(Envelope e, Envelope by) {
        Envelope out = e == null ? new Envelope(by) : e;
        out.expandToInclude(by);
        return out;
    }

    /** What was asked, in words an auditor reads: the operation, the collection, the tile. */
    public synchronized void detail(String what) {
        if (what != null && details.size() < MAX_DETAILS) {
            details.add(what);
        }
    }

    synchronized boolean isEmpty() {
        return plannedBlocks.isEmpty() && layers.isEmpty();
    }

    /** What was read, for one access-log entry. */
    record Snapshot(UUID[] plannedBlocks, String[] layers, Envelope extent, Envelope projectedExtent, String details) {
    }

    /**
     * What was read since the last call, and forgotten: a subscription's events are recorded one entry each, on the
     * record of the operation that streams them.
     */
    synchronized Snapshot drain() {
        Snapshot s = new Snapshot(plannedBlocks.toArray(UUID[]::new), layers.toArray(String[]::new), extent, projectedExtent,
                details.isEmpty() ? null : String.join("; ", details));
        plannedBlocks.clear();
        layers.clear();
        details.clear();
        extent = null;
        projectedExtent = null;
        return s;
    }
}
