package zmd.registry.reserve;

import java.math.BigDecimal;

/** Design capacity for one mineral; {@code unit} is the quantity unit, per year implied. */
public record DesignCapacity(String mineral, BigDecimal quantityPerYear, String unit) {
    public String unitPerYear() {
        return unit + "/年";
    }
}
