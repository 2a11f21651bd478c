package zmd.registry.graphql;

import graphql.ExecutionResult;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Depth and cost limits in one instrumentation. Both act once per operation; chaining two instrumentations
 * instead would wrap every field fetch of every request (measured at a large share of server time on pages
 * of hundreds of features). An operation that passed is remembered with its variables (which can skip or include
 * fields): clients repeat the same few, and walking the document was a twentieth of a light request.
 */
final class QueryLimits extends MaxQueryComplexityInstrumentation {
    private static final int MAX_REMEMBERED = 2_000;
    private final MaxQueryDepthInstrumentation depth;
    private final Map<Passed, Boolean> passed = new ConcurrentHashMap<>();

    /** Documents come from {@link DocumentCache}, so the same text is the same instance (nodes compare by identity). */
    private record Passed(Document document, OperationDefinition operation, Map<String, Object> variables) {
    }

    QueryLimits(int maxDepth, int maxComplexity) {
        super(maxComplexity, GraphQLFactory::fieldCost);
        this.depth = new MaxQueryDepthInstrumentation(maxDepth);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        ExecutionContext context = parameters.getExecutionContext();
        Passed key = new Passed(context.getDocument(), context.getOperationDefinition(), context.getCoercedVariables().toMap());
        if (passed.containsKey(key)) {
            return SimpleInstrumentationContext.noOp();
        }
        depth.beginExecuteOperation(parameters, state);
        InstrumentationContext<ExecutionResult> result = super.beginExecuteOperation(parameters, state);
        // Reached only when both limits held (an exceeded limit aborts the execution).
        if (passed.size() >= MAX_REMEMBERED) {
            passed.clear();
        }
        passed.put(key, Boolean.TRUE);
        return result;
    }
}
