package zmd.registry.core;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * One object type of the API, described once: for each field, the columns it needs, how its value is read from the
 * domain value, and who may see it. The owning repository reads the columns a selection needs from it, the protocol
 * adapters derive their fetchers and writers from it, and the GraphQL adapter checks it against the SDL at startup
 * (a field without an entry, or an entry without a field, stops the start).
 *
 * <p>A feature that adds fields to another feature's type (the listings of a block) describes them in a table of
 * its own for the same type; the check joins the tables of a type.
 */
public final class FieldTable<T> {
    /** Who may see a field: staff-only fields read as null for anyone else, on every path. */
    public enum Access {
        EVERYONE,
        STAFF
    }

    /**
     * A field. {@code read} is null for a field its adapter loads itself (by id, or with arguments); {@code objectType}
     * names the type of a nested object (or of each item, for a {@code list}), null for scalars and enums.
     */
    public record Entry<T>(String name, List<Field<?>> columns, Function<? super T, ?> read, String objectType, boolean list,
                           Access access) {
        public boolean loaded() {
            return read == null;
        }

        public boolean staffOnly() {
            return access == Access.STAFF;
        }
    }

    private final String type;
    private final Table<?> table;
    private final Function<? super T, ? extends Record> row;
    private final Map<String, Entry<T>> entries = new LinkedHashMap<>();
    private String last;

    private FieldTable(String type, Table<?> table, Function<? super T, ? extends Record> row) {
        this.type = type;
        this.table = table;
        this.row = row;
    }

    /** The table of a type whose values are not database rows (or whose fields all say how they are read). */
    public static <T> FieldTable<T> of(String type) {
        return new FieldTable<>(type, null, null);
    }

    /**
     * The table of a type whose values carry their row of {@code table} (all of its columns, in its order, those not
     * read null), so that a field can be one column as stored.
     */
    public static <T> FieldTable<T> ofRows(String type, Table<?> table, Function<? super T, ? extends Record> row) {
        return new FieldTable<>(type, table, row);
    }

    /** A field that is one column, read as stored. */
    public FieldTable<T> column(String name, Field<?> column) {
        if (row == null) {
            throw new IllegalStateException(type + " values carry no row: say how " + name + " is read");
        }
        int at = table.indexOf(column);
        if (at < 0) {
            throw new IllegalStateException(type + "." + name + ": " + column + " is not a column of " + table.getName());
        }
        // By position, found once: looking the column up in every row cost a tenth of reading the field.
        return add(new Entry<>(name, List.of(column), v -> row.apply(v).get(at), null, false, Access.EVERYONE));
    }

    /** A scalar or enum field (or a list of them) computed from the columns given. */
    public FieldTable<T> value(String name, List<? extends Field<?>> columns, Function<? super T, ?> read) {
        return add(new Entry<>(name, List.copyOf(columns), read, null, false, Access.EVERYONE));
    }

    /** A nested object of {@code objectType}, computed from the columns given (null where the schema allows it). */
    public FieldTable<T> object(String name, String objectType, List<? extends Field<?>> columns, Function<? super T, ?> read) {
        return add(new Entry<>(name, List.copyOf(columns), read, objectType, false, Access.EVERYONE));
    }

    /** A list of nested objects of {@code objectType}, computed from the columns given. */
    public FieldTable<T> objects(String name, String objectType, List<? extends Field<?>> columns,
                                 Function<? super T, ? extends List<?>> read) {
        return add(new Entry<>(name, List.copyOf(columns), read, objectType, true, Access.EVERYONE));
    }

    /** A field its adapter loads by the value's id (or with its arguments): it needs no column of the row. */
    public FieldTable<T> loaded(String name) {
        return loaded(name, List.of());
    }

    /** A field its adapter loads by a key read from the columns given (a listing's block by its parcel id). */
    public FieldTable<T> loaded(String name, List<? extends Field<?>> columns) {
        return add(new Entry<>(name, List.copyOf(columns), null, null, false, Access.EVERYONE));
    }

    /** Makes the field added last visible to staff only. */
    public FieldTable<T> staffOnly() {
        Entry<T> e = entries.get(last);
        entries.put(last, new Entry<>(e.name(), e.columns(), e.read(), e.objectType(), e.list(), Access.STAFF));
        return this;
    }

    private FieldTable<T> add(Entry<T> entry) {
        if (entries.putIfAbsent(entry.name(), entry) != null) {
            throw new IllegalStateException(type + "." + entry.name() + " is described twice");
        }
        last = entry.name();
        return this;
    }

    public String type() {
        return type;
    }

    public Collection<Entry<T>> entries() {
        return entries.values();
    }

    public Entry<T> entry(String name) {
        return entries.get(name);
    }

    /**
     * The columns {@code always} and those the named fields need, in that order without repeats; null (read every
     * column) when {@code fields} is null or names a field this table does not describe.
     */
    public Set<Field<?>> columns(Set<String> fields, List<? extends Field<?>> always) {
        if (fields == null) {
            return null;
        }
        Set<Field<?>> needed = new LinkedHashSet<>(always);
        for (String f : fields) {
            if (f.equals("__typename")) {
                continue;
            }
            Entry<T> e = entries.get(f);
            if (e == null) {
                return null;
            }
            needed.addAll(e.columns());
        }
        return needed;
    }
}
