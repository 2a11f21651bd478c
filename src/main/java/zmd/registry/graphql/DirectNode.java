package zmd.registry.graphql;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import zmd.registry.graphql.DirectJson.ArgumentsLoader;
import zmd.registry.graphql.DirectJson.ArgumentsReader;
import zmd.registry.graphql.DirectJson.BatchLoader;
import zmd.registry.graphql.DirectJson.NullInNonNull;
import zmd.registry.graphql.DirectJson.Part;
import zmd.registry.graphql.DirectJson.Plan;

/** A compiled selection of one object type: its fields in the order they are written. */
final class DirectNode {
    private final byte[] typeName;
    private final Step[] steps;
    /** The length last written from this selection: the next write's buffer starts that large (races are harmless). */
    int lastLength;

    /** Whether anything at or below this selection is loaded in batches: if not, prefetching skips it. */
    private final boolean loads;

    DirectNode(byte[] typeName, Step[] steps) {
        this.typeName = typeName;
        this.steps = steps;
        boolean loads = false;
        for (Step step : steps) {
            loads |= step.part() != null && (step.part().loader() != null || step.child() != null && step.child().loads);
        }
        this.loads = loads;
    }

    /** The names of the fields selected here (not their aliases). */
    Set<String> fields() {
        Set<String> names = new HashSet<>();
        for (Step step : steps) {
            names.add(step.name());
        }
        return names;
    }

    void collect(String[] path, int depth, Set<String> into) {
        if (depth == path.length) {
            into.addAll(fields());
            return;
        }
        for (Step step : steps) {
            if (step.name().equals(path[depth]) && step.child() != null) {
                step.child().collect(path, depth + 1, into);
            }
        }
    }

    void arguments(String field, String[] path, int depth, List<Map<String, Object>> into) {
        for (Step step : steps) {
            if (depth == path.length && step.name().equals(field)) {
                into.add(step.arguments());
            } else if (depth < path.length && step.name().equals(path[depth]) && step.child() != null) {
                step.child().arguments(field, path, depth + 1, into);
            }
        }
    }

    /** Loads each batched field once for all the rows that reach it, breadth first like data loaders. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void prefetch(Collection<?> sources, Plan<?> plan) {
        for (Step step : steps) {
            Part part = step.part();
            // Reading values only to find nothing to load below them cost a feed page its money and cursors twice.
            if (part == null || (part.loader() == null && (step.child() == null || !step.child().loads))) {
                continue;
            }
            List<Object> children = new ArrayList<>();
            if (part.loader() != null) {
                Set<Object> keys = new LinkedHashSet<>();
                for (Object s : sources) {
                    Object k = ((Function) part.read()).apply(s);
                    if (k != null) {
                        keys.add(k);
                    }
                }
                Map<Object, Object> loaded = keys.isEmpty() ? Map.of()
                        : part.loader() instanceof ArgumentsLoader byArguments ? byArguments.load(plan.caller, keys, step.arguments())
                        : ((BatchLoader) part.loader()).load(plan.caller, keys, step.child().fields());
                plan.loaded.computeIfAbsent(step, x -> new HashMap<>()).putAll(loaded);
                loaded.values().forEach(v -> collect(children, v, part.list()));
            } else {
                for (Object s : sources) {
                    collect(children, ((Function) part.read()).apply(s), part.list());
                }
            }
            if (!children.isEmpty() && step.child() != null) {
                step.child().prefetch(children, plan);
            }
        }
    }

    private static void collect(List<Object> into, Object value, boolean list) {
        if (value == null) {
            return;
        }
        if (list) {
            into.addAll((Collection<?>) value);
        } else {
            into.add(value);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void write(JsonBytes out, Object source, Plan<?> plan) throws IOException {
        if (steps.length == 0) {
            out.raw(EMPTY_OBJECT);
            return;
        }
        for (Step step : steps) {
            out.raw(step.prefix());
            Part part = step.part();
            if (part == null) {
                out.raw(typeName);
                continue;
            }
            Object value;
            if (part.staffOnly() && !plan.caller.isStaff()) {
                value = null;
            } else if (part.withArguments() != null) {
                value = ((ArgumentsReader) part.withArguments()).read(source, step.arguments(), plan.context);
            } else {
                value = ((Function) part.read()).apply(source);
                if (part.loader() != null) {
                    value = value == null ? null : plan.loaded.getOrDefault(step, Map.of()).get(value);
                    if (value == null && part.list()) {
                        value = List.of();
                    }
                }
            }
            if (value == null) {
                if (step.nonNull()) {
                    throw new NullInNonNull(step.key());
                }
                out.nullValue();
            } else if (step.leaf() != null) {
                step.leaf().write(out, value, plan);
            } else if (part.list()) {
                out.raw((byte) '[');
                boolean first = true;
                for (Object item : (Collection<?>) value) {
                    if (item == null) {
                        throw new NullInNonNull(step.key() + " item");
                    }
                    if (!first) {
                        out.raw((byte) ',');
                    }
                    first = false;
                    step.child().write(out, item, plan);
                }
                out.raw((byte) ']');
            } else {
                step.child().write(out, value, plan);
            }
        }
        out.raw((byte) '}');
    }

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    /**
     * One selected field: its result key (and the bytes written before its value), how it is read, whether it may be null, and how its value is
     * written: by a leaf writer, or by the plan of its selection for objects.
     */
    record Step(String name, String key, byte[] prefix, Part part, DirectNode child, boolean nonNull, DirectLeaves.Leaf leaf,
                Map<String, Object> arguments) {
    }
}
