package zmd.registry.features.cql;
public interface CqlExpr { }
