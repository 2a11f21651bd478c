package zmd.registry.graphql;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Caches parsed and validated documents by query text: clients (maps, platforms) repeat the same few
 * queries with different variables, so parsing and validation run once per text. Bounded by clearing.
 */
final class DocumentCache implements PreparsedDocumentProvider {
    private static final int MAX_ENTRIES = 2_000;
    private final ConcurrentHashMap<String, PreparsedDocumentEntry> cache = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        PreparsedDocumentEntry cached = cache.get(input.getQuery());
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        PreparsedDocumentEntry entry = parseAndValidate.apply(input);
        if (!entry.hasErrors()) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(input.getQuery(), entry);
        }
        return CompletableFuture.completedFuture(entry);
    }
}
