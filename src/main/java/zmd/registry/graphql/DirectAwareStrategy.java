package zmd.registry.graphql;

import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.FieldValueInfo;

/**
 * Query execution that takes a {@link DirectJson.Written} result as a complete leaf. It must be reported as a leaf,
 * not as an object whose fields are skipped: the data-loader dispatch waits for an object's fields, and other
 * root fields' loaders would then never be dispatched.
 */
final class DirectAwareStrategy extends AsyncExecutionStrategy {
    DirectAwareStrategy(DataFetcherExceptionHandler errors) {
        super(errors);
    }

    @Override
    protected FieldValueInfo completeValue(ExecutionContext context, ExecutionStrategyParameters parameters) {
        return parameters.getSource() instanceof DirectJson.Written written
                ? new FieldValueInfo(FieldValueInfo.CompleteValueType.SCALAR, written.json())
                : super.completeValue(context, parameters);
    }
}
