package zmd.registry.parcel;

import static zmd.registry.db.generated.Tables.MINE_PARCEL;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.access.Caller;
import zmd.registry.core.Cursors;
import zmd.registry.core.Page;
import zmd.registry.core.PageRequest;
import zmd.registry.core.RegistryException;
import zmd.registry.county.CountyRepository;
import zmd.registry.db.PastRows;
import zmd.registry.geo.GeometryInputParser;

/**
 * Reading the register of mining-right blocks: who may see which block, and the filtered, ordered list. Registering
 * and changing blocks is {@link ParcelEdits}.
 */
public final class ParcelService {
    public static final PageRequest.Sizes PAGE_SIZES = new PageRequest.Sizes(50, 0, 200);

    private final ParcelRepository parcels;
    private final CountyRepository counties;
    /** The instant read, or null for the register now. */
    private final OffsetDateTime asOf;

    public ParcelService(ParcelRepository parcels, CountyRepository counties) {
        this(parcels, counties, null);
    }

    private ParcelService(ParcelRepository parcels, CountyRepository counties, OffsetDateTime asOf) {
        this.parcels = parcels;
        this.counties = counties;
        this.asOf = asOf;
    }

    /**
     * The register as it was at an instant (up to now): the same reads, of every block as its last change at or before
     * then left it, with its reserves and capacities of then. A caller who is not staff sees a block only if it was
     * public then and is not PLANNED now (a block planned again may be offered again within the same boundary).
     */
    public ParcelService asOf(OffsetDateTime at) {
        if (at == null) {
            return this;
        }
        PastRows.recorded(parcels.dsl(), at, "asOf");
        return new ParcelService(parcels.asOf(at), counties, at);
    }

    /** Planned blocks are internal until offered: only staff see them. Applied to every read. */
    public static Condition visibleTo(Caller caller) {
        return caller.isStaff() ? DSL.trueCondition() : MINE_PARCEL.STATUS.ne(ParcelStatus.PLANNED.name());
    }

    private Condition visible(Caller caller) {
        return asOf == null || caller.isStaff() ? visibleTo(caller) : visibleTo(caller).andNot(ParcelRepository.plannedNow());
    }

    public Optional<MineParcel> get(Caller caller, String id) {
        return parcels.byId(RegistryException.parseId(id, "id"), visible(caller));
    }

    public Optional<MineParcel> byCode(Caller caller, String code) {
        return parcels.byCode(code, visible(caller));
    }

    public Map<UUID, MineParcel> visibleByIds(Caller caller, Collection<UUID> ids) {
        return visibleByIds(caller, ids, null);
    }

    /** The same, reading only the columns the named fields need (the others come back null). */
    public Map<UUID, MineParcel> visibleByIds(Caller caller, Collection<UUID> ids, Set<String> fields) {
        return parcels.byIds(ids, visible(caller), fields);
    }

    /** Blocks' geometry in one shape, for a caller: coordinates of PLANNED blocks are recorded on its request. */
    public Map<UUID, Object> geometries(Caller caller, Collection<UUID> ids, GeometryRequest request) {
        ParcelRepository.Shapes shapes = parcels.geometries(ids, request);
        caller.readPlannedBlocks(shapes.planned());
        return shapes.byId();
    }

    /** A page of blocks and the GeoJSON read with it (to prime the geometry loader). */
    public record ListResult(Page<MineParcel> page, Map<GeometryRequest, Map<UUID, Object>> geometries) {
    }

    public ListResult list(Caller caller, ParcelFilter filter, ParcelQuery.Order order, PageRequest request, ParcelSelection selection) {
        ParcelQuery q = query(caller, filter, order, request);
        Condition visible = visible(caller);
        ParcelRepository.Page result = parcels.page(q, visible, selection);
        Page<MineParcel> page = request.page(result.rows(), p -> Cursors.encode(ParcelRepository.cursorValues(q.order(), p)),
                () -> parcels.count(q, visible));
        // The row read to learn whether a next page exists is not in the answer.
        caller.readPlannedBlocks(page.items().stream().map(MineParcel::id).filter(result.planned()::contains).toList());
        return new ListResult(page, result.geometries());
    }

    ParcelQuery query(Caller caller, ParcelFilter f, ParcelQuery.Order order, PageRequest request) {
        List<?> cursor = null;
        if (request.after() != null) {
            cursor = Cursors.decode(request.after(), "after");
            if (cursor.size() != 3 || !order.name().equals(cursor.get(0))) {
                throw RegistryException.badInput("after", "the cursor belongs to another ordering than " + order);
            }
            if (!ParcelRepository.fits(order, cursor)) {
                throw RegistryException.badInput("after", "after is not a cursor returned by this API");
            }
        }
        List<String> countyCodes = null;
        if (f.counties() != null) {
            countyCodes = f.counties().stream().map(n -> counties.named(n, "filter.county").code()).toList();
        }
        Double minArea = area(f.minAreaKm2(), "filter.minAreaKm2");
        Double maxArea = area(f.maxAreaKm2(), "filter.maxAreaKm2");
        if (minArea != null && maxArea != null && minArea > maxArea) {
            throw RegistryException.badInput("filter", "filter.minAreaKm2 is larger than filter.maxAreaKm2");
        }
        double[] bbox = null;
        if (f.bbox() != null) {
            bbox = new double[] {f.bbox().minLon(), f.bbox().minLat(), f.bbox().maxLon(), f.bbox().maxLat()};
            if (bbox[0] >= bbox[2] || bbox[1] >= bbox[3]) {
                throw RegistryException.badInput("filter.bbox", "filter.bbox needs minLon < maxLon and minLat < maxLat");
            }
            if (Math.abs(bbox[0]) > 180 || Math.abs(bbox[2]) > 180 || Math.abs(bbox[1]) > 90 || Math.abs(bbox[3]) > 90) {
                throw RegistryException.badInput("filter.bbox", "filter.bbox is longitude/latitude in degrees");
            }
        }
        Geometry intersects = f.intersects() == null ? null : GeometryInputParser.parse(f.intersects()).geometry();
        String mineral = blankToNull(f.mineral());
        String name = blankToNull(f.nameContains());
        if (asOf != null && f.overlap() != null) {
            throw RegistryException.badInput("filter.overlap", "filter.overlap checks the layers current now and cannot be combined with asOf; "
                    + "check a block as of then with overlapCheck(parcelId, asOf)");
        }
        Condition overlap = f.overlap() == null ? null : f.overlap().condition(caller);
        return new ParcelQuery(countyCodes, mineral, f.statuses(), minArea, maxArea, name, bbox, intersects, overlap, order, request.first(), cursor);
    }

    private static Double area(Double km2, String field) {
        if (km2 == null) {
            return null;
        }
        double v = km2;
        if (v < 0 || !Double.isFinite(v)) {
            throw RegistryException.badInput(field, field + " must not be negative, got " + v);
        }
        return v * 1_000_000;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public boolean registerIsEmpty() {
        return parcels.isEmpty();
    }
}
