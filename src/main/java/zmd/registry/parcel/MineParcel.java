package zmd.registry.parcel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.JSONB;
import zmd.registry.core.Money;
import zmd.registry.db.generated.tables.records.MineParcelRecord;

/**
 * A mining-right block (矿区范围) without its geometry, which is fetched per request shape: a typed view over its
 * row as the migrations define it (so a new column needs no change here). Columns a lean read did not select are
 * null: their fields were not asked for.
 */
public final class MineParcel {
    /** 1 亩 = 10 000/15 m². */
    private static final BigDecimal M2_PER_MU = new BigDecimal("10000").divide(new BigDecimal("15"), 20, RoundingMode.HALF_EVEN);

    private final MineParcelRecord row;
    /** The instant the row is the block as of (rebuilt from the change log), or null for the register now. */
    private final OffsetDateTime asOf;

    /** A block of a row its repository read; the row stays in this package, so only the owner can write it. */
    MineParcel(MineParcelRecord row, OffsetDateTime asOf) {
        row.detach();
        this.row = row;
        this.asOf = asOf;
    }

    /** The row, for this feature's field table and repository only. */
    MineParcelRecord row() {
        return row;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MineParcel p && row.equals(p.row) && java.util.Objects.equals(asOf, p.asOf);
    }

    @Override
    public int hashCode() {
        return row.hashCode();
    }

    /** The instant this block is read as of; null for the register now. */
    public OffsetDateTime asOf() {
        return asOf;
    }

    public UUID id() {
        return row.getId();
    }

    public String code() {
        return row.getCode();
    }

    public String name() {
        return row.getName();
    }

    public String countyCode() {
        return row.getCountyCode();
    }

    public String status() {
        return row.getStatus();
    }

    public String basis() {
        return row.getBasis();
    }

    public String miningMethod() {
        return row.getMiningMethod();
    }

    public BigDecimal elevationTopM() {
        return row.getElevationTopM();
    }

    public BigDecimal elevationBottomM() {
        return row.getElevationBottomM();
    }

    public BigDecimal serviceLifeYears() {
        return row.getServiceLifeYears();
    }

    public BigDecimal plannedStartPriceYuan() {
        return row.getPlannedStartPrice();
    }

    public LocalDate plannedListing() {
        return row.getPlannedListing();
    }

    public String sourceDocument() {
        return row.getSourceDocument();
    }

    public List<String> responsibleBodies() {
        String[] bodies = row.getResponsibleBodies();
        return bodies == null ? List.of() : List.of(bodies);
    }

    public String geology() {
        return row.getGeology();
    }

    public String planConformityStatement() {
        return row.getPlanConformityStatement();
    }

    public Boolean statedClearOfRedLine() {
        return row.getStatedClearOfRedLine();
    }

    public Boolean statedClearOfBasicFarmland() {
        return row.getStatedClearOfBasicFarmland();
    }

    public Boolean statedOutsideMountainList() {
        return row.getStatedOutsideMountainList();
    }

    public List<Milestone> milestones() {
        JSONB json = row.getMilestones();
        return json == null ? List.of() : Milestones.read(json);
    }

    public double areaM2() {
        Double area = row.getAreaM2();
        return area == null ? 0 : area;
    }

    public String geometryNote() {
        return row.getGeometryNote();
    }

    public int version() {
        Integer version = row.getVersion();
        return version == null ? 0 : version;
    }

    public OffsetDateTime createdAt() {
        return row.getCreatedAt();
    }

    public OffsetDateTime updatedAt() {
        return row.getUpdatedAt();
    }

    /** A dated step of the plan, as the source document lists it. */
    public record Milestone(LocalDate date, String what) {
    }

    public record ElevationRange(BigDecimal topM, BigDecimal bottomM) {
    }

    public BigDecimal areaKm2() {
        return BigDecimal.valueOf(areaM2()).movePointLeft(6).setScale(4, RoundingMode.HALF_UP);
    }

    public BigDecimal areaHectares() {
        return BigDecimal.valueOf(areaM2()).movePointLeft(4).setScale(4, RoundingMode.HALF_UP);
    }

    public BigDecimal areaMu() {
        return areaMu(areaM2());
    }

    /** 亩 (1/15 hectare) to two decimals, as every area in 亩 the registry shows. */
    public static BigDecimal areaMu(double m2) {
        return BigDecimal.valueOf(m2).divide(M2_PER_MU, 2, RoundingMode.HALF_UP);
    }

    public ElevationRange elevation() {
        BigDecimal top = row.getElevationTopM();
        BigDecimal bottom = row.getElevationBottomM();
        return top == null || bottom == null ? null : new ElevationRange(top.stripTrailingZeros(), bottom.stripTrailingZeros());
    }

    public Money plannedStartPrice() {
        BigDecimal yuan = row.getPlannedStartPrice();
        return yuan == null ? null : Money.ofYuan(yuan);
    }
}
