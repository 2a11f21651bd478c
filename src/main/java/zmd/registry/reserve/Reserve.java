package zmd.registry.reserve;

import java.math.BigDecimal;

/**
 * A reserve as written in the source document; see {@link ReserveCategory} for the category. Callers send the same
 * record, checked by {@link ReserveInputs} before it is stored.
 */
public record Reserve(String mineral, String category, BigDecimal quantity, String unit, String unitNote, String categoryNote) {

    public ReserveCategory.Standard categoryStandard() {
        return ReserveCategory.standardOf(category);
    }

    public String category2020() {
        return ReserveCategory.nearest2020(category);
    }
}
