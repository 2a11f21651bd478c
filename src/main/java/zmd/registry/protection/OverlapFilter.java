package zmd.registry.protection;

/**
 * One condition of the parcel list's overlap filter: blocks whose check of {@code rule} with the current datasets gives
 * {@code verdict} at {@code toleranceM2} (null for {@link OverlapService#DEFAULT_TOLERANCE_M2}).
 */
public record OverlapFilter(OverlapRule rule, Verdict verdict, Double toleranceM2) {
}
