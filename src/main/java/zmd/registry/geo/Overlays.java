package zmd.registry.geo;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.TopologyException;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;

/**
 * Polygon overlays in a planar CRS that never fail on awkward input: JTS's robust overlay first (it already
 * retries with snapping), then the same on repaired input, and last snap-rounded to 1 mm.
 */
public final class Overlays {
    /** 1 mm in a metric CRS: far below what corner coordinates are surveyed to. */
    private static final PrecisionModel MILLIMETRE = new PrecisionModel(1000);

    private Overlays() {
    }

    public static Geometry intersection(Geometry a, Geometry b) {
        return overlay(a, b, OverlayNG.INTERSECTION);
    }

    public static Geometry difference(Geometry a, Geometry b) {
        return overlay(a, b, OverlayNG.DIFFERENCE);
    }

    public static Geometry union(Geometry collection) {
        try {
            return OverlayNGRobust.union(collection);
        } catch (TopologyException e) {
            try {
                return OverlayNGRobust.union(GeometryFixer.fix(collection));
            } catch (TopologyException again) {
                return UnaryUnionNG.union(collection, MILLIMETRE);
            }
        }
    }

    private static Geometry overlay(Geometry a, Geometry b, int op) {
        try {
            return OverlayNGRobust.overlay(a, b, op);
        } catch (TopologyException e) {
            try {
                return OverlayNGRobust.overlay(GeometryFixer.fix(a), GeometryFixer.fix(b), op);
            } catch (TopologyException again) {
                return OverlayNG.overlay(a, b, op, MILLIMETRE);
            }
        }
    }
}
