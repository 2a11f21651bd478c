package zmd.registry.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Map;
import zmd.registry.Registry;
import zmd.registry.access.Caller;
import zmd.registry.auction.Listing;
import zmd.registry.auction.ListingDraft;
import zmd.registry.auction.ListingMethod;
import zmd.registry.auction.ListingResult;
import zmd.registry.auction.ListingServices;
import zmd.registry.auction.OutcomeInput;
import zmd.registry.parcel.MineParcel;

/**
 * Demo base prices and the 11 listings of the 2020 plan, created through the same services as staff and platform
 * input. Labelled throughout:
 * <ul>
 * <li>Base prices are DEMO VALUES (edition {@link #EDITION}), not the published 河南省 prices; chosen so that the
 * document's start prices of blocks 1-3 clear the floor.</li>
 * <li>Blocks 1-3 start at the document's 起始价 (43586.65, 53444.11, 14473.83 万元). The document gives none for
 * blocks 4-11: their start prices here are demo values a little above the demo floor, and their conditions say so.</li>
 * <li>Dates are relative to today: block 1 was announced 40 days ago and SOLD, block 2 is BIDDING, blocks 3-10 are
 * ANNOUNCED with bidding in three weeks, block 11 is a DRAFT. Past steps are replayed on a clock set back.</li>
 * <li>Every announcement goes through the real gate: the overlap check against the demo layers
 * ({@link DemoLayers}) and the floor from the demo base prices.</li>
 * </ul>
 */
public final class DemoAuction {
    public static final String EDITION = "演示基准价 DEMO VALUES (not published prices)";
    static final String PRICES = "/demo/base-prices-demo.csv";
    static final String DEMO_WINNER = "驻马店示例矿业有限公司（演示）";
    static final String DEMO_WINNER_CODE = "91411726MA9DEMX011";

    /** 起始价 in 万元 for blocks 4-11: DEMO VALUES (the document gives none). */
    static final Map<Integer, BigDecimal> DEMO_START_WAN_YUAN = Map.of(
            4, new BigDecimal("3200.00"), 5, new BigDecimal("3200.00"), 6, new BigDecimal("12800.00"), 7, new BigDecimal("4000.00"),
            8, new BigDecimal("41000.00"), 9, new BigDecimal("40000.00"), 10, new BigDecimal("6500.00"), 11, new BigDecimal("9800.00"));

    private static final String CONDITIONS = "竞买人须为中华人民共和国境内注册的企业法人，具备相应的开采能力，"
            + "按公告缴纳竞买保证金。（演示数据 demo text）";

    private DemoAuction() {
    }

    public static void load(Registry registry) {
        registry.pricing().importCsv(Caller.SYSTEM, resource(PRICES), EDITION, false);
        ListingServices listings = registry.listings();
        Clock now = Clock.system(Listing.ZONE);
        for (int seq = 1; seq <= 11; seq++) {
            MineParcel parcel = registry.parcels().byCode(Caller.SYSTEM, DemoData.code(seq)).orElseThrow();
            switch (seq) {
                case 1 -> sold(listings, parcel, now);
                case 2 -> bidding(listings, parcel, now);
                case 11 -> listings.drafts().create(Caller.SYSTEM, input(parcel, seq, LocalDate.now(now), now, 21));
                default -> {
                    Listing draft = listings.drafts().create(Caller.SYSTEM, input(parcel, seq, LocalDate.now(now), now, 21));
                    listings.lifecycle().announce(Caller.SYSTEM, draft.id().toString());
                }
            }
        }
    }

    /** Announced 40 days ago, bidding 20 to 10 days ago, sold at 1.2 times the start price. */
    private static void sold(ListingServices listings, MineParcel parcel, Clock now) {
        Clock announced = Clock.offset(now, Duration.ofDays(-40));
        Listing l = listings.drafts().withClock(announced).create(Caller.SYSTEM, input(parcel, 1, LocalDate.now(announced), announced, 20, 10));
        listings.lifecycle().withClock(announced).announce(Caller.SYSTEM, l.id().toString());
        Clock bidding = Clock.offset(now, Duration.ofDays(-19));
        listings.lifecycle().withClock(bidding).startBidding(Caller.SYSTEM, l.id().toString());
        OffsetDateTime decided = l.biddingEnd().minusHours(1);
        BigDecimal finalPrice = l.startPriceYuan().multiply(new BigDecimal("1.2")).setScale(2, java.math.RoundingMode.HALF_UP);
        listings.outcomes().reportOutcome(Caller.SYSTEM, l.id().toString(),
                new OutcomeInput("demo-" + parcel.code(), ListingResult.SOLD, finalPrice, DEMO_WINNER, DEMO_WINNER_CODE, decided));
    }

    /** Announced 30 days ago; bidding opened 10 days ago and closes in 5 days. */
    private static void bidding(ListingServices listings, MineParcel parcel, Clock now) {
        Clock announced = Clock.offset(now, Duration.ofDays(-30));
        Listing l = listings.drafts().withClock(announced).create(Caller.SYSTEM, input(parcel, 2, LocalDate.now(announced), announced, 20, 15));
        listings.lifecycle().withClock(announced).announce(Caller.SYSTEM, l.id().toString());
        listings.lifecycle().startBidding(Caller.SYSTEM, l.id().toString());
    }

    private static ListingDraft input(MineParcel parcel, int seq, LocalDate announcement, Clock clock, int daysToBidding) {
        return input(parcel, seq, announcement, clock, daysToBidding, 10);
    }

    /** Bidding opens at 09:00 CST {@code daysToBidding} after the announcement and runs {@code days} days to 15:00. */
    private static ListingDraft input(MineParcel parcel, int seq, LocalDate announcement, Clock clock, int daysToBidding, int days) {
        BigDecimal start = parcel.plannedStartPriceYuan();
        String conditions = CONDITIONS;
        if (start == null) {
            start = DEMO_START_WAN_YUAN.get(seq).movePointRight(4);
            conditions = "【演示值 DEMO VALUE】起始价为演示值：驻政办〔2020〕36号未载明本矿权的出让收益起始价。" + conditions;
        }
        ZonedDateTime open = ZonedDateTime.of(announcement.plusDays(daysToBidding), LocalTime.of(9, 0), Listing.ZONE);
        return new ListingDraft(parcel.id().toString(), seq <= 3 ? ListingMethod.AUCTION : ListingMethod.LISTING, start,
                start.multiply(new BigDecimal("0.2")).setScale(2, java.math.RoundingMode.HALF_UP),
                start.compareTo(new BigDecimal("100000000")) >= 0 ? new BigDecimal("1000000.00") : new BigDecimal("100000.00"),
                announcement, open.toOffsetDateTime(), open.plusDays(days).withHour(15).toOffsetDateTime(), conditions);
    }

    private static String resource(String path) {
        try (InputStream in = DemoAuction.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
