package zmd.registry.fuzz;

import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLEnumValueDefinition;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Operations generated from the SDL itself (schema/*.graphqls), so a new query or mutation is fuzzed without
 * touching this suite: one variable per argument, a selection of the result's fields, and values that are
 * plausible except where the generator puts a hostile one.
 */
final class Operations {
    /** One generated request: the document, its variables, and what it calls. */
    record Op(String kind, GraphQLFieldDefinition field, String document, Map<String, Object> variables) {
    }

    final GraphQLSchema schema;
    private final Random random;
    private final Hostile hostile;
    private final Plausible plausible;

    Operations(Random random, Hostile hostile, Plausible plausible) {
        this.schema = load();
        this.random = random;
        this.hostile = hostile;
        this.plausible = plausible;
    }

    static GraphQLSchema load() {
        TypeDefinitionRegistry types = new TypeDefinitionRegistry();
        SchemaParser parser = new SchemaParser();
        try (Stream<Path> files = Files.list(Path.of(Operations.class.getResource("/schema").toURI()))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".graphqls")).sorted().toList()) {
                types.merge(parser.parse(Files.readString(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return UnExecutableSchemaGenerator.makeUnExecutableSchema(types);
    }

    List<GraphQLFieldDefinition> queries() {
        return schema.getQueryType().getFieldDefinitions();
    }

    List<GraphQLFieldDefinition> mutations() {
        return schema.getMutationType().getFieldDefinitions();
    }

    /** A value in the request that can be replaced by a hostile one: where it is, what type it has, what it was. */
    record Slot(java.util.function.Consumer<Object> set, String type, String name, List<String> enumValues, Object original) {
    }

    /** A plain request and the places of its values, to send it again with one value replaced at a time. */
    record Baseline(Op op, List<Slot> slots) {
    }

    /**
     * A request for {@code field}: plausible values for every required argument and some optional ones, then
     * {@code hostile} of them (0 for a plain request) replaced by hostile values of their type. One hostile value in
     * an otherwise good request is what reaches the write path; several at once test the order of the checks.
     */
    Op op(String kind, GraphQLFieldDefinition field, int hostileCount) {
        Baseline b = baseline(kind, field);
        List<Slot> slots = new ArrayList<>(b.slots());
        for (int i = 0; i < hostileCount && !slots.isEmpty(); i++) {
            Slot slot = slots.remove(random.nextInt(slots.size()));
            slot.set().accept(slot.type().equals("GeometryInput") ? hostile.geometryInput() : hostile.of(slot.type(), slot.name(), slot.enumValues()));
        }
        return b.op();
    }

    /** New values where a value may be used once only: codes, idempotency keys and (not to overlap) geometries. */
    void renewUnique(Baseline b) {
        for (Slot slot : b.slots()) {
            if (slot.type().equals("GeometryInput")) {
                slot.set().accept(plausible.geometryInput());
            } else if (slot.name().equals("code") || slot.name().equals("idempotencyKey")) {
                slot.set().accept(plausible.of(slot.type(), slot.name(), slot.enumValues()));
            }
        }
    }

    /** A plain request for {@code field} with the places of its values. */
    Baseline baseline(String kind, GraphQLFieldDefinition field) {
        Map<String, Object> vars = new LinkedHashMap<>();
        StringBuilder decl = new StringBuilder();
        StringBuilder args = new StringBuilder();
        List<Slot> slots = new ArrayList<>();
        String returns = GraphQLTypeUtil.unwrapAll(field.getType()).getName();
        plausible.aboutListings(returns.contains("Listing") || returns.equals("AnnounceCheck"));
        for (GraphQLArgument a : field.getArguments()) {
            boolean required = a.getType() instanceof GraphQLNonNull;
            if (!required && random.nextInt(3) == 0) {
                continue;
            }
            String var = "v_" + a.getName();
            decl.append(decl.isEmpty() ? "(" : ", ").append('$').append(var).append(": ").append(GraphQLTypeUtil.simplePrint(a.getType()));
            args.append(args.isEmpty() ? "(" : ", ").append(a.getName()).append(": $").append(var);
            vars.put(var, value(a.getType(), a.getName(), v -> vars.put(var, v), slots, 0));
        }
        if (!decl.isEmpty()) {
            decl.append(')');
            args.append(')');
        }
        String doc = kind + " Fuzz" + decl + " { " + field.getName() + args + selection(field.getType(), 0) + " }";
        return new Baseline(new Op(kind, field, doc, vars), slots);
    }

    private Object value(GraphQLInputType type, String name, java.util.function.Consumer<Object> set, List<Slot> slots, int depth) {
        GraphQLType t = GraphQLTypeUtil.unwrapNonNull(type);
        if (t instanceof GraphQLList list) {
            int n = random.nextInt(3) + (GraphQLTypeUtil.isNonNull(type) ? 1 : 0);
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int at = i;
                out.add(value((GraphQLInputType) list.getWrappedType(), name, v -> out.set(at, v), slots, depth + 1));
            }
            return out;
        }
        GraphQLNamedType named = (GraphQLNamedType) t;
        if (named instanceof GraphQLInputObjectType obj && !obj.getName().equals("GeometryInput")) {
            Map<String, Object> out = new LinkedHashMap<>();
            boolean elevation = random.nextBoolean();
            for (GraphQLInputObjectField f : obj.getFieldDefinitions()) {
                boolean required = f.getType() instanceof GraphQLNonNull && !f.hasSetDefaultValue();
                // The elevation range is given whole or not at all.
                boolean include = f.getName().startsWith("elevation") ? elevation : random.nextBoolean();
                if (required || (depth < 3 && include)) {
                    out.put(f.getName(), value(f.getType(), f.getName(), v -> out.put(f.getName(), v), slots, depth + 1));
                }
            }
            return out;
        }
        List<String> values = named instanceof GraphQLEnumType e
                ? e.getValues().stream().map(GraphQLEnumValueDefinition::getName).toList() : List.of();
        Object v = named.getName().equals("GeometryInput") ? plausible.geometryInput() : plausible.of(named.getName(), name, values);
        slots.add(new Slot(set, named.getName(), name, values, v));
        return v;
    }

    /**
     * Every leaf of the result (fields with only optional arguments), and objects without arguments to four levels;
     * paged fields are left out below the top, as a client would not fetch them in the same breath.
     */
    String selection(GraphQLOutputType type, int depth) {
        GraphQLType t = GraphQLTypeUtil.unwrapAll(type);
        if (!(t instanceof GraphQLObjectType obj)) {
            return "";
        }
        StringBuilder b = new StringBuilder(" {");
        for (GraphQLFieldDefinition f : obj.getFieldDefinitions()) {
            if (f.getArguments().stream().anyMatch(a -> a.getType() instanceof GraphQLNonNull)) {
                continue;
            }
            GraphQLType inner = GraphQLTypeUtil.unwrapAll(f.getType());
            if (inner instanceof GraphQLObjectType child) {
                boolean paged = child.getName().endsWith("Connection") || child.getName().endsWith("Page");
                if (depth >= 3 || !f.getArguments().isEmpty() || (depth > 0 && paged) || (depth > 0 && child.getName().equals(obj.getName()))) {
                    continue;
                }
                b.append(' ').append(f.getName()).append(selection(f.getType(), depth + 1));
            } else {
                b.append(' ').append(f.getName());
            }
        }
        return b.append(" }").toString();
    }
}
