package zmd.registry.features;

import java.util.function.Function;
import org.jooq.Field;

/**
 * A property of a served feature: its name and title, its JSON Schema type, the column it reads, and how the
 * column's value becomes the property's (null: as read). Queryable properties are filterable and sortable; a
 * derived one (亩 from m²) is served only. Only properties that are never null can be sorted on: keyset paging
 * needs a value in every row.
 */
public record FeatureProperty(String name, String title, Queryable.Type type, Field<?> field, Function<Object, Object> derive,
        boolean queryable, boolean neverNull) {

    public static FeatureProperty of(String name, String title, Queryable.Type type, Field<?> field) {
        return new FeatureProperty(name, title, type, field, null, true, !field.getDataType().nullable());
    }

    /** A queryable whose column is never null though its type says it may be (one generated from a NOT NULL column). */
    public static FeatureProperty required(String name, String title, Queryable.Type type, Field<?> field) {
        return new FeatureProperty(name, title, type, field, null, true, true);
    }

    /** Served, not filterable: a value derived from a column in Java, or a list. */
    public static FeatureProperty derived(String name, String title, Queryable.Type type, Field<?> field, Function<Object, Object> derive) {
        return new FeatureProperty(name, title, type, field, derive, false, false);
    }

    public Object value(Object read) {
        return derive == null || read == null ? read : derive.apply(read);
    }

    public Queryable asQueryable() {
        return new Queryable(name, title, type, field);
    }
}
