package zmd.registry.auction;

import static zmd.registry.db.generated.Tables.LISTING;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import zmd.registry.core.FieldTable;
import zmd.registry.core.Money;
import zmd.registry.graphql.Connection;

/**
 * The fields of Listing, ListingOutcome and ListingChange (schema/auction.graphqls): the listing columns each reads,
 * and which are for staff only. The listing's id, status and outcome key are always read: visibility, the status
 * and whether there is an outcome depend on them.
 */
final class ListingFields {
    private static final zmd.registry.db.generated.tables.Listing L = LISTING;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static final List<org.jooq.Field<?>> ALWAYS_READ = List.of(L.ID, L.STATUS, L.OUTCOME_KEY);

    static final FieldTable<Listing> LISTING_FIELDS = FieldTable.<Listing>of("Listing")
            .value("id", List.of(L.ID), Listing::id)
            .loaded("parcel", List.of(L.PARCEL_ID))
            .value("parcelId", List.of(L.PARCEL_ID), Listing::parcelId)
            .value("method", List.of(L.METHOD), Listing::method)
            .value("status", List.of(L.STATUS), Listing::status)
            .object("startPrice", "Money", List.of(L.START_PRICE), l -> Money.ofYuan(l.startPriceYuan()))
            .object("deposit", "Money", List.of(L.DEPOSIT), l -> Money.ofYuan(l.depositYuan()))
            .object("bidIncrement", "Money", List.of(L.BID_INCREMENT), l -> Money.ofYuan(l.bidIncrementYuan()))
            .value("announcementDate", List.of(L.ANNOUNCEMENT_DATE), Listing::announcementDate)
            .value("biddingStart", List.of(L.BIDDING_START), Listing::biddingStart)
            .value("biddingEnd", List.of(L.BIDDING_END), Listing::biddingEnd)
            .value("conditions", List.of(L.CONDITIONS), Listing::conditions)
            .value("announcedAt", List.of(L.ANNOUNCED_AT), Listing::announcedAt)
            .value("withdrawnAt", List.of(L.WITHDRAWN_AT), Listing::withdrawnAt)
            .value("withdrawReason", List.of(L.WITHDRAW_REASON), Listing::withdrawReason)
            .object("outcome", "ListingOutcome", List.of(L.FINAL_PRICE, L.WINNER_NAME, L.WINNER_CREDIT_CODE, L.DECIDED_AT,
                    L.OUTCOME_REPORTED_BY, L.OUTCOME_REPORTED_AT), Listing::outcome)
            .value("announceEvidence", List.of(L.ANNOUNCE_EVIDENCE), l -> l.announceEvidenceJson() == null ? null : parse(l.announceEvidenceJson()))
            .staffOnly()
            .object("announceFloor", "Money", List.of(L.ANNOUNCE_FLOOR),
                    l -> l.announceFloorYuan() == null ? null : Money.ofYuan(l.announceFloorYuan()))
            .staffOnly()
            .value("version", List.of(L.VERSION), Listing::version)
            .value("asOf", List.of(), Listing::asOf)
            .value("createdAt", List.of(L.CREATED_AT), Listing::createdAt)
            .value("updatedAt", List.of(L.UPDATED_AT), Listing::updatedAt);

    static final FieldTable<Listing.Outcome> OUTCOME_FIELDS = FieldTable.<Listing.Outcome>of("ListingOutcome")
            .value("result", List.of(), Listing.Outcome::result)
            .object("finalPrice", "Money", List.of(), o -> o.finalPriceYuan() == null ? null : Money.ofYuan(o.finalPriceYuan()))
            .value("winnerName", List.of(), Listing.Outcome::winnerName)
            .value("winnerCreditCode", List.of(), Listing.Outcome::winnerCreditCode)
            .value("decidedAt", List.of(), Listing.Outcome::decidedAt)
            .value("reportedAt", List.of(), Listing.Outcome::reportedAt)
            .value("reportedBy", List.of(), Listing.Outcome::reportedBy)
            .staffOnly();

    /** A change of the feed; its listing is loaded (or, on a feed page, read with it). */
    static final FieldTable<ListingChange> CHANGE_FIELDS = FieldTable.<ListingChange>of("ListingChange")
            .value("cursor", List.of(), ListingChange::cursor)
            .value("seq", List.of(), ListingChange::seq)
            .value("kind", List.of(), ListingChange::kind)
            .value("status", List.of(), ListingChange::status)
            .value("changedAt", List.of(), ListingChange::changedAt)
            .value("changedBy", List.of(), ListingChange::changedBy)
            .staffOnly()
            .value("listingId", List.of(), ListingChange::listingId)
            .loaded("listing");

    /** A page of the feed: on the ordinary path its changes load their listings; written directly, each is read beside it. */
    static final FieldTable<ListingFeed.ChangePage> CHANGE_PAGE_FIELDS = FieldTable.<ListingFeed.ChangePage>of("ListingChangePage")
            .objects("changes", "ListingChange", List.of(), ListingFeed.ChangePage::changes)
            .value("endCursor", List.of(), ListingFeed.ChangePage::endCursor)
            .value("hasMore", List.of(), ListingFeed.ChangePage::hasMore);

    static final FieldTable<OutcomeReports.OutcomeReport> OUTCOME_REPORT_FIELDS = FieldTable.<OutcomeReports.OutcomeReport>of("ListingOutcomeReport")
            .object("listing", "Listing", List.of(), OutcomeReports.OutcomeReport::listing)
            .value("replayed", List.of(), OutcomeReports.OutcomeReport::replayed);

    static final FieldTable<AnnounceGate.Result> ANNOUNCE_CHECK_FIELDS = FieldTable.<AnnounceGate.Result>of("AnnounceCheck")
            .value("passes", List.of(), AnnounceGate.Result::passes)
            .value("failedRules", List.of(), AnnounceGate.Result::failedRules)
            .value("evidence", List.of(), AnnounceGate.Result::evidence);

    static final Connection.Tables<Listing> PAGE_TABLES = Connection.tables("ListingConnection", "Listing");

    private ListingFields() {
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored evidence is not JSON", e);
        }
    }
}
