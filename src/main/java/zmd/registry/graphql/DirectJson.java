package zmd.registry.graphql;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.util.RawValue;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.GraphQLContext;
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
import graphql.scalars.ExtendedScalars;
import graphql.schema.Coercing;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import graphql.schema.SelectedField;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.access.Caller;

/**
 * Writes a field's whole result as JSON straight from what a feature read, for selections made only of fields the
 * feature declared in a {@link Shape}. graphql-java would otherwise build, fetch and complete every field of every
 * row one by one: thousands per page of the platform feed, most of the server's time. A fetcher asks
 * {@link #plan} first and takes the ordinary path when it answers null (a field not declared, or one with
 * arguments), so both paths answer the same for the same data: leaf values pass through the schema's own scalar
 * and enum serialization, and nested blocks are loaded once per page, like the data loaders do.
 */
public final class DirectJson {
    /**
     * A GraphQL context key: when true, every field takes the ordinary path. Tests compare the two paths with it;
     * it also rules this path out when a difference is suspected.
     */
    public static final String DISABLED = "registry.directJson.disabled";

    private static final Logger LOG = LoggerFactory.getLogger(DirectJson.class);

    private DirectJson() {
    }

    /** A null where the schema allows none: graphql-java must report it (and null the parent). */
    private static final class NullInNonNull extends RuntimeException {
        NullInNonNull(String field) {
            super("null in the non-null field " + field, null, false, false);
        }
    }

    /** A field's result written ahead; the execution strategy puts it into the response as it is. */
    public record Written(RawValue json) {
    }

    /**
     * Loads the children of many rows at once for a caller (their visibility rules apply), by key; {@code fields}
     * are the names selected of each child, for loaders that read only the columns those need.
     */
    @FunctionalInterface
    public interface BatchLoader<K, V> {
        Map<K, V> load(Caller caller, Set<K> keys, Set<String> fields);
    }

    /**
     * Loads a field that takes arguments for many rows at once, by key, for the arguments of one selection of it
     * (a block's geometry in the CRS and precision asked for).
     */
    @FunctionalInterface
    public interface ArgumentsLoader<K, V> {
        Map<K, V> load(Caller caller, Set<K> keys, Map<String, Object> arguments);
    }

    /** The fields of one GraphQL object type that can be written directly, each read from a source value S. */
    public static final class Shape<S> {
        private final String typeName;
        private final Map<String, Part> parts = new HashMap<>();

        public Shape(String typeName) {
            this.typeName = typeName;
        }

        /** A scalar or enum field (or a list of them), serialized as the schema serializes it. */
        public Shape<S> value(String field, Function<? super S, ?> read) {
            parts.put(field, new Part(read, null, null, false, null, false));
            return this;
        }

        /**
         * A copy of this shape with one more scalar field that takes arguments (given with their defaults), e.g. a
         * geometry read with the page for the request's CRS and precision; the page is the context given to
         * {@link Plan#write(Object, Object)}.
         */
        public Shape<S> withArguments(String field, ArgumentsReader<? super S> read) {
            Shape<S> copy = new Shape<>(typeName);
            copy.parts.putAll(parts);
            copy.parts.put(field, new Part(null, null, null, false, read, false));
            return copy;
        }

        /** A nested object (null allowed where the schema allows it). */
        public <C> Shape<S> object(String field, Function<? super S, ? extends C> read, Shape<C> shape) {
            parts.put(field, new Part(read, null, shape, false, null, false));
            return this;
        }

        /** A list of nested objects. */
        public <C> Shape<S> list(String field, Function<? super S, ? extends List<? extends C>> read, Shape<C> shape) {
            parts.put(field, new Part(read, null, shape, true, null, false));
            return this;
        }

        /** A nested object loaded for all rows in one batch by key; null when the loader returns none for a key. */
        public <K, C> Shape<S> batched(String field, Function<? super S, K> key, BatchLoader<K, C> loader, Shape<C> shape) {
            parts.put(field, new Part(key, loader, shape, false, null, false));
            return this;
        }

        /** A list of nested objects loaded for all rows in one batch by key; empty when the loader returns none. */
        public <K, C> Shape<S> batchedList(String field, Function<? super S, K> key, BatchLoader<K, List<C>> loader, Shape<C> shape) {
            parts.put(field, new Part(key, loader, shape, true, null, false));
            return this;
        }

