package zmd.registry.graphql;

import graphql.ExecutionInput;
import graphql.GraphQLError;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.schema.GraphQLSchema;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Caches parsed and validated documents by query text: clients (maps, platforms) repeat the same few
 * queries with different variables, so parsing and validation run once per text. Bounded by clearing. Also where
 * {@link InputChecks} sees every literal (once per text) and every request's variables.
 */
final class DocumentCache implements PreparsedDocumentProvider {
    private static final int MAX_ENTRIES = 2_000;
    private final ConcurrentHashMap<String, PreparsedDocumentEntry> cache = new ConcurrentHashMap<>();
    private final GraphQLSchema schema;

    DocumentCache(GraphQLSchema schema) {
        this.schema = schema;
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        PreparsedDocumentEntry entry = cache.get(input.getQuery());
        if (entry == null) {
            entry = parseAndValidate.apply(input);
            if (entry.hasErrors()) {
                return CompletableFuture.completedFuture(new PreparsedDocumentEntry(entry.getErrors().stream().map(InputChecks::literalValue).toList()));
            }
            GraphQLError literal = InputChecks.literals(entry.getDocument());
            if (literal != null) {
                return CompletableFuture.completedFuture(new PreparsedDocumentEntry(literal));
            }
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(input.getQuery(), entry);
        }
        // Variables change with every request: checked each time, before graphql-java coerces them.
        GraphQLError variable = InputChecks.variables(schema, entry.getDocument(), input.getOperationName(), input.getVariables());
        return CompletableFuture.completedFuture(variable == null ? entry : new PreparsedDocumentEntry(variable));
    }
}
