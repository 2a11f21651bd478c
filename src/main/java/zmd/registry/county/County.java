package zmd.registry.county;

/** A county or district of Zhumadian; its boundary is fetched only when asked for. */
public record County(String code, String name, String boundaryNote) {
}
