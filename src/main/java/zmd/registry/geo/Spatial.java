package zmd.registry.geo;

import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.db.JtsGeometryBinding;

/** Typed jOOQ wrappers for the PostGIS functions the registry uses; no spatial SQL strings elsewhere. */
public final class Spatial {
    public static final DataType<Geometry> GEOMETRY = SQLDataType.GEOMETRY.asConvertedDataType(new JtsGeometryBinding());

    private Spatial() {
    }

    public static Field<Geometry> value(Geometry g) {
        return DSL.val(g, GEOMETRY);
    }

    public static Field<Geometry> transform(Field<Geometry> g, int srid) {
        return DSL.function("ST_Transform", GEOMETRY, g, DSL.inline(srid));
    }

    public static Field<Geometry> setSrid(Field<Geometry> g, int srid) {
        return DSL.function("ST_SetSRID", GEOMETRY, g, DSL.inline(srid));
    }

    public static Field<Geometry> multi(Field<Geometry> g) {
        return DSL.function("ST_Multi", GEOMETRY, g);
    }

    public static Field<Geometry> force2d(Field<Geometry> g) {
        return DSL.function("ST_Force2D", GEOMETRY, g);
    }

    public static Field<Geometry> simplifyPreserveTopology(Field<Geometry> g, double tolerance) {
        return DSL.function("ST_SimplifyPreserveTopology", GEOMETRY, g, DSL.val(tolerance));
    }

    /** Swaps x and y: for output in a CRS whose first axis is latitude or northing. */
    public static Field<Geometry> flipCoordinates(Field<Geometry> g) {
        return DSL.function("ST_FlipCoordinates", GEOMETRY, g);
    }

    public static Field<Geometry> centroid(Field<Geometry> g) {
        return DSL.function("ST_Centroid", GEOMETRY, g);
    }

    public static Field<Geometry> envelope(double minX, double minY, double maxX, double maxY, int srid) {
        return DSL.function("ST_MakeEnvelope", GEOMETRY, DSL.val(minX), DSL.val(minY), DSL.val(maxX), DSL.val(maxY), DSL.inline(srid));
    }

    /** {@code ST_Envelope(g)}: a geometry's bounding box, as a polygon. */
    public static Field<Geometry> envelopeOf(Field<Geometry> g) {
        return DSL.function("ST_Envelope", GEOMETRY, g);
    }

    /** {@code ST_Collect(a, b)}: both geometries in one collection. */
    public static Field<Geometry> collect(Field<Geometry> a, Field<Geometry> b) {
        return DSL.function("ST_Collect", GEOMETRY, a, b);
    }

    /** The bounding box of a column over the rows of a query (an aggregate). */
    public static Field<Geometry> extent(Field<Geometry> g) {
        return DSL.field("ST_Extent({0})::geometry", GEOMETRY, g);
    }

    public static Field<Geometry> union(Field<Geometry> g) {
        return DSL.aggregate("ST_Union", GEOMETRY, g);
    }

    public static Field<Geometry> intersection(Field<Geometry> a, Field<Geometry> b) {
        return DSL.function("ST_Intersection", GEOMETRY, a, b);
    }

    /**
     * GeoJSON text as the UTF-8 bytes the driver received; {@code options} 2 adds the short CRS member (for output
     * other than EPSG:4326). Read as bytes because it goes into responses as it is: decoding to a String and
     * encoding it again was a sixth of a map extent's server time. Rings are turned to RFC 7946's right-hand rule
     * (exterior counter-clockwise, holes clockwise) here, as stored rings keep the input's winding and surveyors
     * list corners clockwise; points and lines pass unchanged.
     */
    public static Field<byte[]> asGeoJson(Field<Geometry> g, int maxDecimals, int options) {
        Field<Geometry> rightHanded = DSL.function("ST_ForcePolygonCCW", GEOMETRY, g);
        return DSL.function("ST_AsGeoJSON", SQLDataType.VARBINARY, rightHanded, DSL.inline(maxDecimals), DSL.inline(options));
    }

    /** Repairs an invalid geometry (PostGIS's default linework method); a valid one comes back unchanged. */
    public static Field<Geometry> makeValid(Field<Geometry> g) {
        return DSL.function("ST_MakeValid", GEOMETRY, g);
    }

    /** The polygonal part of a collection (type 3), dropping points and lines a repair may leave. */
    public static Field<Geometry> polygonalPart(Field<Geometry> g) {
        return DSL.function("ST_CollectionExtract", GEOMETRY, g, DSL.inline(3));
    }

    public static Field<Boolean> isEmpty(Field<Geometry> g) {
        return DSL.function("ST_IsEmpty", SQLDataType.BOOLEAN, g);
    }

    /**
     * Area of feature ∩ block (both EPSG:4547) by the migration's {@code overlap_area}: the feature's own
     * area when the block covers it, else the overlay, with fallbacks that never raise a topology error.
     */
    public static Field<Double> overlapArea(Field<Geometry> feature, Field<Geometry> block) {
        return DSL.function("overlap_area", SQLDataType.DOUBLE, feature, block);
    }

    /** Area of a block (EPSG:4547) outside every planned mining zone of a dataset (migration function). */
    public static Field<Double> plannedZoneOutsideArea(Field<Geometry> block, Field<Long> dataset) {
        return DSL.function("planned_zone_outside_area", SQLDataType.DOUBLE, block, dataset);
    }

    /** EWKB as bytea: sent in binary once the statement is prepared, no hex text to decode. */
    public static Field<byte[]> asEwkb(Field<Geometry> g) {
        return DSL.function("ST_AsEWKB", SQLDataType.VARBINARY, g);
    }

    public static Field<String> asText(Field<Geometry> g, int maxDecimals) {
        return DSL.function("ST_AsText", SQLDataType.VARCHAR, g, DSL.inline(maxDecimals));
    }

    public static Field<Double> xMin(Field<Geometry> g) {
        return DSL.function("ST_XMin", SQLDataType.DOUBLE, g);
    }

    public static Field<Double> yMin(Field<Geometry> g) {
        return DSL.function("ST_YMin", SQLDataType.DOUBLE, g);
    }

    public static Field<Double> xMax(Field<Geometry> g) {
        return DSL.function("ST_XMax", SQLDataType.DOUBLE, g);
    }

    public static Field<Double> yMax(Field<Geometry> g) {
        return DSL.function("ST_YMax", SQLDataType.DOUBLE, g);
    }

    public static Field<Double> area(Field<Geometry> g) {
        return DSL.function("ST_Area", SQLDataType.DOUBLE, g);
    }

    public static Field<Boolean> isValid(Field<Geometry> g) {
        return DSL.function("ST_IsValid", SQLDataType.BOOLEAN, g);
    }

    public static Field<String> isValidReason(Field<Geometry> g) {
        return DSL.function("ST_IsValidReason", SQLDataType.VARCHAR, g);
    }

    public static Condition intersects(Field<Geometry> a, Field<Geometry> b) {
        return DSL.condition(DSL.function("ST_Intersects", SQLDataType.BOOLEAN, a, b));
    }

    public static Condition coveredBy(Field<Geometry> a, Field<Geometry> b) {
        return DSL.condition(DSL.function("ST_CoveredBy", SQLDataType.BOOLEAN, a, b));
    }

    /** Bounding-box overlap only ({@code &&}): index-assisted, no exact test. */
    public static Condition bboxOverlaps(Field<Geometry> a, Field<Geometry> b) {
        return DSL.condition("{0} && {1}", a, b);
    }
}
