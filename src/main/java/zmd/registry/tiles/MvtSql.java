package zmd.registry.tiles;

import java.util.List;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.geo.Spatial;

/**
 * Typed jOOQ wrappers for the PostGIS vector-tile functions (the project's rule: no spatial SQL strings outside
 * such helpers). Names and sizes are the server's own constants and go inline; tile coordinates and tolerances,
 * which follow from the caller's path, are bind values.
 */
public final class MvtSql {
    private MvtSql() {
    }

    /**
     * {@code ST_TileEnvelope(z, x, y, bounds, margin)}: a tile's square in the set's CRS, grown by {@code margin}
     * (a fraction of the tile's width) and clipped to the bounds.
     */
    public static Field<Geometry> tileEnvelope(TileAddress a, double margin) {
        TileMatrixSet t = a.tms();
        double[] b = t.envelopeBounds();
        Field<Geometry> bounds = DSL.function("ST_MakeEnvelope", Spatial.GEOMETRY, DSL.inline(b[0]), DSL.inline(b[1]), DSL.inline(b[2]),
                DSL.inline(b[3]), DSL.inline(t.srid()));
        return DSL.function("ST_TileEnvelope", Spatial.GEOMETRY, DSL.val(t.envelopeZoom(a.z())), DSL.val((int) a.x()), DSL.val((int) a.y()),
                bounds, DSL.inline(margin));
    }

    /**
     * {@code ST_AsMVTGeom(geom, bounds, extent, buffer, true)}: the geometry in tile coordinates, clipped to the tile
     * and its buffer, snapped to the grid and made valid; null when nothing of it is left.
     */
    public static Field<Geometry> asMvtGeom(Field<Geometry> g, Field<Geometry> bounds, int extent, int buffer) {
        return DSL.function("ST_AsMVTGeom", Spatial.GEOMETRY, g, bounds, DSL.inline(extent), DSL.inline(buffer), DSL.inline(true));
    }

    /**
     * {@code ST_AsMVT(row, name, extent, geomName[, featureIdName])}, the aggregate over the rows of {@code rows}:
     * one MVT layer; an empty bytea when there are no rows. The id column, when named, must be an integer and
     * becomes the feature id instead of a property.
     */
    public static Field<byte[]> asMvt(Table<?> rows, String layer, int extent, String geomName, String featureIdName) {
        Field<?> row = DSL.field(DSL.name(rows.getName()));
        if (featureIdName == null) {
            return DSL.field("ST_AsMVT({0}, {1}, {2}, {3})", SQLDataType.VARBINARY, row, DSL.inline(layer), DSL.inline(extent),
                    DSL.inline(geomName));
        }
        return DSL.field("ST_AsMVT({0}, {1}, {2}, {3}, {4})", SQLDataType.VARBINARY, row, DSL.inline(layer), DSL.inline(extent),
                DSL.inline(geomName), DSL.inline(featureIdName));
    }

    /**
     * Layers joined into one tile ({@code ||} of bytea): a tile message is the concatenation of its layer fields, and
     * each ST_AsMVT scalar subquery is one aggregate row, never null (empty when the layer has no features).
     */
    public static Field<byte[]> concat(List<Field<byte[]>> layers) {
        Field<byte[]> out = layers.get(0);
        for (Field<byte[]> layer : layers.subList(1, layers.size())) {
            out = DSL.field("{0} || {1}", SQLDataType.VARBINARY, out, layer);
        }
        return out;
    }

    /**
     * {@code ST_Simplify(g, tolerance)} (Douglas–Peucker, in liblwgeom: no GEOS round trip). Rings that collapse
     * below the tolerance are dropped; validity is restored afterwards by ST_AsMVTGeom.
     */
    public static Field<Geometry> simplify(Field<Geometry> g, Field<Double> tolerance) {
        return DSL.function("ST_Simplify", Spatial.GEOMETRY, g, tolerance);
    }

    /** {@code ST_ClipByBox2D(g, box::box2d)}: a fast rectangle clip (the result may be invalid; ST_AsMVTGeom repairs it). */
    public static Field<Geometry> clipByBox(Field<Geometry> g, Field<Geometry> box) {
        return DSL.field("ST_ClipByBox2D({0}, {1}::box2d)", Spatial.GEOMETRY, g, box);
    }

    public static Field<Integer> nPoints(Field<Geometry> g) {
        return DSL.function("ST_NPoints", SQLDataType.INTEGER, g);
    }
}
