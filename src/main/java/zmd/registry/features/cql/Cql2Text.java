package zmd.registry.features.cql;
public final class Cql2Text { public static CqlExpr parse(String t) { throw new UnsupportedOperationException(); } }
