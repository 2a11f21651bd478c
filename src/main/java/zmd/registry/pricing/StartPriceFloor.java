package zmd.registry.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import zmd.registry.reserve.Reserve;

/**
 * The lowest start price the base prices allow for a block on a date: the sum over its reserves of the quantity
 * in the price's unit times the unit price. Exact decimals throughout; only the total is rounded, up to the fen,
 * since a floor must never be understated. When a reserve has no usable base price, no floor can be claimed.
 */
public record StartPriceFloor(UUID parcelId, LocalDate date, List<Line> lines) {

    public enum Gap {
        /** No base price for the mineral in the county, the city or the province on the date. */
        NO_BASE_PRICE,
        /** The base price is per a unit the reserve cannot be converted to (per 立方米 for a reserve in 万吨). */
        UNIT_MISMATCH
    }

    /**
     * One reserve: {@code baseQuantity} is the quantity in its base unit (万立方米 x 10 000 = 立方米); with a usable
     * base price, {@code amountYuan} = baseQuantity x unit price, exact; otherwise {@code gap} says why, in words in
     * {@code gapReason}.
     */
    public record Line(Reserve reserve, BigDecimal baseQuantity, String baseUnit, BasePrice basePrice, BigDecimal amountYuan, Gap gap,
                       String gapReason) {
        public boolean priced() {
            return gap == null;
        }
    }

    /** Every reserve priced, and there is at least one reserve: only then is there a floor. */
    public boolean complete() {
        return !lines.isEmpty() && lines.stream().allMatch(Line::priced);
    }

    /** Sum over the priced reserves, exact. */
    public BigDecimal pricedSubtotalYuan() {
        return lines.stream().filter(Line::priced).map(Line::amountYuan).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The floor in yuan rounded up to the fen; null when it cannot be claimed. */
    public BigDecimal floorYuan() {
        return complete() ? pricedSubtotalYuan().setScale(2, RoundingMode.CEILING) : null;
    }

    public List<Line> unpriced() {
        return lines.stream().filter(l -> !l.priced()).toList();
    }

    /** A start price (2 decimals) clears the floor when it is at least the exact sum. */
    public boolean cleared(BigDecimal startPriceYuan) {
        return complete() && startPriceYuan.compareTo(pricedSubtotalYuan()) >= 0;
    }

    /** The floor in words, or why none can be claimed. */
    public String statement() {
        if (lines.isEmpty()) {
            return "no floor can be claimed: the block has no reserves to price";
        }
        List<Line> gaps = unpriced();
        if (!gaps.isEmpty()) {
            return "no floor can be claimed: " + gaps.size() + " of " + lines.size() + " reserves have no usable base price on " + date + " ("
                    + gaps.stream().map(Line::gapReason).collect(Collectors.joining("; ")) + ")";
        }
        BigDecimal floor = floorYuan();
        return "the start price must be at least " + floor.toPlainString() + " 元 (" + floor.movePointLeft(4).stripTrailingZeros().toPlainString()
                + " 万元): " + lines.size() + " reserve" + (lines.size() == 1 ? "" : "s") + " at the base prices valid on " + date;
    }
}
