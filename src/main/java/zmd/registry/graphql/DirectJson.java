package zmd.registry.graphql;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.util.RawValue;
import graphql.GraphQLContext;
import graphql.scalars.ExtendedScalars;
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
import graphql.schema.Coercing;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import graphql.schema.SelectedField;
import java.io.IOException;
import java.math.BigDecimal;
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
import java.util.Optional;
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

    /** The fields of one GraphQL object type that can be written directly, each read from a source value S. */
    public static final class Shape<S> {
        private final String typeName;
        private final Map<String, Part> parts = new HashMap<>();

        public Shape(String typeName) {
            this.typeName = typeName;
        }

        /** A scalar or enum field (or a list of them), serialized as the schema serializes it. */
        public Shape<S> value(String field, Function<? super S, ?> read) {
            parts.put(field, new Part(read, null, null, false, null));
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
            copy.parts.put(field, new Part(null, null, null, false, read));
            return copy;
        }

        /** A nested object (null allowed where the schema allows it). */
        public <C> Shape<S> object(String field, Function<? super S, ? extends C> read, Shape<C> shape) {
            parts.put(field, new Part(read, null, shape, false, null));
            return this;
        }

        /** A list of nested objects. */
        public <C> Shape<S> list(String field, Function<? super S, ? extends List<? extends C>> read, Shape<C> shape) {
            parts.put(field, new Part(read, null, shape, true, null));
            return this;
        }

        /** A nested object loaded for all rows in one batch by key; null when the loader returns none for a key. */
        public <K, C> Shape<S> batched(String field, Function<? super S, K> key, BatchLoader<K, C> loader, Shape<C> shape) {
            parts.put(field, new Part(key, loader, shape, false, null));
            return this;
        }

        /** A list of nested objects loaded for all rows in one batch by key; empty when the loader returns none. */
        public <K, C> Shape<S> batchedList(String field, Function<? super S, K> key, BatchLoader<K, List<C>> loader, Shape<C> shape) {
            parts.put(field, new Part(key, loader, shape, true, null));
            return this;
        }
    }

    /** Reads a field that takes arguments from its source, its arguments and the context of the write. */
    @FunctionalInterface
    public interface ArgumentsReader<S> {
        Object read(S source, Map<String, Object> arguments, Object context);
    }

    /** How one field is read: directly from the source, by key through a batch loader, or with its arguments. */
    private record Part(Function<?, ?> read, BatchLoader<?, ?> loader, Shape<?> shape, boolean list,
                        ArgumentsReader<?> withArguments) {
    }

    /**
     * The plan for the selection of the current field over a shape, or null when the selection has a field the
     * shape does not declare (the caller then takes the ordinary path).
     */
    public static <S> Plan<S> plan(DataFetchingEnvironment env, Shape<S> shape) {
        if (Boolean.TRUE.equals(env.getGraphQlContext().get(DISABLED))) {
            return null;
        }
        List<Field> fields = env.getMergedField().getFields();
        Map<String, Object> read = new HashMap<>();
        for (String name : VARIABLES_READ.computeIfAbsent(fields, f -> variablesRead(f, env.getFragmentsByName()))) {
            read.put(name, env.getVariables().containsKey(name) ? env.getVariables().get(name) : ABSENT);
        }
        PlanKey key = new PlanKey(shape, fields, read);
        Optional<Node> node = PLANS.get(key);
        if (node == null) {
            node = Optional.ofNullable(compile(shape, env.getSelectionSet().getImmediateFields()));
            if (PLANS.size() >= MAX_PLANS) {
                PLANS.clear();
                VARIABLES_READ.clear();
            }
            PLANS.put(key, node);
        }
        return node.map(n -> new Plan<S>(n, env.getGraphQlContext(), env.getLocale(), RequestContext.caller(env))).orElse(null);
    }

    /**
     * Compiled selections (or none, for a selection that cannot be written directly), by shape, by the query's own
     * field nodes (documents are parsed once, see DocumentCache) and by the values of the variables the selection
     * reads: compiling took graphql-java's normalized fields, a twelfth of a feed page. Bounded like documents.
     */
    private static final int MAX_PLANS = 2_000;
    private static final Map<PlanKey, Optional<Node>> PLANS = new ConcurrentHashMap<>();
    private static final Map<List<Field>, Set<String>> VARIABLES_READ = new ConcurrentHashMap<>();
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

    private static Node compile(Shape<?> shape, List<SelectedField> fields) {
        List<Step> steps = new ArrayList<>(fields.size());
        for (SelectedField f : fields) {
            if (f.getName().equals("__typename")) {
                steps.add(new Step(f.getName(), new SerializedString(f.getResultKey()), null, null, null, Map.of()));
                continue;
            }
            Part part = shape.parts.get(f.getName());
            if (part == null || (part.withArguments() == null && !f.getFieldDefinitions().getFirst().getArguments().isEmpty())) {
                return null;
            }
            Node child = null;
            if (part.shape() != null) {
                child = compile(part.shape(), f.getSelectionSet().getImmediateFields());
                if (child == null) {
                    return null;
                }
            }
            steps.add(new Step(f.getName(), new SerializedString(f.getResultKey()), part, child, f.getType(), f.getArguments()));
        }
        return new Node(shape.typeName, steps);
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
                ByteArrayBuilder out = new ByteArrayBuilder(8192);
                try (JsonGenerator g = ResponseJson.MAPPER.createGenerator(out, JsonEncoding.UTF8)) {
                    root.write(g, value, this);
                }
                return new Written(new RawValue(new Utf8Json(out.toByteArray())));
            } catch (IOException | RuntimeException e) {
                LOG.debug("answering on the ordinary path: {}", e.toString());
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

    private record Node(String typeName, List<Step> steps) {
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
                if (step.child() == null) {
                    continue;
                }
                Part part = step.part();
                List<Object> children = new ArrayList<>();
                if (part.loader() != null) {
                    Set<Object> keys = new LinkedHashSet<>();
                    for (Object s : sources) {
                        Object k = ((Function) part.read()).apply(s);
                        if (k != null) {
                            keys.add(k);
                        }
                    }
                    Map<Object, Object> loaded = keys.isEmpty() ? Map.of() : ((BatchLoader) part.loader()).load(plan.caller, keys, step.child().fields());
                    plan.loaded.computeIfAbsent(step, x -> new HashMap<>()).putAll(loaded);
                    loaded.values().forEach(v -> collect(children, v, part.list()));
                } else {
                    for (Object s : sources) {
                        collect(children, ((Function) part.read()).apply(s), part.list());
                    }
                }
                if (!children.isEmpty()) {
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
        void write(JsonGenerator g, Object source, Plan<?> plan) throws IOException {
            g.writeStartObject();
            for (Step step : steps) {
                g.writeFieldName(step.key());
                Part part = step.part();
                if (part == null) {
                    g.writeString(typeName);
                    continue;
                }
                if (part.withArguments() != null) {
                    Object value = ((ArgumentsReader) part.withArguments()).read(source, step.arguments(), plan.context);
                    if (value == null && step.type() instanceof GraphQLNonNull) {
                        throw new NullInNonNull(step.key().getValue());
                    }
                    writeLeaf(g, step.type(), value, plan);
                    continue;
                }
                Object value = ((Function) part.read()).apply(source);
                if (part.loader() != null) {
                    value = value == null ? null : plan.loaded.getOrDefault(step, Map.of()).get(value);
                    if (value == null && part.list()) {
                        value = List.of();
                    }
                }
                if (value == null && step.type() instanceof GraphQLNonNull) {
                    throw new NullInNonNull(step.key().getValue());
                }
                if (step.child() == null) {
                    writeLeaf(g, step.type(), value, plan);
                } else if (value == null) {
                    g.writeNull();
                } else if (part.list()) {
                    g.writeStartArray();
                    for (Object item : (Collection<?>) value) {
                        if (item == null) {
                            throw new NullInNonNull(step.key().getValue() + " item");
                        }
                        step.child().write(g, item, plan);
                    }
                    g.writeEndArray();
                } else {
                    step.child().write(g, value, plan);
                }
            }
            g.writeEndObject();
        }

        /** The common serialized forms written as the mapper writes them, without a serializer lookup per value. */
        private static void writeSerialized(JsonGenerator g, Object v) throws IOException {
            if (v instanceof String s) {
                g.writeString(s);
            } else if (v instanceof BigDecimal d) {
                g.writeNumber(d);
            } else if (v instanceof Integer i) {
                g.writeNumber(i);
            } else if (v instanceof Long l) {
                g.writeNumber(l);
            } else if (v instanceof Double d) {
                g.writeNumber(d);
            } else if (v instanceof Boolean b) {
                g.writeBoolean(b);
            } else if (v instanceof RawValue r && r.rawValue() instanceof SerializableString json) {
                g.writeRawValue(json);
            } else if (v instanceof RawValue r && r.rawValue() instanceof String json) {
                g.writeRawValue(json);
            } else {
                g.writeObject(v);
            }
        }

        /**
         * The commonest values of a page written as their scalars serialize them, without the text or copy in between
         * (a third of a feed page was these): timestamps, UUID ids and exact decimals. False for anything else.
         */
        private static boolean writeCommon(JsonGenerator g, GraphQLScalarType scalar, Object value, Plan<?> plan) throws IOException {
            // Compared by coercing: the schema holds copies of the scalar types, with the same coercing.
            Coercing<?, ?> coercing = scalar.getCoercing();
            if (value instanceof OffsetDateTime t && coercing == DATE_TIME) {
                int n = Scalars.formatDateTime(t, plan.scratch);
                if (n < 0) {
                    return false;
                }
                g.writeRawUTF8String(plan.scratch, 0, n);
                return true;
            }
            if (value instanceof UUID id && coercing == ID) {
                Scalars.formatUuid(id, plan.scratch);
                g.writeRawUTF8String(plan.scratch, 0, 36);
                return true;
            }
            if (value instanceof BigDecimal d && coercing == BIG_DECIMAL) {
                // The library's serialize is new BigDecimal(d.toString()): the same value and scale.
                g.writeNumber(d);
                return true;
            }
            return false;
        }

        private static void writeLeaf(JsonGenerator g, GraphQLType type, Object value, Plan<?> plan) throws IOException {
            GraphQLType t = type instanceof GraphQLNonNull nn ? nn.getWrappedType() : type;
            if (value == null) {
                g.writeNull();
            } else if (t instanceof GraphQLList list) {
                g.writeStartArray();
                for (Object item : (Iterable<?>) value) {
                    if (item == null && list.getWrappedType() instanceof GraphQLNonNull) {
                        throw new NullInNonNull("list item");
                    }
                    writeLeaf(g, list.getWrappedType(), item, plan);
                }
                g.writeEndArray();
            } else if (t instanceof GraphQLScalarType scalar) {
                if (!writeCommon(g, scalar, value, plan)) {
                    writeSerialized(g, scalar.getCoercing().serialize(value, plan.graphQlContext, plan.locale));
                }
            } else if (t instanceof GraphQLEnumType e) {
                Map<Object, Object> names = ENUM_NAMES.get(e);
                if (names == null) {
                    names = ENUM_NAMES.computeIfAbsent(e, x -> new ConcurrentHashMap<>());
                }
                Object name = names.get(value);
                if (name == null) {
                    Object serialized = e.serialize(value, plan.graphQlContext, plan.locale);
                    name = serialized instanceof String text ? new SerializedString(text) : serialized;
                    names.put(value, name);
                }
                if (name instanceof SerializedString text) {
                    g.writeString(text);
                } else {
                    writeSerialized(g, name);
                }
            } else {
                throw new IllegalStateException("not a leaf type: " + t);
            }
        }
    }

    /**
     * The names enum values serialize to, per enum type of the schema: graphql-java finds a value's name by a linear
     * search of the type's values, a twelfth of a feed page written. A value that does not serialize is not kept.
     */
    private static final Map<GraphQLEnumType, Map<Object, Object>> ENUM_NAMES = new ConcurrentHashMap<>();

    private static final Coercing<?, ?> DATE_TIME = Scalars.DATE_TIME.getCoercing();
    private static final Coercing<?, ?> ID = graphql.Scalars.GraphQLID.getCoercing();
    private static final Coercing<?, ?> BIG_DECIMAL = ExtendedScalars.GraphQLBigDecimal.getCoercing();

    /** One selected field: its result key (encoded once), how it is read and, for objects, the plan of its selection. */
    private record Step(String name, SerializedString key, Part part, Node child, GraphQLOutputType type, Map<String, Object> arguments) {
    }
}
