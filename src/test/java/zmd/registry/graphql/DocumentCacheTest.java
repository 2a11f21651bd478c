package zmd.registry.graphql;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import org.junit.jupiter.api.Test;

/** The parsed-document cache stays within its byte budget however many large distinct queries arrive. */
class DocumentCacheTest {
    private static final ParserOptions LARGE = ParserOptions.getDefaultOperationParserOptions()
            .transform(o -> o.maxCharacters(200_000).maxTokens(20_000));

    /** A distinct anonymous query of about 144 KB: a list of 10,000 values and 300 long aliases. */
    static String largeQuery(int i) {
        StringBuilder q = new StringBuilder("{ mineParcels(first: ").append(i % 200 + 1).append(", filter: {county: [");
        q.append("1,".repeat(10_000)).append("]}) { nodes {");
        for (int f = 0; f < 300; f++) {
            q.append(" a").append(f).append("_".repeat(380)).append(": code");
        }
        return q.append(" } } }").toString();
    }

    private static PreparsedDocumentEntry parse(ExecutionInput input) {
        return new PreparsedDocumentEntry(new Parser().parseDocument(
                ParserEnvironment.newParserEnvironment().document(input.getQuery()).parserOptions(LARGE).build()));
    }

    /** The cache checks variables against the schema; these queries send none, so any schema will do. */
    private static final graphql.schema.GraphQLSchema SCHEMA = new graphql.schema.idl.SchemaGenerator().makeExecutableSchema(
            new graphql.schema.idl.SchemaParser().parse("type Query { x: Int }"), graphql.schema.idl.RuntimeWiring.MOCKED_WIRING);

    @Test
    void manyLargeDistinctQueriesStayWithinTheByteBudget() {
        DocumentCache cache = new DocumentCache(SCHEMA);
        long largest = 0;
        for (int i = 0; i < 100; i++) {
            String query = largeQuery(i);
            PreparsedDocumentEntry entry = cache.getDocumentAsync(ExecutionInput.newExecutionInput(query).build(), DocumentCacheTest::parse).join();
            largest = Math.max(largest, DocumentCache.weight(query, entry.getDocument()));
        }
        assertTrue(largest > 1_000_000, "each query weighs " + largest + " bytes");
        long retained = cache.retainedBytes();
        assertTrue(retained <= DocumentCache.MAX_BYTES, "the cache holds " + retained + " bytes");
        assertTrue(retained > DocumentCache.MAX_BYTES / 2, "and is used: " + retained + " bytes");
    }

    @Test
    void aRepeatedQueryIsParsedOnce() {
        DocumentCache cache = new DocumentCache(SCHEMA);
        String query = "{ mineParcels(first: 1) { nodes { code } } }";
        PreparsedDocumentEntry first = cache.getDocumentAsync(ExecutionInput.newExecutionInput(query).build(), DocumentCacheTest::parse).join();
        PreparsedDocumentEntry again = cache.getDocumentAsync(ExecutionInput.newExecutionInput(query).build(), in -> {
            throw new AssertionError("parsed again");
        }).join();
        assertSame(first, again);
    }

    @Test
    void aRefusedQueryIsValidatedOnce() {
        DocumentCache cache = new DocumentCache(SCHEMA);
        String query = "{ nope }";
        PreparsedDocumentEntry refused = new PreparsedDocumentEntry(graphql.GraphqlErrorBuilder.newError().message("refused").build());
        PreparsedDocumentEntry first = cache.getDocumentAsync(ExecutionInput.newExecutionInput(query).build(), in -> refused).join();
        assertTrue(first.hasErrors());
        PreparsedDocumentEntry again = cache.getDocumentAsync(ExecutionInput.newExecutionInput(query).build(), in -> {
            throw new AssertionError("validated again");
        }).join();
        assertSame(first, again);
    }
}
