package zmd.registry.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.GraphQLError;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.Document;
import graphql.language.Node;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.schema.GraphQLSchema;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Caches parsed and validated documents by query text: clients (maps, platforms) repeat the same few
 * queries with different variables, so parsing and validation run once per text. Bounded by the memory the
 * entries take, not only by their number: 1,990 distinct 144 KB queries held 1.09 GB when only entries counted.
 * Caffeine evicts the least useful entries one by one (clearing everything let a flood of one-off queries
 * evict every client's repeated ones at once). Also where {@link InputChecks} sees every literal (once per text)
 * and every request's variables.
 */
final class DocumentCache implements PreparsedDocumentProvider {
    /**
     * Heap a cached entry takes, measured on 144 KB documents parsed here (JDK 25): about 1 byte per character of
     * text, plus 66 bytes (value-dense lists) to 141 bytes (alias-dense fields) per syntax-tree node. A value-dense
     * 144 KB query took 1.8 MB, an alias-dense one 0.4 MB; the text length alone cannot tell them apart.
     */
    static final int BYTES_PER_CHARACTER = 2;
    static final int BYTES_PER_NODE = 150;
    static final long MAX_BYTES = 64L * 1024 * 1024;
    /** A refused entry keeps its errors, not a document. */
    static final int REFUSAL_BYTES = 1024;
    private final Cache<String, PreparsedDocumentEntry> cache = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((String query, PreparsedDocumentEntry entry) -> entry.hasErrors()
                    ? weight(query, null) + REFUSAL_BYTES : weight(query, entry.getDocument()))
            .build();
    private final GraphQLSchema schema;

    DocumentCache(GraphQLSchema schema) {
        this.schema = schema;
    }

    /** The estimated heap of a cached query: its text and its document's nodes. */
    static int weight(String query, Document document) {
        long nodes = document == null ? 0 : nodeBytes(List.of(document));
        return (int) Math.min(Integer.MAX_VALUE, (long) query.length() * BYTES_PER_CHARACTER + nodes);
    }

    /** The estimated heap of these syntax trees (other caches keep parts of documents too). */
    static int nodeBytes(List<? extends Node<?>> roots) {
        long[] nodes = {0};
        NodeVisitorStub counter = new NodeVisitorStub() {
            @Override
            protected TraversalControl visitNode(Node node, TraverserContext<Node> context) {
                nodes[0]++;
                return TraversalControl.CONTINUE;
            }
        };
        for (Node<?> root : roots) {
            new NodeTraverser().depthFirst(counter, root);
        }
        return (int) Math.min(Integer.MAX_VALUE, nodes[0] * BYTES_PER_NODE);
    }

    /** The parsed document of a query text seen before and accepted, or null. */
    Document document(String query) {
        PreparsedDocumentEntry entry = cache.getIfPresent(query);
        return entry == null || entry.hasErrors() ? null : entry.getDocument();
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        PreparsedDocumentEntry entry = cache.getIfPresent(input.getQuery());
        if (entry == null) {
            entry = parseAndValidate.apply(input);
            GraphQLError literal = entry.hasErrors() ? null : InputChecks.literals(entry.getDocument());
            if (entry.hasErrors() || literal != null) {
                // A refusal depends on the text alone: kept too, so a client repeating a refused document (5 000
                // aliases cost tens of milliseconds to validate) pays for it once.
                entry = literal != null ? new PreparsedDocumentEntry(literal)
                        : new PreparsedDocumentEntry(entry.getErrors().stream().map(InputChecks::literalValue).toList());
            }
            cache.put(input.getQuery(), entry);
        }
        if (entry.hasErrors()) {
            return CompletableFuture.completedFuture(entry);
        }
        // Variables change with every request: checked each time, before graphql-java coerces them.
        GraphQLError variable = InputChecks.variables(schema, entry.getDocument(), input.getOperationName(), input.getVariables());
        return CompletableFuture.completedFuture(variable == null ? entry : new PreparsedDocumentEntry(variable));
    }

    /** The estimated bytes the cached entries hold, after pending evictions ran. */
    long retainedBytes() {
        cache.cleanUp();
        return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }
}
