package zmd.registry.graphql;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.AsyncSerialExecutionStrategy;
import graphql.execution.SubscriptionExecutionStrategy;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserOptions;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.validation.QueryComplexityLimits;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dataloader.DataLoaderRegistry;
import org.reactivestreams.Publisher;
import zmd.registry.access.AccessLog;
import zmd.registry.access.AccessProtocol;
import zmd.registry.access.Caller;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.FieldTable;
import zmd.registry.core.RegistryException;

/**
 * Builds the executable schema from the SDL files under schema/ and the features' wiring. Wiring is
 * checked against the SDL at startup: a field without a resolvable fetcher fails the build of the schema.
 */
public final class GraphQLFactory {
    public static final int MAX_DEPTH = 12;
    public static final int MAX_COMPLEXITY = 2_000;
    /**
     * Field selections an operation may have once its fragments are expanded at every spread, aliases and
     * {@code __typename} included. Counted by graphql-java's validator (QueryComplexityLimits), which stops at the
     * limit, so fragment doubling is refused before any expanded form is built. The nesting ceiling there is the
     * good-faith introspection one (20): data queries are held to {@link #MAX_DEPTH} by {@link QueryLimits}.
     */
    public static final int MAX_FIELDS = 1_000;
    private static final QueryComplexityLimits VALIDATION_LIMITS = QueryComplexityLimits.newLimits()
            .maxFieldsCount(MAX_FIELDS).maxDepth(20).build();
    static final int LIST_FIELD_COST = 50;

    private final List<Feature> features;
    private final GraphQL graphQL;
    private final Fallbacks fallbacks;
    /** Where queries and mutations go (replicas, read-your-writes); null in tests of the schema alone. */
    private final zmd.registry.db.Database database;
    private final AccessLog accessLog;
    private final DocumentCache documents;
    private volatile boolean directWriting = true;

    public GraphQLFactory(List<Feature> features, MeterRegistry meters, zmd.registry.db.Database database, AccessLog accessLog) {
        this.database = database;
        this.features = features;
        this.accessLog = accessLog;
        this.fallbacks = new Fallbacks(meters);
        ParserOptions.setDefaultOperationParserOptions(ParserOptions.getDefaultOperationParserOptions().transform(o -> o
                .maxCharacters(200_000)
                .maxTokens(20_000)
                .maxWhitespaceTokens(200_000)));
        TypeDefinitionRegistry types = new TypeDefinitionRegistry();
        SchemaParser parser = new SchemaParser();
        for (Feature f : features) {
            types.merge(parser.parse(read(f.sdl())));
        }
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring();
        Scalars.all().forEach(wiring::scalar);
        List<FieldTable<?>> tables = features.stream().flatMap(f -> f.fieldTables().stream()).toList();
        // Every table's fetchers first, so that both paths read each field as its table says; features then wire the rest.
        tables.forEach(t -> FieldTables.wire(wiring, t));
        features.forEach(f -> f.wire(wiring));
        RuntimeWiring wired = wiring.build();
        List<String> differences = FieldTables.differences(types, wired, tables);
        if (!differences.isEmpty()) {
            throw new IllegalStateException("the field tables do not match the SDL:\n  " + String.join("\n  ", differences));
        }
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(SchemaGenerator.Options.defaultOptions(), types, wired);
        Errors errors = new Errors();
        this.documents = new DocumentCache(schema);
        this.graphQL = GraphQL.newGraphQL(schema)
                .queryExecutionStrategy(new DirectAwareStrategy(errors))
                .mutationExecutionStrategy(new AsyncSerialExecutionStrategy(errors))
                .subscriptionExecutionStrategy(new SubscriptionExecutionStrategy(errors))
                .preparsedDocumentProvider(documents)
                .instrumentation(new QueryLimits(MAX_DEPTH, MAX_COMPLEXITY))
                .build();
    }

    /** A paged list field runs its own statements: it costs far more than a scalar field. */
    static int fieldCost(graphql.analysis.FieldComplexityEnvironment env, int childComplexity) {
        return childComplexity + (env.getArguments().containsKey("first") ? LIST_FIELD_COST : 1);
    }

    public GraphQL graphQL() {
        return graphQL;
    }

    /**
     * Turns direct writing (see DirectJson) off or on for every request from now on: answers are then all built by
     * graphql-java. For telling the two paths apart when a difference is suspected; the contract tests compare them.
     */
    public void directWriting(boolean on) {
        directWriting = on;
    }

