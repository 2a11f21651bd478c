package zmd.registry.graphql;

import graphql.ExecutionResult;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;

/**
 * Depth and cost limits in one instrumentation. Both act once per operation; chaining two instrumentations
 * instead would wrap every field fetch of every request (measured at a large share of server time on pages
 * of hundreds of features).
 */
final class QueryLimits extends MaxQueryComplexityInstrumentation {
    private final MaxQueryDepthInstrumentation depth;

    QueryLimits(int maxDepth, int maxComplexity) {
        super(maxComplexity, GraphQLFactory::fieldCost);
        this.depth = new MaxQueryDepthInstrumentation(maxDepth);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        depth.beginExecuteOperation(parameters, state);
        return super.beginExecuteOperation(parameters, state);
    }
}
