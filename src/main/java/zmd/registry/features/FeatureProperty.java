package zmd.registry.features;

import java.util.function.Function;
import org.jooq.Field;

/**
 * A property of a served feature: its name and title, its JSON Schema type, the column it reads, and how the
 * column's value becomes the property's (null: as read). Queryable properties are filterable and sortable; a
 * derived one (亩 from m²) is served only.
 */
public record FeatureProperty(String name, String title, Queryable.Type type, Field<?> field, Function<Object, Object> derive,
        boolean queryable) {

    public static FeatureProperty of(String name, String title, Queryable.Type type, Field<?> field) {
        return new FeatureProperty(name, title, type, field, null, true);
    }

    /** Served, not filterable: a value derived from a column in Java, or a list. */
    public static FeatureProperty derived(String name, String title, Queryable.Type type, Field<?> field, Function<Object, Object> derive) {
        return new FeatureProperty(name, title, type, field, derive, false);
    }

    public Object value(Object read) {
        return derive == null || read == null ? read : derive.apply(read);
    }

    public Queryable asQueryable() {
        return new Queryable(name, title, type, field);
    }
}
