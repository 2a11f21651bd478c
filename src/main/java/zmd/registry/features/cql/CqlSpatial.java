package zmd.registry.features.cql;

import java.math.BigDecimal;
import java.math.MathContext;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import zmd.registry.geo.Crs;
import zmd.registry.geo.Spatial;

/**
 * The spatial SQL of CQL2's S_ functions, as typed jOOQ (the registry's rule: no spatial SQL strings), and the
 * geometry literals they compare: axes put in x/y order, checked against the filter CRS, bound as EWKB and
 * transformed to the storage CRS in the database.
 */
final class CqlSpatial {
    private CqlSpatial() {
    }

    static Condition predicate(CqlExpr.SpatialOp op, Field<Geometry> a, Field<Geometry> b) {
        String function = switch (op) {
            case S_INTERSECTS -> "ST_Intersects";
            case S_EQUALS -> "ST_Equals";
            case S_DISJOINT -> "ST_Disjoint";
            case S_TOUCHES -> "ST_Touches";
            case S_WITHIN -> "ST_Within";
            case S_OVERLAPS -> "ST_Overlaps";
            case S_CROSSES -> "ST_Crosses";
            case S_CONTAINS -> "ST_Contains";
        };
        return DSL.condition(DSL.function(function, SQLDataType.BOOLEAN, a, b));
    }

    /** A WKT or GeoJSON literal as a bound value in the storage CRS; {@code label} names it in messages. */
    static Field<Geometry> literal(Geometry sent, int filterSrid, boolean swapAxes, String label) {
        TopologyValidationError invalid = new IsValidOp(sent).getValidationError();
        if (invalid != null) {
            Coordinate c = invalid.getCoordinate();
            throw CqlLimits.refuse(label + " is not a valid geometry: " + invalid.getMessage()
                    + (c == null ? "" : " at or near (" + shown(c.getX()) + " " + shown(c.getY()) + ")"));
        }
        // A copy: the parsed filter stays as sent and may be translated again in another CRS.
        Geometry g = sent.copy();
        if (swapAxes) {
            g.apply(SWAP);
        }
        checkRange(g.getEnvelopeInternal(), filterSrid, label);
        g.setSRID(filterSrid);
        Field<Geometry> value = Spatial.value(g);
        return filterSrid == Crs.STORAGE_SRID ? value : Spatial.transform(value, Crs.STORAGE_SRID);
    }

    /** A coordinate JTS computed, without the binary noise of its last digits (114.00999999999999). */
    private static String shown(double v) {
        return new BigDecimal(v).round(new MathContext(12)).stripTrailingZeros().toPlainString();
    }

    static Field<Geometry> bbox(CqlExpr.BboxLiteral box, int filterSrid, boolean swapAxes) {
        // A degenerate box becomes a point or a line rather than an invalid zero-area polygon.
        Geometry g = CqlGeometries.FACTORY.toGeometry(new Envelope(box.minX(), box.maxX(), box.minY(), box.maxY()));
        return literal(g, filterSrid, swapAxes, "the BBOX");
    }

    /**
     * Refuses coordinates outside the filter CRS's domain: PostGIS would fail to transform them, which would be a
     * server error on a caller's mistake (most often latitude and longitude in the wrong order).
     */
    private static void checkRange(Envelope e, int srid, String label) {
        if (e.isNull()) {
            return;
        }
        String domain = zmd.registry.features.FeatureCrs.outsideDomain(srid, e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY());
        if (domain != null) {
            throw CqlLimits.refuse(label + " lies outside EPSG:" + srid + " (" + domain + "; envelope "
                    + e.getMinX() + " " + e.getMinY() + ", " + e.getMaxX() + " " + e.getMaxY()
                    + "); check the axis order the filter-crs has");
        }
    }

    private static final CoordinateSequenceFilter SWAP = new CoordinateSequenceFilter() {
        @Override
        public void filter(CoordinateSequence seq, int i) {
            double x = seq.getOrdinate(i, CoordinateSequence.X);
            seq.setOrdinate(i, CoordinateSequence.X, seq.getOrdinate(i, CoordinateSequence.Y));
            seq.setOrdinate(i, CoordinateSequence.Y, x);
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public boolean isGeometryChanged() {
            return true;
        }
    };
}
