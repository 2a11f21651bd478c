package zmd.registry.features.cql;
public final class CqlConformance { public static final java.util.List<String> CLASSES = java.util.List.of(); }
