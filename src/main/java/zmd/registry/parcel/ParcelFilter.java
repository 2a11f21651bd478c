package zmd.registry.parcel;

import java.util.List;
import org.jooq.Condition;
import zmd.registry.access.Caller;
import zmd.registry.geo.GeometryInput;

/**
 * Which blocks a list asks for, as sent: every condition given must hold, null ones do not apply. The service checks
 * it (counties known, areas not negative, a real box, a valid geometry) and resolves it into a {@link ParcelQuery}.
 *
 * @param counties GB/T 2260 codes or names
 * @param mineral a mineral name or part of one, matched against the block's reserves; blank is no condition
 * @param statuses {@link MineParcel#status()} values
 * @param nameContains part of the name, any case; blank is no condition
 * @param intersects blocks whose geometry intersects this one
 * @param overlap a condition the protection feature defines (the blocks' overlap verdicts)
 */
public record ParcelFilter(
        List<String> counties,
        String mineral,
        List<String> statuses,
        Double minAreaKm2,
        Double maxAreaKm2,
        String nameContains,
        Bbox bbox,
        GeometryInput intersects,
        Criterion overlap) {

    public static final ParcelFilter NONE = new ParcelFilter(null, null, null, null, null, null, null, null, null);

    /** Longitude and latitude in degrees (EPSG:4490). */
    public record Bbox(double minLon, double minLat, double maxLon, double maxLat) {
    }

    /**
     * A condition on blocks that another feature owns. Built for the caller when the list runs, after the filter's own
     * checks, so the owning feature decides who may use it.
     */
    @FunctionalInterface
    public interface Criterion {
        Condition condition(Caller caller);
    }
}
