package zmd.registry.features;

import org.jooq.Field;

/**
 * A property a client may filter and sort on (OGC API Features Part 3 queryables): its name as served, a title
 * for staff, its JSON Schema type, and the column it reads. Only listed properties reach SQL: the list is the
 * allow-list, and a filter on any other name is refused.
 */
public record Queryable(String name, String title, Type type, Field<?> field) {
    public enum Type {
        STRING, INTEGER, NUMBER, BOOLEAN, DATE, TIMESTAMP,
        /** The collection's geometry, stored in EPSG:4490. */
        GEOMETRY
    }
}
