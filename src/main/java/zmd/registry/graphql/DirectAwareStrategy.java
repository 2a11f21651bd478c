package zmd.registry.graphql;

import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategyParameters;
import graphql.schema.GraphQLObjectType;

/** Query execution that takes a {@link DirectJson.Written} object result as complete instead of walking its fields. */
final class DirectAwareStrategy extends AsyncExecutionStrategy {
    DirectAwareStrategy(DataFetcherExceptionHandler errors) {
        super(errors);
    }

    @Override
    protected Object completeValueForObject(ExecutionContext context, ExecutionStrategyParameters parameters, GraphQLObjectType type,
            Object result) {
        return result instanceof DirectJson.Written written ? written.json() : super.completeValueForObject(context, parameters, type, result);
    }
}
