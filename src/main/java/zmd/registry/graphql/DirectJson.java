package zmd.registry.graphql;

import com.fasterxml.jackson.databind.util.RawValue;
import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.access.Caller;
import zmd.registry.core.RegistryException;

/**
 * Writes a field's whole result as JSON straight from what a feature read, for selections made only of fields the
 * feature declared in a {@link Shape}. graphql-java would otherwise build, fetch and complete every field of every
 * row one by one: thousands per page of the platform feed, most of the server's time. A fetcher asks
 * {@link #plan} first and takes the ordinary path when it answers null (a field its shape lacks, or one
 * whose arguments the shape does not read), so both paths answer the same for the same data: leaf values pass through the schema's own scalar
 * and enum serialization, and nested blocks are loaded once per page, like the data loaders do. Selections are
 * compiled and cached by {@link DirectPlans} into {@link DirectNode}s, whose scalars and enums {@link DirectLeaves}
 * writes.
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
    static final class NullInNonNull extends RuntimeException {
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
        final String typeName;
        final Map<String, Part> parts = new HashMap<>();

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
    record Part(Function<?, ?> read, Object loader, Shape<?> shape, boolean list,
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
        DirectPlans.Compiled compiled = DirectPlans.compiled(env, shape);
        if (compiled.node() == null) {
            fallback(env.getGraphQlContext(), compiled.fallback());
            return null;
        }
        return new Plan<>(compiled.node(), env.getGraphQlContext(), env.getLocale(), RequestContext.caller(env));
    }

    /**
     * A list field's items written directly when the item shape covers the selection, else the items as they are for
     * field-by-field execution (a list of counties, layers, keys).
     */
    public static <S> Object listOr(DataFetchingEnvironment env, Shape<S> item, List<? extends S> items) {
        if (items == null) {
            return null;
        }
        Plan<S> plan = plan(env, item);
        Written written = plan == null ? null : plan.writeList(items);
        return written != null ? written : items;
    }

    /** Counts a selection answered on the ordinary path, by why (see {@link Fallbacks}). */
    private static void fallback(GraphQLContext context, String reason) {
        Fallbacks fallbacks = context.get(Fallbacks.class);
        if (fallbacks != null) {
            fallbacks.count(reason);
        }
    }

    /**
     * A compiled selection for one request: written for the field's value after its batches are loaded (what they
     * loaded is kept here, per step).
     */
    public static final class Plan<S> {
        private final DirectNode root;
        final GraphQLContext graphQlContext;
        final Locale locale;
        final Caller caller;
        final Map<DirectNode.Step, Map<Object, Object>> loaded = new IdentityHashMap<>();
        Object context;
        /** Room for one value's ASCII text while it is written (a plan writes on one thread). */
        final byte[] scratch = new byte[Math.max(Scalars.DATE_TIME_MAX_LENGTH, 36)];

        private Plan(DirectNode root, GraphQLContext graphQlContext, Locale locale, Caller caller) {
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
            return attempt(() -> {
                root.prefetch(List.of(value), this);
                JsonBytes out = new JsonBytes(root.lastLength + 256);
                root.write(out, value, this);
                return out;
            });
        }

        /** The items of a list field written as a JSON array, or null as for {@link #write(Object)}. */
        Written writeList(List<? extends S> items) {
            return attempt(() -> {
                root.prefetch(items, this);
                JsonBytes out = new JsonBytes(root.lastLength + 256);
                out.raw((byte) '[');
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i) == null) {
                        throw new NullInNonNull("list item");
                    }
                    if (i > 0) {
                        out.raw((byte) ',');
                    }
                    root.write(out, items.get(i), this);
                }
                out.raw((byte) ']');
                return out;
            });
        }

        @FunctionalInterface
        private interface Writing {
            JsonBytes write() throws IOException;
        }

        private Written attempt(Writing writing) {
            try {
                JsonBytes out = writing.write();
                root.lastLength = out.length();
                return new Written(new RawValue(new Utf8Json(out.toByteArray())));
            } catch (NullInNonNull e) {
                fallback(graphQlContext, "a null in a non-null field");
                return null;
            } catch (RegistryException e) {
                // A refused argument (a precision out of range): the ordinary path reports it at its field.
                fallback(graphQlContext, "a refused argument or value: " + e.code());
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
}