        /**
         * A field with arguments (a scalar when {@code shape} is null) loaded for all rows in one batch per selection
         * of it, by key, with the selection's arguments; null when the loader returns none for a key.
         */
        public <K, C> Shape<S> batchedWithArguments(String field, Function<? super S, K> key, ArgumentsLoader<K, C> loader, Shape<C> shape) {
            parts.put(field, new Part(key, loader, shape, false, null, false));
            return this;
        }

        /** Makes a declared field null for callers who are not staff, as its fetcher makes it on the ordinary path. */
        public Shape<S> staffOnly(String field) {
            Part p = parts.get(field);
            parts.put(field, new Part(p.read(), p.loader(), p.shape(), p.list(), p.withArguments(), true));
            return this;
        }
    }

    /** Reads a field that takes arguments from its source, its arguments and the context of the write. */
    @FunctionalInterface
    public interface ArgumentsReader<S> {
        Object read(S source, Map<String, Object> arguments, Object context);
    }

    /** How one field is read: directly from the source, by key through a batch loader, or with its arguments. */
    private record Part(Function<?, ?> read, Object loader, Shape<?> shape, boolean list,
                        ArgumentsReader<?> withArguments, boolean staffOnly) {
        boolean readsArguments() {
            return withArguments != null || loader instanceof ArgumentsLoader<?, ?>;
        }
    }

    /**
     * The plan for the selection of the current field over a shape, or null when the selection has a field the
     * shape does not declare (the caller then takes the ordinary path).
     */
    public static <S> Plan<S> plan(DataFetchingEnvironment env, Shape<S> shape) {
        if (Boolean.TRUE.equals(env.getGraphQlContext().get(DISABLED))) {
            fallback(env.getGraphQlContext(), "disabled");
            return null;
        }
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
        if (compiled.node() == null) {
            fallback(env.getGraphQlContext(), compiled.fallback());
            return null;
        }
        return new Plan<>(compiled.node(), env.getGraphQlContext(), env.getLocale(), RequestContext.caller(env));
    }

    /** Counts a selection answered on the ordinary path, by why (see {@link Fallbacks}). */
    private static void fallback(GraphQLContext context, String reason) {
        Fallbacks fallbacks = context.get(Fallbacks.class);
        if (fallbacks != null) {
            fallbacks.count(reason);
        }
    }

