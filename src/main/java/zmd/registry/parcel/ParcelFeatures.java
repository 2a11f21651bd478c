package zmd.registry.parcel;

import static zmd.registry.db.generated.Tables.MINE_PARCEL;

import java.util.List;
import org.jooq.impl.DSL;
import zmd.registry.county.CountyRepository;
import zmd.registry.features.FeatureAccess;
import zmd.registry.features.FeatureCollection;
import zmd.registry.features.FeatureProperty;
import zmd.registry.features.Queryable.Type;
import zmd.registry.reserve.ReserveRepository;

/** Mining-right blocks as a feature collection (OGC API Features, tiles): the fields GIS users filter and label by. */
public final class ParcelFeatures {
    public static final String COLLECTION = "mine-parcels";

    private ParcelFeatures() {
    }

    public static FeatureCollection collection(CountyRepository counties) {
        var p = MINE_PARCEL;
        FeatureProperty plannedListing = FeatureProperty.of("plannedListing", "planned listing date (计划出让时间)", Type.DATE, p.PLANNED_LISTING);
        List<FeatureProperty> properties = List.of(
                FeatureProperty.of("code", "block code (矿区编号)", Type.STRING, p.CODE),
                FeatureProperty.of("name", "name (矿区名称)", Type.STRING, p.NAME),
                FeatureProperty.of("countyCode", "county code (GB/T 2260)", Type.STRING, p.COUNTY_CODE),
                FeatureProperty.derived("county", "county (县区)", Type.STRING, p.COUNTY_CODE, code -> counties.byCode((String) code).name()),
                FeatureProperty.of("status", "status: PLANNED, LISTED, GRANTED, EXPIRED or CANCELLED", Type.STRING, p.STATUS),
                FeatureProperty.of("basis", "exploration basis (勘查程度)", Type.STRING, p.BASIS),
                FeatureProperty.of("miningMethod", "mining method (开采方式)", Type.STRING, p.MINING_METHOD),
                FeatureProperty.derived("minerals", "minerals of the reserves (矿种)", Type.STRING, ReserveRepository.mineralsOf(p.ID), v -> v),
                FeatureProperty.required("areaM2", "area in m² (CGCS2000 Gauss-Krüger CM 114E)", Type.NUMBER, p.AREA_M2),
                FeatureProperty.derived("areaMu", "area in 亩", Type.NUMBER, p.AREA_M2, m2 -> MineParcel.areaMu((Double) m2)),
                FeatureProperty.of("plannedStartPrice", "planned start price in 元 (出让起始价)", Type.NUMBER, p.PLANNED_START_PRICE),
                plannedListing,
                FeatureProperty.of("serviceLifeYears", "service life in years (服务年限)", Type.NUMBER, p.SERVICE_LIFE_YEARS),
                FeatureProperty.of("version", "record version", Type.INTEGER, p.VERSION),
                FeatureProperty.of("updatedAt", "last changed", Type.TIMESTAMP, p.UPDATED_AT));
        return new FeatureCollection(COLLECTION, "Mining-right blocks (矿区范围)",
                "Blocks of the mining-rights plan with their status, minerals and areas; planned blocks only for staff. "
                        + "datetime filters on plannedListing.",
                false, p, p.ID, p.GEOM, properties, plannedListing, ParcelService::visibleTo, null,
                FeatureAccess.plannedBlocks(p.ID, p.STATUS.eq(DSL.inline(ParcelStatus.PLANNED.name()))));
    }
}
