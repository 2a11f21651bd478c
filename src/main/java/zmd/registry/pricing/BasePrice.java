package zmd.registry.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One market base price (矿业权出让收益市场基准价): yuan per base unit of a mineral in a region, valid from
 * {@code validFrom} to {@code validTo} inclusive (open-ended when null). {@code miningMethod} null = any method.
 */
public record BasePrice(
        long id,
        String edition,
        int sourceLine,
        String mineral,
        PriceRegion region,
        String miningMethod,
        BigDecimal unitPrice,
        String unit,
        LocalDate validFrom,
        LocalDate validTo,
        String sourceDocument) {

    /** As the documents write it: 元/吨, 元/立方米. */
    public String priceUnit() {
        return "元/" + unit;
    }
}
