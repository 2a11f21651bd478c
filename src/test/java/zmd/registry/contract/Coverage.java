package zmd.registry.contract;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FieldDefinition;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which fields of the SDL's object types (schema/*.graphqls, extensions included) golden documents select, read with
 * graphql-java's own SDL and document parsers (not the server's schema assembly). Introspection fields are not in the
 * SDL. {@link #EXCLUDED} types are not required, each for the reason given there.
 */
final class Coverage {
    /**
     * The subscription root runs only over WebSocket (graphql-transport-ws) and pushes events: these golden tests are
     * request and answer over HTTP (where a subscription is refused, which a document does pin). Its events are
     * ListingChange objects, whose every field the listingChanges documents select.
     */
    static final Map<String, String> EXCLUDED = Map.of("Subscription", "runs only over WebSocket");

    private final Map<String, Map<String, FieldDefinition>> objectTypes = new LinkedHashMap<>();
    private final Set<String> selected = new HashSet<>();

    private Coverage() {
    }

    static Coverage ofSchema(Path dir) {
        TypeDefinitionRegistry types = new TypeDefinitionRegistry();
        SchemaParser parser = new SchemaParser();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".graphqls")).sorted().toList()) {
                types.merge(parser.parse(Files.readString(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Coverage c = new Coverage();
        List<ObjectTypeDefinition> all = new ArrayList<>(types.getTypes(ObjectTypeDefinition.class));
        types.objectTypeExtensions().values().forEach(all::addAll);
        for (ObjectTypeDefinition t : all) {
            Map<String, FieldDefinition> fields = c.objectTypes.computeIfAbsent(t.getName(), n -> new LinkedHashMap<>());
            t.getFieldDefinitions().forEach(f -> fields.put(f.getName(), f));
        }
        return c;
    }

    /** Records what the document's operations select. */
    void select(Document document) {
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        for (Definition<?> d : document.getDefinitions()) {
            if (d instanceof FragmentDefinition f) {
                fragments.put(f.getName(), f);
            }
        }
        for (OperationDefinition op : document.getDefinitionsOfType(OperationDefinition.class)) {
            String root = switch (op.getOperation()) {
                case QUERY -> "Query";
                case MUTATION -> "Mutation";
                case SUBSCRIPTION -> "Subscription";
            };
            select(root, op.getSelectionSet(), fragments, new HashSet<>());
        }
    }

    private void select(String type, SelectionSet set, Map<String, FragmentDefinition> fragments, Set<String> spreading) {
        if (set == null) {
            return;
        }
        for (Selection<?> s : set.getSelections()) {
            switch (s) {
                case Field f -> {
                    Map<String, FieldDefinition> fields = objectTypes.get(type);
                    FieldDefinition def = fields == null ? null : fields.get(f.getName());
                    if (def == null) {
                        continue; // __typename, or a field the schema lacks (the server refuses it; a document may pin that)
                    }
                    selected.add(type + "." + f.getName());
                    select(named(def.getType()), f.getSelectionSet(), fragments, spreading);
                }
                case InlineFragment i -> select(i.getTypeCondition() == null ? type : i.getTypeCondition().getName(), i.getSelectionSet(),
                        fragments, spreading);
                case FragmentSpread spread -> {
                    FragmentDefinition f = fragments.get(spread.getName());
                    if (f != null && spreading.add(f.getName())) {
                        select(f.getTypeCondition().getName(), f.getSelectionSet(), fragments, spreading);
                        spreading.remove(f.getName());
                    }
                }
                default -> throw new IllegalStateException("unknown selection " + s);
            }
        }
    }

    private static String named(Type<?> type) {
        return switch (type) {
            case NonNullType n -> named(n.getType());
            case ListType l -> named(l.getType());
            case TypeName t -> t.getName();
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }

    /** Object-type fields (Type.field) no document selects, in SDL order of types, then fields. */
    List<String> unselected() {
        List<String> out = new ArrayList<>();
        objectTypes.forEach((type, fields) -> {
            if (!EXCLUDED.containsKey(type)) {
                fields.keySet().stream().map(f -> type + "." + f).filter(k -> !selected.contains(k)).forEach(out::add);
            }
        });
        return out;
    }

    Set<String> selected() {
        return new TreeSet<>(selected);
    }
}
