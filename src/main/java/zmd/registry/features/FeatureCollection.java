package zmd.registry.features;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.access.Caller;

/**
 * One collection of features as GIS clients see it: where its rows live, which of them a caller may read, its
 * properties and the one that carries time. The owning feature defines it (blocks in {@code parcel}, listings in
 * {@code auction}, protected layers in {@code protection}); {@link FeatureReader} runs the queries.
 *
 * @param staffOnly        the whole collection is for staff (the protected layers, as in GraphQL)
 * @param from             the table, or the join, rows are read from
 * @param key              the feature id: a stable key (a block's or listing's UUID, a layer feature's number)
 * @param geometry         the geometry in the storage CRS, EPSG:4490
 * @param temporal         the property {@code datetime} filters on, or null when the collection has no time
 * @param rows             the rows a caller may read: visibility, and for a layer its current dataset (looked up
 *                         inside the statement, so that a page is one round trip)
 * @param pinnedRows       the same rows with a layer's current dataset read beforehand and named by its id: what
 *                         vector tiles use, as their entity tag names the dataset the tile must be drawn from
 * @param knownSize        for a large collection, its size without a filter (a dataset's feature count): a filtered
 *                         page then omits numberMatched rather than count a million rows; null for a small one,
 *                         always counted
 * @param description      what the collection holds, for the landing page and the metadata
 * @param access           what a read of its geometry leaves in the access log; null when nothing (published data)
 */
public record FeatureCollection(
        String id,
        String title,
        String description,
        boolean staffOnly,
        Table<?> from,
        Field<?> key,
        Field<Geometry> geometry,
        List<FeatureProperty> properties,
        FeatureProperty temporal,
        Function<Caller, Condition> rows,
        Function<Caller, Condition> pinnedRows,
        Function<Caller, Long> knownSize,
        FeatureAccess access) {

    /** A collection whose rows depend on the caller alone: nothing to pin. */
    public FeatureCollection(String id, String title, String description, boolean staffOnly, Table<?> from, Field<?> key,
            Field<Geometry> geometry, List<FeatureProperty> properties, FeatureProperty temporal, Function<Caller, Condition> rows,
            Function<Caller, Long> knownSize, FeatureAccess access) {
        this(id, title, description, staffOnly, from, key, geometry, properties, temporal, rows, rows, knownSize, access);
    }

    public boolean visibleTo(Caller caller) {
        return !staffOnly || caller.isStaff();
    }

    public Optional<FeatureProperty> property(String name) {
        return properties.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The allow-list of filterable names: the queryable properties, then {@code geometry}. */
    public List<Queryable> queryables() {
        java.util.ArrayList<Queryable> out = new java.util.ArrayList<>();
        for (FeatureProperty p : properties) {
            if (p.queryable()) {
                out.add(p.asQueryable());
            }
        }
        out.add(new Queryable("geometry", "geometry (EPSG:4490)", Queryable.Type.GEOMETRY, geometry));
        return out;
    }
}
