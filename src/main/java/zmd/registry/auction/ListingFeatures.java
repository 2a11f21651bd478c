package zmd.registry.auction;

import static zmd.registry.db.generated.Tables.LISTING;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;

import java.util.List;
import org.jooq.impl.DSL;
import zmd.registry.county.CountyRepository;
import zmd.registry.features.FeatureAccess;
import zmd.registry.features.FeatureCollection;
import zmd.registry.features.FeatureProperty;
import zmd.registry.features.Queryable.Type;
import zmd.registry.parcel.ParcelService;
import zmd.registry.parcel.ParcelStatus;

/**
 * Listings with their block's geometry, as a feature collection: what an auction platform or the city's map shows
 * of an offer. Staff see every listing; others the announced ones whose block they may see: a listing that ended
 * UNSOLD or was withdrawn puts its block back to PLANNED, and GraphQL then shows the listing without its block, so a
 * feature, which is its block's geometry, is left out.
 */
public final class ListingFeatures {
    public static final String COLLECTION = "listings";

    private ListingFeatures() {
    }

    public static FeatureCollection collection(CountyRepository counties) {
        var l = LISTING;
        var p = MINE_PARCEL;
        FeatureProperty announcementDate = FeatureProperty.of("announcementDate", "announcement date (公告日期)", Type.DATE, l.ANNOUNCEMENT_DATE);
        List<FeatureProperty> properties = List.of(
                FeatureProperty.of("parcelCode", "block code (矿区编号)", Type.STRING, p.CODE),
                FeatureProperty.of("parcelName", "block name (矿区名称)", Type.STRING, p.NAME),
                FeatureProperty.of("countyCode", "county code (GB/T 2260)", Type.STRING, p.COUNTY_CODE),
                FeatureProperty.derived("county", "county (县区)", Type.STRING, p.COUNTY_CODE, code -> counties.byCode((String) code).name()),
                FeatureProperty.of("method", "method: AUCTION (拍卖), LISTING (挂牌) or TENDER (招标)", Type.STRING, l.METHOD),
                FeatureProperty.of("status", "status: ANNOUNCED, BIDDING, SOLD, UNSOLD or WITHDRAWN (DRAFT for staff)", Type.STRING, l.STATUS),
                FeatureProperty.of("startPrice", "start price in 元 (起始价)", Type.NUMBER, l.START_PRICE),
                FeatureProperty.of("deposit", "deposit in 元 (保证金)", Type.NUMBER, l.DEPOSIT),
                FeatureProperty.of("bidIncrement", "bid increment in 元 (增价幅度)", Type.NUMBER, l.BID_INCREMENT),
                announcementDate,
                FeatureProperty.of("biddingStart", "bidding opens", Type.TIMESTAMP, l.BIDDING_START),
                FeatureProperty.of("biddingEnd", "bidding closes", Type.TIMESTAMP, l.BIDDING_END),
                FeatureProperty.of("finalPrice", "final price in 元 (成交价), when sold", Type.NUMBER, l.FINAL_PRICE),
                FeatureProperty.of("winnerName", "winner (竞得人), when sold", Type.STRING, l.WINNER_NAME),
                FeatureProperty.required("areaM2", "block area in m²", Type.NUMBER, p.AREA_M2),
                FeatureProperty.of("version", "record version", Type.INTEGER, l.VERSION));
        return new FeatureCollection(COLLECTION, "Listings (出让公告)",
                "Offers of mining rights with their block's geometry; datetime filters on announcementDate.",
                false, l.join(p).on(p.ID.eq(l.PARCEL_ID)), l.ID, p.GEOM, properties, announcementDate,
                caller -> caller.isStaff() ? DSL.noCondition() : ListingRepository.publicListing().and(ParcelService.visibleTo(caller)), null,
                // A draft's block may still be PLANNED: the listing shows its coordinates.
                FeatureAccess.plannedBlocks(p.ID, p.STATUS.eq(DSL.inline(ParcelStatus.PLANNED.name()))));
    }
}
