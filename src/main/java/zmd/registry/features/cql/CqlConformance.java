package zmd.registry.features.cql;

import java.util.List;

/**
 * The CQL2 conformance classes (OGC 21-065r2) this package implements, for the server's /conformance. Not claimed:
 * accent-insensitive comparison, temporal, array and other functions, arithmetic. The Features Part 3 classes
 * (filter, features-filter, queryables) are about the HTTP parameters and belong to the endpoints that serve them.
 */
public final class CqlConformance {
    private static final String CQL2 = "http://www.opengis.net/spec/cql2/1.0/conf/";

    public static final List<String> CLASSES = List.of(
            CQL2 + "cql2-text",
            CQL2 + "cql2-json",
            CQL2 + "basic-cql2",
            CQL2 + "advanced-comparison-operators",
            CQL2 + "case-insensitive-comparison",
            CQL2 + "basic-spatial-functions",
            CQL2 + "basic-spatial-functions-plus",
            CQL2 + "spatial-functions",
            CQL2 + "property-property");

    private CqlConformance() {
    }
}