    /** A compiled selection, or why it cannot be written directly. */
    private record Compiled(Node node, String fallback) {
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
            Node child = null;
            if (part.shape() != null) {
                Compiled nested = compile(part.shape(), f.getSelectionSet().getImmediateFields());
                if (nested.node() == null) {
                    return nested;
                }
                child = nested.node();
            }
            Leaf leaf = null;
            if (child == null) {
                leaf = leaf(f.getType());
                if (leaf == null) {
                    return Compiled.because(field + " is an object its direct shape declares as a value");
                }
            }
            steps.add(new Step(f.getName(), f.getResultKey(), prefix, part, child, f.getType() instanceof GraphQLNonNull, leaf,
                    f.getArguments()));
        }
        return new Compiled(new Node(quoted(shape.typeName), steps.toArray(Step[]::new)), null);
    }

    /** What is written before a field's value: the object's opening brace or a comma, then its quoted key. */
    private static byte[] keyPrefix(String key, boolean first) {
        JsonBytes out = new JsonBytes(key.length() + 4);
        out.raw((byte) (first ? '{' : ','));
        out.string(key);
        out.raw((byte) ':');
        return out.toByteArray();
    }

    private static byte[] quoted(String text) {
        JsonBytes out = new JsonBytes(text.length() + 2);
        out.string(text);
        return out.toByteArray();
    }

    /**
     * A compiled selection for one request: written for the field's value after its batches are loaded (what they
     * loaded is kept here, per step).
     */
    public static final class Plan<S> {
        private final Node root;
        private final GraphQLContext graphQlContext;
        private final Locale locale;
        private final Caller caller;
        private final Map<Step, Map<Object, Object>> loaded = new IdentityHashMap<>();
        private Object context;
        /** Room for one value's ASCII text while it is written (a plan writes on one thread). */
        private final byte[] scratch = new byte[Math.max(Scalars.DATE_TIME_MAX_LENGTH, 36)];

        private Plan(Node root, GraphQLContext graphQlContext, Locale locale, Caller caller) {
            this.root = root;
            this.graphQlContext = graphQlContext;
            this.locale = locale;
            this.caller = caller;
        }

        /**
         * The value written, or null when it cannot be written directly and the ordinary path must answer: a null
         * in a non-null field, or any failure (a batch that could not be loaded, a value out of a scalar's range).
         * graphql-java then reports it at the field it belongs to, with the partial data around it.
         */
        public Written write(S value) {
            return write(value, null);
        }

        /** {@link #write(Object)}, with a context that fields read with arguments are given (see Shape#withArguments). */
        public Written write(S value, Object context) {
            this.context = context;
            try {
                root.prefetch(List.of(value), this);
                JsonBytes out = new JsonBytes(root.lastLength + 256);
                root.write(out, value, this);
                root.lastLength = out.length();
                return new Written(new RawValue(new Utf8Json(out.toByteArray())));
            } catch (NullInNonNull e) {
                fallback(graphQlContext, "a null in a non-null field");
                return null;
            } catch (IOException | RuntimeException e) {
                LOG.debug("answering on the ordinary path: {}", e.toString());
                fallback(graphQlContext, "the direct write failed: " + e.getClass().getSimpleName());
                return null;
            }
        }

        /**
         * The names of the fields selected at a path of field names below the planned field, over all aliases, e.g.
         * what a page must read of each row; empty when nothing is selected there.
         */
        public Set<String> selected(String... path) {
            Set<String> out = new HashSet<>();
            root.collect(path, 0, out);
            return out;
        }

        /** The arguments of each selection of {@code field} (under any alias) at a path of field names. */
        public List<Map<String, Object>> arguments(String field, String... path) {
            List<Map<String, Object>> out = new ArrayList<>();
            root.arguments(field, path, 0, out);
            return out;
        }

        /** The value written directly, or the value itself for the ordinary path (see {@link #write}). */
        public Object writeOr(S value) {
            Written written = write(value);
            return written != null ? written : value;
        }
    }

    /** A compiled selection of one object type: its fields in the order they are written. */
    private static final class Node {
        private final byte[] typeName;
        private final Step[] steps;
        /** The length last written from this selection: the next write's buffer starts that large (races are harmless). */
        private int lastLength;

        Node(byte[] typeName, Step[] steps) {
            this.typeName = typeName;
            this.steps = steps;
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
                if (part == null || (step.child() == null && part.loader() == null)) {
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
    }

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    /** Writes a non-null leaf value (scalar, enum, or a list of them) as the schema serializes it. */
    @FunctionalInterface
    private interface Leaf {
        void write(JsonBytes out, Object value, Plan<?> plan) throws IOException;
    }

    /**
     * The writer of a leaf type, chosen once per compiled field: the commonest values of a page (timestamps, dates,
     * UUID ids, exact decimals, strings, enums) are written as their scalars serialize them without the text, copy or
     * lookups in between (a third of a feed page was these); any other value goes through the scalar's serialize.
     * Null for a type that is no leaf (a shape declaring a value for an object field): the ordinary path answers.
     */
    private static Leaf leaf(GraphQLType type) {
        GraphQLType t = type instanceof GraphQLNonNull nn ? nn.getWrappedType() : type;
        if (t instanceof GraphQLList list) {
            Leaf item = leaf(list.getWrappedType());
            if (item == null) {
                return null;
            }
            boolean itemsNonNull = list.getWrappedType() instanceof GraphQLNonNull;
            return (out, value, plan) -> {
                out.raw((byte) '[');
                boolean first = true;
                for (Object v : (Iterable<?>) value) {
                    if (!first) {
                        out.raw((byte) ',');
                    }
                    first = false;
                    if (v != null) {
                        item.write(out, v, plan);
                    } else if (itemsNonNull) {
                        throw new NullInNonNull("list item");
                    } else {
                        out.nullValue();
                    }
                }
                out.raw((byte) ']');
            };
        }
        if (t instanceof GraphQLEnumType e) {
            return enumLeaf(e);
        }
        if (!(t instanceof GraphQLScalarType scalar)) {
            return null;
        }
        Coercing<?, ?> coercing = scalar.getCoercing();
        // Compared by coercing: the schema holds copies of the scalar types, with the same coercing.
        if (coercing == DATE_TIME) {
            return asciiLeaf(scalar, (value, b) -> value instanceof OffsetDateTime time ? Scalars.formatDateTime(time, b) : -1);
        }
        if (coercing == DATE) {
            return asciiLeaf(scalar, (value, b) -> value instanceof LocalDate date ? Scalars.formatDate(date, b) : -1);
        }
        if (coercing == ID) {
            return (out, value, plan) -> {
                if (value instanceof UUID id) {
                    Scalars.formatUuid(id, plan.scratch);
                    out.quotedAscii(plan.scratch, 36);
                } else if (value instanceof String text) {
                    out.string(text);
                } else {
                    serialized(out, scalar, value, plan);
                }
            };
        }
        if (coercing == BIG_DECIMAL) {
            // The library's serialize is new BigDecimal(d.toString()): the same value and scale.
            return (out, value, plan) -> {
                if (!(value instanceof BigDecimal d && out.number(d))) {
                    serialized(out, scalar, value, plan);
                }
            };
        }
        if (coercing == STRING) {
            return (out, value, plan) -> {
                if (value instanceof String text) {
                    out.string(text);
                } else {
                    serialized(out, scalar, value, plan);
                }
            };
        }
        if (coercing == INT) {
            return (out, value, plan) -> {
                if (value instanceof Integer i) {
                    out.number(i);
                } else {
                    serialized(out, scalar, value, plan);
                }
            };
        }
        return (out, value, plan) -> serialized(out, scalar, value, plan);
    }

    /** Formats a value as ASCII text into a buffer and answers its length, or -1 for a value it does not format. */
    @FunctionalInterface
    private interface AsciiFormat {
        int format(Object value, byte[] into);
    }

    /** A scalar whose common values are formatted as quoted ASCII; any other value goes through its serialize. */
    private static Leaf asciiLeaf(GraphQLScalarType scalar, AsciiFormat format) {
        return (out, value, plan) -> {
            int n = format.format(value, plan.scratch);
            if (n < 0) {
                serialized(out, scalar, value, plan);
            } else {
                out.quotedAscii(plan.scratch, n);
            }
        };
    }

    /**
     * Enum values written by name, each looked up and encoded once: graphql-java finds a value's name by a linear
     * search of the type's values, a twelfth of a feed page written. A value that does not serialize is not kept.
     */
    private static Leaf enumLeaf(GraphQLEnumType type) {
        Map<Object, Object> names = new ConcurrentHashMap<>();
        return (out, value, plan) -> {
            Object name = names.get(value);
            if (name == null) {
                Object serialized = type.serialize(value, plan.graphQlContext, plan.locale);
                name = serialized instanceof String text ? quoted(text) : serialized;
                names.put(value, name);
            }
            if (name instanceof byte[] json) {
                out.raw(json);
            } else {
                writeSerialized(out, name);
            }
        };
    }

    private static void serialized(JsonBytes out, GraphQLScalarType scalar, Object value, Plan<?> plan) throws IOException {
        writeSerialized(out, scalar.getCoercing().serialize(value, plan.graphQlContext, plan.locale));
    }

    /** A serialized value written as the response mapper writes it: the common forms here, anything else by the mapper. */
    private static void writeSerialized(JsonBytes out, Object v) throws IOException {
        if (v instanceof String s) {
            out.string(s);
        } else if (v instanceof Integer i) {
            out.number(i);
        } else if (v instanceof Long l) {
            out.number(l);
        } else if (v instanceof Boolean b) {
            out.bool(b);
        } else if (v instanceof Double d && out.number(d)) {
            return;
        } else if (v instanceof BigDecimal d && out.number(d)) {
            return;
        } else if (v instanceof RawValue r && r.rawValue() instanceof SerializableString json) {
            out.raw(json.asUnquotedUTF8());
        } else if (v instanceof RawValue r && r.rawValue() instanceof String json) {
            out.raw(json.getBytes(StandardCharsets.UTF_8));
        } else {
            out.raw(ResponseJson.MAPPER.writeValueAsBytes(v));
        }
    }

    private static final Coercing<?, ?> DATE_TIME = Scalars.DATE_TIME.getCoercing();
    private static final Coercing<?, ?> DATE = ExtendedScalars.Date.getCoercing();
    private static final Coercing<?, ?> ID = graphql.Scalars.GraphQLID.getCoercing();
    private static final Coercing<?, ?> STRING = graphql.Scalars.GraphQLString.getCoercing();
    private static final Coercing<?, ?> INT = graphql.Scalars.GraphQLInt.getCoercing();
    private static final Coercing<?, ?> BIG_DECIMAL = ExtendedScalars.GraphQLBigDecimal.getCoercing();

    /**
     * One selected field: its result key (and the bytes written before its value), how it is read, whether it may be null, and how its value is
     * written: by a leaf writer, or by the plan of its selection for objects.
     */
    private record Step(String name, String key, byte[] prefix, Part part, Node child, boolean nonNull, Leaf leaf,
                        Map<String, Object> arguments) {
    }
}
