package zmd.registry.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionResult;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.Node;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.VariableReference;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Depth and cost limits in one instrumentation. Both act once per operation; chaining two instrumentations
 * instead would wrap every field fetch of every request (measured at a large share of server time on pages
 * of hundreds of features). An operation that passed is remembered with the values of the variables its
 * {@code @skip}/{@code @include} directives read (the only variables depth and cost depend on): clients repeat the same
 * few operations, and walking the document was a twentieth of a light request. Other variables (geometries, up to
 * megabytes) are not kept.
 */
final class QueryLimits extends MaxQueryComplexityInstrumentation {
    private static final int MAX_REMEMBERED = 2_000;
    private final MaxQueryDepthInstrumentation depth;
    /**
     * By document, weakly: documents come from {@link DocumentCache}, so the same text is the same instance, and a
     * document it evicted is not kept alive here (these maps held every document they had seen, up to 2,000).
     */
    private final Cache<Document, Set<Passed>> passed = Caffeine.newBuilder().weakKeys().maximumSize(MAX_REMEMBERED).build();
    private final Cache<Document, Set<String>> directiveVariables = Caffeine.newBuilder().weakKeys().maximumSize(MAX_REMEMBERED).build();

    private record Passed(OperationDefinition operation, Map<String, Object> directiveValues) {
    }

    QueryLimits(int maxDepth, int maxComplexity) {
        super(maxComplexity, GraphQLFactory::fieldCost);
        this.depth = new MaxQueryDepthInstrumentation(maxDepth);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        ExecutionContext context = parameters.getExecutionContext();
        Map<String, Object> values = new HashMap<>();
        Map<String, Object> all = context.getCoercedVariables().toMap();
        for (String name : directiveVariables(context.getDocument())) {
            values.put(name, all.get(name));
        }
        Set<Passed> passedHere = passed.get(context.getDocument(), d -> ConcurrentHashMap.newKeySet());
        Passed key = new Passed(context.getOperationDefinition(), values);
        if (passedHere.contains(key)) {
            return SimpleInstrumentationContext.noOp();
        }
        if (!introspectionOnly(context.getOperationDefinition())) {
            depth.beginExecuteOperation(parameters, state);
        }
        InstrumentationContext<ExecutionResult> result = super.beginExecuteOperation(parameters, state);
        // Reached only when both limits held (an exceeded limit aborts the execution). Variables of skip/include
        // are few in practice; the bound keeps a flood of values from growing one document's set.
        if (passedHere.size() >= MAX_REMEMBERED) {
            passedHere.clear();
        }
        passedHere.add(key);
        return result;
    }

    /**
     * An operation of schema questions only. The standard introspection queries of GraphiQL and codegen tools nest
     * {@code ofType} deeper than data queries may go; graphql-java's good-faith introspection bounds them instead
     * (each of __schema, __type and the __Type lists at most once, 500 fields, depth 20).
     */
    private static boolean introspectionOnly(OperationDefinition operation) {
        List<Selection> selections = operation.getSelectionSet().getSelections();
        return !selections.isEmpty() && selections.stream().allMatch(s -> s instanceof Field f && f.getName().startsWith("__"));
    }

    /** The names of the variables read by the document's directives. */
    private Set<String> directiveVariables(Document document) {
        return directiveVariables.get(document, d -> {
            Set<String> names = new HashSet<>();
            new NodeTraverser().depthFirst(new NodeVisitorStub() {
                @Override
                public TraversalControl visitDirective(Directive node, TraverserContext<Node> context) {
                    new NodeTraverser().depthFirst(new NodeVisitorStub() {
                        @Override
                        public TraversalControl visitVariableReference(VariableReference ref, TraverserContext<Node> inner) {
                            names.add(ref.getName());
                            return TraversalControl.CONTINUE;
                        }
                    }, node);
                    return TraversalControl.CONTINUE;
                }
            }, d);
            return Set.copyOf(names);
        });
    }
}
