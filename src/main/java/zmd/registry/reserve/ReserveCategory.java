package zmd.registry.reserve;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reserve categories are kept exactly as written. This tells which classification a written category
 * belongs to and, for the 1999 codes, the nearest GB/T 17766-2020 class (a rule of thumb for reading old
 * documents; an official conversion needs a re-evaluation of the deposit).
 */
public final class ReserveCategory {
    public enum Standard { GB_T_17766_2020, GB_T_17766_1999, UNCLASSIFIED, OTHER }

    private static final Set<String> CLASSES_2020 = Set.of("证实储量", "可信储量", "探明资源量", "控制资源量", "推断资源量");

    private static final Map<String, String> FROM_1999 = Map.ofEntries(
            Map.entry("111b", "证实储量"),
            Map.entry("121b", "可信储量"),
            Map.entry("122b", "可信储量"),
            Map.entry("111", "探明资源量"),
            Map.entry("121", "探明资源量"),
            Map.entry("2m11", "探明资源量"),
            Map.entry("2m21", "探明资源量"),
            Map.entry("2s11", "探明资源量"),
            Map.entry("2s21", "探明资源量"),
            Map.entry("331", "探明资源量"),
            Map.entry("122", "控制资源量"),
            Map.entry("2m22", "控制资源量"),
            Map.entry("2s22", "控制资源量"),
            Map.entry("332", "控制资源量"),
            Map.entry("333", "推断资源量"),
            // 334? (潜在矿产资源) has no counterpart among the 2020 resource classes.
            Map.entry("334", ""),
            Map.entry("334?", ""));

    private ReserveCategory() {
    }

    public static Standard standardOf(String category) {
        if (category == null || category.isBlank()) {
            return Standard.UNCLASSIFIED;
        }
        String c = category.strip();
        if (c.startsWith("预估")) {
            // 预估资源量: an estimate made before any classification.
            return Standard.UNCLASSIFIED;
        }
        if (CLASSES_2020.contains(c)) {
            return Standard.GB_T_17766_2020;
        }
        if (FROM_1999.containsKey(c.toLowerCase(Locale.ROOT))) {
            return Standard.GB_T_17766_1999;
        }
        return Standard.OTHER;
    }

    /** The 2020 class for a written category; null when there is none or it is unclassified. */
    public static String nearest2020(String category) {
        return switch (standardOf(category)) {
            case GB_T_17766_2020 -> category.strip();
            case GB_T_17766_1999 -> {
                String mapped = FROM_1999.get(category.strip().toLowerCase(Locale.ROOT));
                yield mapped.isEmpty() ? null : mapped;
            }
            default -> null;
        };
    }
}
