package zmd.registry.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.util.RawValue;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.SimpleDataFetcherExceptionHandler;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the direct path cannot write (a null where the schema allows none) is answered by graphql-java, as ever. */
class DirectJsonFallbackTest {
    record Thing(String name, String other) {
    }

    private static final DirectJson.Shape<Thing> SHAPE = new DirectJson.Shape<Thing>("Thing")
            .value("name", Thing::name)
            .value("other", Thing::other);

    private static ExecutionResult run(Thing value) {
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .type("Query", t -> t.dataFetcher("thing", env -> DirectJson.plan(env, SHAPE).writeOr(value)))
                .build();
        GraphQL graphql = GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(
                        new SchemaParser().parse("type Query { thing: Thing } type Thing { name: String! other: String }"), wiring))
                .queryExecutionStrategy(new DirectAwareStrategy(new SimpleDataFetcherExceptionHandler()))
                .build();
        return graphql.execute("{ thing { name other } }");
    }

    @Test
    void aCompleteValueIsWrittenDirectly() {
        ExecutionResult result = run(new Thing("a", null));
        assertTrue(result.getErrors().isEmpty());
        RawValue json = assertInstanceOf(RawValue.class, ((Map<?, ?>) result.getData()).get("thing"));
        assertEquals("{\"name\":\"a\",\"other\":null}", ((Utf8Json) json.rawValue()).getValue());
    }

    @Test
    void aNullInANonNullFieldIsReportedByTheOrdinaryPath() {
        ExecutionResult result = run(new Thing(null, "b"));
        assertNull(((Map<?, ?>) result.getData()).get("thing"));
        assertEquals(1, result.getErrors().size());
        assertEquals(List.of("thing", "name"), result.getErrors().getFirst().getPath());
    }
}