    /**
     * Runs an operation for a caller, with the request's own data loaders (HTTP and WebSocket alike), and records in
     * the access log the sensitive coordinates its answer holds. An answer that cannot be recorded is replaced by the
     * error alone: no data leaves unrecorded. With replicas, a query reads from one and a mutation notes the caller's
     * write (read-your-writes).
     */
    public ExecutionResult execute(String query, String operationName, Map<String, Object> variables, Caller caller, AccessProtocol protocol) {
        if (database != null && database.hasReplicas()) {
            OperationDefinition.Operation kind = kind(query, operationName);
            if (kind == OperationDefinition.Operation.QUERY) {
                return database.reading(caller.keyId(), () -> executeRecorded(query, operationName, variables, caller, protocol, true),
                        GraphQLFactory::lostDatabase);
            }
            ExecutionResult result = executeRecorded(query, operationName, variables, caller, protocol, false);
            if (kind == OperationDefinition.Operation.MUTATION) {
                database.wrote(caller.keyId()); // read-your-writes: this caller's next reads need this write
            }
            return result;
        }
        return executeRecorded(query, operationName, variables, caller, protocol, false);
    }

    private ExecutionResult executeRecorded(String query, String operationName, Map<String, Object> variables, Caller caller,
            AccessProtocol protocol, boolean isQuery) {
        ExecutionResult result = executeOnce(query, operationName, variables, caller);
        // A lost connection (a database restart) fails the statements that were on it; a read is worth one more try.
        if (lostDatabase(result) && (isQuery || kind(query, operationName) == OperationDefinition.Operation.QUERY)) {
            result = executeOnce(query, operationName, variables, caller);
        }
        if (result.getData() instanceof Publisher<?>) {
            // A subscription's events are recorded as they are sent (recordEvent).
            return result;
        }
        try {
            accessLog.record(caller, protocol, () -> operation(query, operationName));
        } catch (RegistryException e) {
            return ExecutionResult.newExecutionResult().addError(Errors.toError(e, null, null)).build();
        }
        return result;
    }

    /**
     * Records what one event of a subscription read (a listing's block, which may still be PLANNED), before it is
     * sent; ACCESS_NOT_RECORDED if it cannot be.
     */
    public void recordEvent(Caller caller, AccessProtocol protocol, String query, String operationName) {
        accessLog.record(caller, protocol, () -> operation(query, operationName) + " (an event)");
    }

    /** The operation run, as the access log names it: "query Look", or "query" for an anonymous one. */
    private String operation(String query, String operationName) {
        return operations(query, operationName).stream().findFirst()
                .map(op -> op.getOperation().name().toLowerCase(Locale.ROOT) + (op.getName() == null ? "" : " " + op.getName()))
                .orElse("GraphQL");
    }

    /** The document's operations of that name (all when null): from the document cache, else parsed. */
    private List<OperationDefinition> operations(String query, String operationName) {
        graphql.language.Document document = documents.document(query);
        return (document != null ? document : Parser.parse(query)).getDefinitionsOfType(OperationDefinition.class).stream()
                .filter(op -> operationName == null || operationName.equals(op.getName())).toList();
    }

    private static boolean lostDatabase(ExecutionResult result) {
        return result.getErrors().stream().anyMatch(e -> e.getExtensions() != null
                && ErrorCode.DATABASE_UNAVAILABLE.name().equals(e.getExtensions().get("code")));
    }

    /** The operation's kind; a mutation for a document that does not parse (it fails anyway, on the primary). */
    private OperationDefinition.Operation kind(String query, String operationName) {
        try {
            List<OperationDefinition> ops = operations(query, operationName);
            return !ops.isEmpty() && ops.stream().allMatch(op -> op.getOperation() == OperationDefinition.Operation.QUERY)
                    ? OperationDefinition.Operation.QUERY
                    : ops.stream().anyMatch(op -> op.getOperation() == OperationDefinition.Operation.SUBSCRIPTION)
                    ? OperationDefinition.Operation.SUBSCRIPTION : OperationDefinition.Operation.MUTATION;
        } catch (InvalidSyntaxException e) {
            return OperationDefinition.Operation.MUTATION;
        }
    }

    private ExecutionResult executeOnce(String query, String operationName, Map<String, Object> variables, Caller caller) {
        return graphQL.execute(ExecutionInput.newExecutionInput()
                .query(query)
                .operationName(operationName)
                .variables(variables)
                .graphQLContext(Map.of(Caller.class, caller, QueryComplexityLimits.KEY, VALIDATION_LIMITS, Fallbacks.class, fallbacks,
                        DirectJson.DISABLED, !directWriting))
                .dataLoaderRegistry(loadersFor(caller))
                .build());
    }

    public DataLoaderRegistry loadersFor(Caller caller) {
        DataLoaderRegistry registry = new DataLoaderRegistry();
        features.forEach(f -> f.registerLoaders(registry, caller));
        return registry;
    }

    private static String read(String file) {
        try (InputStream in = GraphQLFactory.class.getResourceAsStream("/schema/" + file)) {
            if (in == null) {
                throw new IllegalStateException("schema/" + file + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
