package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static zmd.registry.db.generated.Tables.LISTING_CHANGE;
import static zmd.registry.db.generated.Tables.MINE_PARCEL;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import zmd.registry.Registry;
import zmd.registry.TestServer;
import zmd.registry.access.Caller;
import zmd.registry.core.Patched;
import zmd.registry.pricing.Blocks;

/**
 * A server for listing tests: a movable clock, the fixed-verdict overlap check, one real base price (建筑用砂,
 * 1.50 元/吨, 河南省, from 2000), and GraphQL helpers for the listing mutations.
 */
final class Auctions implements AutoCloseable {
    static final ZoneId ZONE = Listing.ZONE;
    static final String FIELDS = "id status version startPrice { yuan wanYuan } announcedAt parcel { id status } outcome { result finalPrice { yuan } winnerName winnerCreditCode decidedAt }";

    final MutableClock clock = new MutableClock(java.time.Instant.now(), ZONE);
    final FixedClearance clearance = new FixedClearance();
    final TestServer server;

    Auctions() {
        server = TestServer.empty(db -> new Registry(db, clock, clearance));
        server.registry.pricing().importCsv(Caller.SYSTEM, """
                mineral,region,mining_method,unit_price,unit,valid_from,valid_to,source_document
                建筑用砂,410000,,1.50,吨,2000-01-01,,test base price
                """, "test prices", false);
    }

    Registry registry() {
        return server.registry;
    }

    /** A PLANNED block in 泌阳县 with 1000 万吨 建筑用砂: floor 15 000 000.00 元. */
    UUID block() {
        return Blocks.create(server.registry, "411726", "OPEN_PIT", List.of(Blocks.reserve("建筑用砂", "1000", "万吨")));
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** Announced today, bidding from 10 to 20 days from now. */
    Map<String, Object> input(UUID parcel, String startYuan) {
        Map<String, Object> in = new HashMap<>();
        in.put("parcelId", parcel.toString());
        in.put("method", "LISTING");
        in.put("startPriceYuan", startYuan);
        in.put("depositYuan", "1000000.00");
        in.put("bidIncrementYuan", "100000.00");
        in.put("announcementDate", LocalDate.now(clock).toString());
        in.put("biddingStart", now().plusDays(10).toString());
        in.put("biddingEnd", now().plusDays(20).toString());
        in.put("conditions", "test conditions");
        return in;
    }

    /** The same input as the service takes it. */
    ListingDraft typedInput(UUID parcel, String startYuan) {
        Map<String, Object> in = input(parcel, startYuan);
        return new ListingDraft((String) in.get("parcelId"), ListingMethod.valueOf((String) in.get("method")), new BigDecimal((String) in.get("startPriceYuan")),
                new BigDecimal((String) in.get("depositYuan")), new BigDecimal((String) in.get("bidIncrementYuan")),
                LocalDate.parse((String) in.get("announcementDate")), OffsetDateTime.parse((String) in.get("biddingStart")),
                OffsetDateTime.parse((String) in.get("biddingEnd")), (String) in.get("conditions"));
    }

    /** A patch that changes only the conditions, as the service takes it. */
    static ListingPatch conditions(String text) {
        return new ListingPatch(Patched.absent(), Patched.absent(), Patched.absent(), Patched.absent(), Patched.absent(), Patched.absent(),
                Patched.absent(), Patched.of(text));
    }

    JsonNode create(String key, Map<String, Object> input) {
        return server.graphql(key, "mutation($in: ListingInput!) { createListing(input: $in) { " + FIELDS + " } }", Map.of("in", input));
    }

    /** A DRAFT listing of the block; returns its id. */
    String draft(UUID parcel, String startYuan) {
        JsonNode r = create(server.editorKey, input(parcel, startYuan));
        assertEquals(null, TestServer.errorCode(r), () -> r.toString());
        return r.at("/data/createListing/id").asText();
    }

    JsonNode announce(String key, String id) {
        return server.graphql(key, "mutation($id: ID!) { announceListing(id: $id) { " + FIELDS + " announceEvidence announceFloor { yuan } } }", Map.of("id", id));
    }

    JsonNode startBidding(String key, String id) {
        return server.graphql(key, "mutation($id: ID!) { startBidding(id: $id) { " + FIELDS + " } }", Map.of("id", id));
    }

    JsonNode withdraw(String key, String id) {
        return server.graphql(key, "mutation($id: ID!) { withdrawListing(id: $id, reason: \"test\") { " + FIELDS + " withdrawnAt } }", Map.of("id", id));
    }

    JsonNode report(String key, String id, Map<String, Object> outcome) {
        return server.graphql(key, "mutation($id: ID!, $in: ListingOutcomeInput!) { reportListingOutcome(id: $id, input: $in) { replayed listing { "
                + FIELDS + " } } }", Map.of("id", id, "in", outcome));
    }

    Map<String, Object> sold(String key, String price) {
        return Map.of("idempotencyKey", key, "result", "SOLD", "finalPriceYuan", price, "winnerName", "测试矿业有限公司",
                "winnerCreditCode", "9144030071526726XG", "decidedAt", now().minusMinutes(5).toString());
    }

    Map<String, Object> unsold(String key) {
        return Map.of("idempotencyKey", key, "result", "UNSOLD", "decidedAt", now().minusMinutes(5).toString());
    }

    /** Announced and bidding (the clock moved past the window's start). */
    String bidding(UUID parcel) {
        String id = draft(parcel, "20000000.00");
        ok(announce(server.editorKey, id));
        clock.advance(Duration.ofDays(11));
        ok(startBidding(server.platformKey, id));
        return id;
    }

    JsonNode listing(String key, String id) {
        return server.graphql(key, "query($id: ID!) { listing(id: $id) { " + FIELDS + " } }", Map.of("id", id)).at("/data/listing");
    }

    String parcelStatus(UUID parcel) {
        return server.db.database().dsl().select(MINE_PARCEL.STATUS).from(MINE_PARCEL).where(MINE_PARCEL.ID.eq(parcel)).fetchSingle(MINE_PARCEL.STATUS);
    }

    int changes() {
        return server.db.database().dsl().fetchCount(LISTING_CHANGE);
    }

    static JsonNode ok(JsonNode response) {
        assertEquals(null, TestServer.errorCode(response), () -> response.toString());
        return response.get("data");
    }

    static BigDecimal yuan(String s) {
        return new BigDecimal(s);
    }

    @Override
    public void close() {
        server.close();
    }
}
