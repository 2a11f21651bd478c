package zmd.registry.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.language.ArrayValue;
import graphql.language.Directive;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.ObjectValue;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLNonNull;
import graphql.schema.SelectedField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import zmd.registry.graphql.DirectJson.Part;
import zmd.registry.graphql.DirectJson.Shape;
import zmd.registry.graphql.DirectNode.Step;

/** {@link DirectJson}'s selections compiled over shapes into {@link DirectNode}s, and kept compiled. */
final class DirectPlans {
    private DirectPlans() {
    }

    /** The compiled selection of the current field over a shape, from the cache when it was compiled before. */
    static Compiled compiled(DataFetchingEnvironment env, Shape<?> shape) {
        List<Field> fields = env.getMergedField().getFields();
        Map<String, Object> read = new HashMap<>();
        for (String name : VARIABLES_READ.get(fields, f -> variablesRead(f, env.getFragmentsByName()))) {
            read.put(name, env.getVariables().containsKey(name) ? env.getVariables().get(name) : ABSENT);
        }
        PlanKey key = new PlanKey(shape, fields, read);
        Compiled compiled = PLANS.getIfPresent(key);
        if (compiled == null) {
            compiled = compile(shape, env.getSelectionSet().getImmediateFields());
            PLANS.put(key, compiled);
        }
        return compiled;
    }

    /** A compiled selection, or why it cannot be written directly. */
    record Compiled(DirectNode node, String fallback) {
        static Compiled because(String reason) {
            return new Compiled(null, reason);
        }
    }

    /**
     * Compiled selections (or none, for a selection that cannot be written directly), by shape, by the query's own
     * field nodes (documents are parsed once, see DocumentCache) and by the values of the variables the selection
     * reads: compiling took graphql-java's normalized fields, a twelfth of a feed page. Bounded like documents, by
     * the bytes of the field nodes the keys hold (they outlive the documents {@link DocumentCache} evicted).
     */
    private static final long MAX_PLAN_BYTES = 32L * 1024 * 1024;
    private static final Cache<PlanKey, Compiled> PLANS = Caffeine.newBuilder().maximumWeight(MAX_PLAN_BYTES)
            .weigher((PlanKey key, Compiled plan) -> DocumentCache.nodeBytes(key.fields())).build();
    private static final Cache<List<Field>, Set<String>> VARIABLES_READ = Caffeine.newBuilder().maximumWeight(MAX_PLAN_BYTES)
            .weigher((List<Field> fields, Set<String> names) -> DocumentCache.nodeBytes(fields)).build();
    private static final Object ABSENT = new Object();

    private record PlanKey(Shape<?> shape, List<Field> fields, Map<String, Object> variables) {
    }

    /** The variables the selections of these fields read, in arguments and directives, through fragments too. */
    private static Set<String> variablesRead(List<Field> fields, Map<String, FragmentDefinition> fragments) {
        Set<String> names = new HashSet<>();
        Set<String> fragmentsSeen = new HashSet<>();
        for (Field f : fields) {
            variablesRead(f.getSelectionSet(), fragments, names, fragmentsSeen);
        }
        return Set.copyOf(names);
    }

    private static void variablesRead(SelectionSet set, Map<String, FragmentDefinition> fragments, Set<String> names, Set<String> fragmentsSeen) {
        if (set == null) {
            return;
        }
        for (Selection<?> selection : set.getSelections()) {
            switch (selection) {
                case Field f -> {
                    f.getArguments().forEach(a -> variablesRead(a.getValue(), names));
                    directivesRead(f.getDirectives(), names);
                    variablesRead(f.getSelectionSet(), fragments, names, fragmentsSeen);
                }
                case InlineFragment i -> {
                    directivesRead(i.getDirectives(), names);
                    variablesRead(i.getSelectionSet(), fragments, names, fragmentsSeen);
                }
                case FragmentSpread spread -> {
                    directivesRead(spread.getDirectives(), names);
                    FragmentDefinition definition = fragments.get(spread.getName());
                    if (definition != null && fragmentsSeen.add(spread.getName())) {
                        directivesRead(definition.getDirectives(), names);
                        variablesRead(definition.getSelectionSet(), fragments, names, fragmentsSeen);
                    }
                }
                default -> throw new IllegalStateException("unknown selection " + selection);
            }
        }
    }

    private static void directivesRead(List<Directive> directives, Set<String> names) {
        directives.forEach(d -> d.getArguments().forEach(a -> variablesRead(a.getValue(), names)));
    }

    private static void variablesRead(Value<?> value, Set<String> names) {
        switch (value) {
            case VariableReference v -> names.add(v.getName());
            case ObjectValue o -> o.getObjectFields().forEach(f -> variablesRead(f.getValue(), names));
            case ArrayValue a -> a.getValues().forEach(v -> variablesRead(v, names));
            default -> {
            }
        }
    }

    private static Compiled compile(Shape<?> shape, List<SelectedField> fields) {
        List<Step> steps = new ArrayList<>(fields.size());
        for (SelectedField f : fields) {
            byte[] prefix = keyPrefix(f.getResultKey(), steps.isEmpty());
            if (f.getName().equals("__typename")) {
                steps.add(new Step(f.getName(), f.getResultKey(), prefix, null, null, true, null, Map.of()));
                continue;
            }
            Part part = shape.parts.get(f.getName());
            String field = shape.typeName + "." + f.getName();
            if (part == null) {
                return Compiled.because(field + " is not in its direct shape");
            }
            if (!part.readsArguments() && !f.getFieldDefinitions().getFirst().getArguments().isEmpty()) {
                return Compiled.because(field + " takes arguments its direct shape does not read");
            }
            DirectNode child = null;
            if (part.shape() != null) {
                Compiled nested = compile(part.shape(), f.getSelectionSet().getImmediateFields());
                if (nested.node() == null) {
                    return nested;
                }
                child = nested.node();
            }
            DirectLeaves.Leaf leaf = null;
            if (child == null) {
                leaf = DirectLeaves.leaf(f.getType());
                if (leaf == null) {
                    return Compiled.because(field + " is an object its direct shape declares as a value");
                }
            }
            steps.add(new Step(f.getName(), f.getResultKey(), prefix, part, child, f.getType() instanceof GraphQLNonNull, leaf,
                    f.getArguments()));
        }
        return new Compiled(new DirectNode(DirectLeaves.quoted(shape.typeName), steps.toArray(Step[]::new)), null);
    }

    /** What is written before a field's value: the object's opening brace or a comma, then its quoted key. */
    private static byte[] keyPrefix(String key, boolean first) {
        JsonBytes out = new JsonBytes(key.length() + 4);
        out.raw((byte) (first ? '{' : ','));
        out.string(key);
        out.raw((byte) ':');
        return out.toByteArray();
    }
}
