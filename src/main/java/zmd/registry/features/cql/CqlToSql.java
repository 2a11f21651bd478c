package zmd.registry.features.cql;
public final class CqlToSql { public CqlToSql(java.util.List<zmd.registry.features.Queryable> q) {} public org.jooq.Condition condition(CqlExpr e, int s, boolean w) { throw new UnsupportedOperationException(); } }
