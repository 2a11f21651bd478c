package zmd.registry.parcel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A mining-right block (矿区范围) without its geometry, which is fetched per request shape. */
public record MineParcel(
        UUID id,
        String code,
        String name,
        String countyCode,
        String status,
        String basis,
        String miningMethod,
        BigDecimal elevationTopM,
        BigDecimal elevationBottomM,
        BigDecimal serviceLifeYears,
        BigDecimal plannedStartPriceYuan,
        LocalDate plannedListing,
        String sourceDocument,
        List<String> responsibleBodies,
        String geology,
        String planConformityStatement,
        Boolean statedClearOfRedLine,
        Boolean statedClearOfBasicFarmland,
        Boolean statedOutsideMountainList,
        List<Milestone> milestones,
        double areaM2,
        String geometryNote,
        int version,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /** 1 亩 = 10 000/15 m². */
    private static final BigDecimal M2_PER_MU = new BigDecimal("10000").divide(new BigDecimal("15"), 20, RoundingMode.HALF_EVEN);

    /** A dated step of the plan, as the source document lists it. */
    public record Milestone(java.time.LocalDate date, String what) {
    }

    public record ElevationRange(BigDecimal topM, BigDecimal bottomM) {
    }

    /** An amount in yuan to the fen; 万元 and words are derived when asked for (a feed page shows yuan only). */
    public record Money(BigDecimal yuan) {
        public BigDecimal wanYuan() {
            return yuan.movePointLeft(4).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        }

        /** 大写金额, e.g. 肆亿叁仟伍佰捌拾陆万陆仟伍佰元整. */
        public String inWords() {
            return CapitalAmount.of(yuan);
        }

        public static Money ofYuan(BigDecimal yuan) {
            return new Money(yuan.setScale(2, RoundingMode.HALF_UP));
        }
    }

    public BigDecimal areaKm2() {
        return BigDecimal.valueOf(areaM2).movePointLeft(6).setScale(4, RoundingMode.HALF_UP);
    }

    public BigDecimal areaHectares() {
        return BigDecimal.valueOf(areaM2).movePointLeft(4).setScale(4, RoundingMode.HALF_UP);
    }

    public BigDecimal areaMu() {
        return BigDecimal.valueOf(areaM2).divide(M2_PER_MU, 2, RoundingMode.HALF_UP);
    }

    public ElevationRange elevation() {
        return elevationTopM == null || elevationBottomM == null ? null
                : new ElevationRange(elevationTopM.stripTrailingZeros(), elevationBottomM.stripTrailingZeros());
    }

    public Money plannedStartPrice() {
        return plannedStartPriceYuan == null ? null : Money.ofYuan(plannedStartPriceYuan);
    }
}
