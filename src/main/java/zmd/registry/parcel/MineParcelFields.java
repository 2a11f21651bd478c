package zmd.registry.parcel;

import static zmd.registry.db.generated.Tables.MINE_PARCEL;

import java.util.List;
import zmd.registry.core.FieldTable;
import zmd.registry.core.Money;
import zmd.registry.county.CountyRepository;
import zmd.registry.geo.CornerPointTable;

/**
 * The fields of MineParcel (schema/parcel.graphqls): what each reads of the mine_parcel row. A new column becomes a
 * field here with one line; the repository, the GraphQL fetchers and the direct writer all follow this table.
 */
public final class MineParcelFields {
    private static final zmd.registry.db.generated.tables.MineParcel P = MINE_PARCEL;

    public static final FieldTable<Money> MONEY = FieldTable.<Money>of("Money")
            .value("yuan", List.of(), Money::yuan)
            .value("wanYuan", List.of(), Money::wanYuan)
            .value("inWords", List.of(), Money::inWords);
    public static final FieldTable<MineParcel.ElevationRange> ELEVATION = FieldTable.<MineParcel.ElevationRange>of("ElevationRange")
            .value("topM", List.of(), MineParcel.ElevationRange::topM)
            .value("bottomM", List.of(), MineParcel.ElevationRange::bottomM);
    public static final FieldTable<MineParcel.Milestone> MILESTONE = FieldTable.<MineParcel.Milestone>of("Milestone")
            .value("date", List.of(), MineParcel.Milestone::date)
            .value("what", List.of(), MineParcel.Milestone::what);

    public static final FieldTable<CornerPointTable> CORNER_POINTS = FieldTable.<CornerPointTable>of("CornerPointTable")
            .value("srid", List.of(), CornerPointTable::srid)
            .value("zonePrefixed", List.of(), CornerPointTable::zonePrefixed)
            .objects("rings", "CornerRing", List.of(), CornerPointTable::rings);
    public static final FieldTable<CornerPointTable.Ring> CORNER_RING = FieldTable.<CornerPointTable.Ring>of("CornerRing")
            .value("part", List.of(), CornerPointTable.Ring::part)
            .value("hole", List.of(), CornerPointTable.Ring::hole)
            .objects("points", "CornerPoint", List.of(), CornerPointTable.Ring::points);
    public static final FieldTable<CornerPointTable.Point> CORNER_POINT = FieldTable.<CornerPointTable.Point>of("CornerPoint")
            .value("no", List.of(), CornerPointTable.Point::no)
            .value("x", List.of(), CornerPointTable.Point::x)
            .value("y", List.of(), CornerPointTable.Point::y);

    private MineParcelFields() {
    }

    public static FieldTable<MineParcel> table(CountyRepository counties) {
        return FieldTable.<MineParcel>ofRows("MineParcel", P, MineParcel::row)
                .value("id", List.of(P.ID), MineParcel::id)
                .column("code", P.CODE)
                .column("name", P.NAME)
                .object("county", "County", List.of(P.COUNTY_CODE), p -> counties.byCode(p.countyCode()))
                .column("status", P.STATUS)
                .column("basis", P.BASIS)
                .column("miningMethod", P.MINING_METHOD)
                .object("elevation", "ElevationRange", List.of(P.ELEVATION_TOP_M, P.ELEVATION_BOTTOM_M), MineParcel::elevation)
                .column("serviceLifeYears", P.SERVICE_LIFE_YEARS)
                .object("plannedStartPrice", "Money", List.of(P.PLANNED_START_PRICE), MineParcel::plannedStartPrice)
                .column("plannedListing", P.PLANNED_LISTING)
                .column("sourceDocument", P.SOURCE_DOCUMENT)
                .value("responsibleBodies", List.of(P.RESPONSIBLE_BODIES), MineParcel::responsibleBodies)
                .column("geology", P.GEOLOGY)
                .column("planConformityStatement", P.PLAN_CONFORMITY_STATEMENT)
                .column("statedClearOfRedLine", P.STATED_CLEAR_OF_RED_LINE)
                .column("statedClearOfBasicFarmland", P.STATED_CLEAR_OF_BASIC_FARMLAND)
                .column("statedOutsideMountainList", P.STATED_OUTSIDE_MOUNTAIN_LIST)
                .objects("milestones", "Milestone", List.of(P.MILESTONES), MineParcel::milestones)
                .loaded("reserves")
                .loaded("designCapacities")
                .value("areaM2", List.of(P.AREA_M2), MineParcel::areaM2)
                .value("areaKm2", List.of(P.AREA_M2), MineParcel::areaKm2)
                .value("areaHectares", List.of(P.AREA_M2), MineParcel::areaHectares)
                .value("areaMu", List.of(P.AREA_M2), MineParcel::areaMu)
                .loaded("geometry")
                .loaded("wkt")
                .loaded("bbox")
                .loaded("centroid")
                .loaded("cornerPoints")
                .column("geometryNote", P.GEOMETRY_NOTE)
                .value("version", List.of(P.VERSION), MineParcel::version)
                .value("asOf", List.of(), MineParcel::asOf)
                .column("createdAt", P.CREATED_AT)
                .column("updatedAt", P.UPDATED_AT);
    }
}
