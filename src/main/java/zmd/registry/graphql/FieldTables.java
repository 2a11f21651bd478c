package zmd.registry.graphql;

import graphql.language.FieldDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.TypeRuntimeWiring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import zmd.registry.core.FieldTable;

/**
 * The GraphQL side of {@link FieldTable}s: the fetchers and the direct-write shape of a type, both derived from its
 * table so the two paths read and hide the same fields, and the startup check of the tables against the SDL.
 */
public final class FieldTables {
    /** The operation types: their fields are the API's entry points, wired by the features, not read from a value. */
    private static final Set<String> ROOTS = Set.of("Query", "Mutation", "Subscription");

    private FieldTables() {
    }

    /**
     * The direct-write shape of every field the table reads; a nested object's shape is the one given for its type.
     * Loaded fields are the adapter's to add (a selection naming one that is not added takes the ordinary path).
     */
    public static <T> DirectJson.Shape<T> shape(FieldTable<T> table, Map<String, DirectJson.Shape<?>> nested) {
        return derive(table, nested, null);
    }

    /**
     * The same for a page whose items hold the type's values ({@code from} finds the value in an item), e.g. a feed
     * page's change with the listing read beside it; the adapter adds what the item holds besides.
     */
    public static <R, T> DirectJson.Shape<R> shape(FieldTable<T> table, Map<String, DirectJson.Shape<?>> nested, Function<R, ? extends T> from) {
        return derive(table, nested, from);
    }

    /** {@code from} null: the shape reads the table's own values, with no composed step per value. */
    @SuppressWarnings("unchecked")
    private static <R, T> DirectJson.Shape<R> derive(FieldTable<T> table, Map<String, DirectJson.Shape<?>> nested, Function<R, ? extends T> from) {
        DirectJson.Shape<R> shape = new DirectJson.Shape<>(table.type());
        for (FieldTable.Entry<T> e : table.entries()) {
            if (e.loaded()) {
                continue;
            }
            Function<R, Object> read = from == null ? (Function<R, Object>) e.read() : from.andThen((Function<T, Object>) e.read());
            if (e.objectType() == null) {
                shape.value(e.name(), read);
            } else {
                DirectJson.Shape<Object> child = (DirectJson.Shape<Object>) nested.get(e.objectType());
                if (child == null || !child.typeName.equals(e.objectType())) {
                    throw new IllegalStateException(table.type() + "." + e.name() + ": no shape given for " + e.objectType()
                            + (child == null ? "" : " (given one for " + child.typeName + ")"));
                }
                if (e.list()) {
                    shape.list(e.name(), r -> (List<Object>) read.apply(r), child);
                } else {
                    shape.object(e.name(), read, child);
                }
            }
            if (e.staffOnly()) {
                shape.staffOnly(e.name());
            }
        }
        return shape;
    }

    /** Wires a fetcher for every field the table reads; a staff-only field is null for anyone else. */
    public static <T> void wire(RuntimeWiring.Builder wiring, FieldTable<T> table) {
        wiring.type(table.type(), t -> fetchers(t, table));
    }

    private static <T> TypeRuntimeWiring.Builder fetchers(TypeRuntimeWiring.Builder t, FieldTable<T> table) {
        for (FieldTable.Entry<T> e : table.entries()) {
            if (e.loaded()) {
                continue;
            }
            Function<? super T, ?> read = e.read();
            DataFetcher<?> fetcher = e.staffOnly()
                    ? env -> RequestContext.caller(env).isStaff() ? read.apply(env.getSource()) : null
                    : env -> read.apply(env.getSource());
            t.dataFetcher(e.name(), fetcher);
        }
        return t;
    }

    /**
     * The differences between the SDL and the tables, for every type that has a table: a field without an entry, an
     * entry without a field, a nested object of another type than the SDL's, a loaded field without a fetcher.
     */
    public static List<String> differences(TypeDefinitionRegistry types, RuntimeWiring wiring, List<FieldTable<?>> tables) {
        Map<String, Map<String, FieldTable.Entry<?>>> byType = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (FieldTable<?> table : tables) {
            Map<String, FieldTable.Entry<?>> entries = byType.computeIfAbsent(table.type(), k -> new LinkedHashMap<>());
            for (FieldTable.Entry<?> e : table.entries()) {
                if (entries.putIfAbsent(e.name(), e) != null) {
                    out.add(table.type() + "." + e.name() + " is described in two field tables");
                }
            }
        }
        types.getTypes(ObjectTypeDefinition.class).stream().map(ObjectTypeDefinition::getName)
                .filter(name -> !ROOTS.contains(name) && !byType.containsKey(name))
                .forEach(name -> out.add(name + " is an object type of the SDL without a field table"));
        byType.forEach((type, entries) -> {
            Map<String, FieldDefinition> fields = sdlFields(types, type);
            if (fields == null) {
                out.add(type + " has a field table but is no object type of the SDL");
                return;
            }
            Map<String, DataFetcher> fetchers = wiring.getDataFetchers().getOrDefault(type, Map.of());
            fields.forEach((name, definition) -> {
                FieldTable.Entry<?> e = entries.get(name);
                if (e == null) {
                    out.add(type + "." + name + " is in the SDL but in no field table");
                } else if (e.objectType() != null && !e.objectType().equals(typeName(definition.getType()))) {
                    out.add(type + "." + name + " is a " + typeName(definition.getType()) + " in the SDL but a " + e.objectType()
                            + " in its field table");
                } else if (e.loaded() && !fetchers.containsKey(name)) {
                    out.add(type + "." + name + " is loaded by its adapter, but no fetcher is wired for it");
                }
            });
            entries.keySet().stream().filter(name -> !fields.containsKey(name))
                    .forEach(name -> out.add(type + "." + name + " is in a field table but not in the SDL"));
        });
        return out;
    }

    /** The fields of an object type over its definition and every extension, or null if there is no such type. */
    private static Map<String, FieldDefinition> sdlFields(TypeDefinitionRegistry types, String type) {
        if (!(types.getTypeOrNull(type) instanceof ObjectTypeDefinition definition)) {
            return null;
        }
        Map<String, FieldDefinition> fields = new LinkedHashMap<>();
        definition.getFieldDefinitions().forEach(f -> fields.put(f.getName(), f));
        types.objectTypeExtensions().getOrDefault(type, List.of())
                .forEach(x -> x.getFieldDefinitions().forEach(f -> fields.put(f.getName(), f)));
        return fields;
    }

    private static String typeName(Type<?> type) {
        return switch (type) {
            case NonNullType n -> typeName(n.getType());
            case ListType l -> typeName(l.getType());
            case TypeName t -> t.getName();
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }
}
