package zmd.registry.db;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Field;

/**
 * The columns each field of a GraphQL type reads, so that a page reads only what its selection shows. A field not
 * listed here may need anything: a selection naming one reads every column.
 */
public final class FieldColumns {
    private final Map<String, List<Field<?>>> byField;

    public FieldColumns(Map<String, List<Field<?>>> byField) {
        this.byField = Map.copyOf(byField);
    }

    /**
     * The columns {@code always} and those the selected fields read, in that order without repeats; null (read
     * every column) when {@code fields} is null or names a field not listed.
     */
    public Set<Field<?>> needed(Set<String> fields, List<? extends Field<?>> always) {
        if (fields == null || !byField.keySet().containsAll(fields)) {
            return null;
        }
        Set<Field<?>> needed = new LinkedHashSet<>(always);
        fields.forEach(f -> needed.addAll(byField.get(f)));
        return needed;
    }
}
