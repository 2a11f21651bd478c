package zmd.registry.auction;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import zmd.registry.parcel.ParcelStatus;
import zmd.registry.parcel.ParcelStatusMoves;
import zmd.registry.pricing.BasePrice;
import zmd.registry.pricing.StartPriceFloor;

/**
 * The rules a DRAFT must pass to be announced, each reported with its figures when it fails, and the evidence
 * stored with the listing when all pass. Pure: the caller supplies the facts.
 */
final class AnnounceGate {
    static final String PARCEL_PLANNED = "PARCEL_PLANNED";
    static final String BIDDING_WINDOW_AHEAD = "BIDDING_WINDOW_AHEAD";
    static final String OVERLAP_CLEAR = "OVERLAP_CLEAR";
    static final String BASE_PRICES_COMPLETE = "BASE_PRICES_COMPLETE";
    static final String START_PRICE_AT_LEAST_FLOOR = "START_PRICE_AT_LEAST_FLOOR";

    record Result(boolean passes, List<Map<String, Object>> failedRules, Map<String, Object> evidence) {
    }

    private AnnounceGate() {
    }

    static Result evaluate(Listing listing, ParcelStatusMoves.State parcel, StartPriceFloor floor, Clearance clearance, OffsetDateTime now) {
        List<Map<String, Object>> failed = new ArrayList<>();
        if (!ParcelStatus.PLANNED.name().equals(parcel.status())) {
            failed.add(rule(PARCEL_PLANNED, "the block is " + parcel.status() + "; only a PLANNED block can be offered", "parcelStatus", parcel.status()));
        }
        if (!listing.biddingStart().isAfter(now)) {
            failed.add(rule(BIDDING_WINDOW_AHEAD, "the bidding window opened at " + listing.biddingStart() + ", before now (" + now
                    + "); set a new window with updateListing", "biddingStart", listing.biddingStart().toString(), "now", now.toString()));
        }
        if (clearance.verdict() != Clearance.Verdict.CLEAR) {
            failed.add(rule(OVERLAP_CLEAR, "the overlap check of protected land is " + clearance.verdict() + ": " + clearance.summary(),
                    "verdict", clearance.verdict().name(), "checker", clearance.checker(), "datasetVersions", clearance.datasetVersions()));
        }
        BigDecimal start = listing.startPriceYuan();
        if (!floor.complete()) {
            failed.add(rule(BASE_PRICES_COMPLETE, floor.statement(), "priceDate", floor.date().toString(),
                    "unpricedReserves", floor.unpriced().stream().map(AnnounceGate::gapFigures).toList()));
        }
        BigDecimal subtotal = floor.pricedSubtotalYuan();
        if (floor.complete() && !floor.cleared(start)) {
            BigDecimal floorYuan = floor.floorYuan();
            failed.add(rule(START_PRICE_AT_LEAST_FLOOR, "the start price " + start.toPlainString() + " 元 is below the floor of " + floorYuan.toPlainString()
                            + " 元 the base prices of " + floor.date() + " give, by " + floorYuan.subtract(start).toPlainString() + " 元",
                    "startPriceYuan", start, "floorYuan", floorYuan, "shortfallYuan", floorYuan.subtract(start), "priceDate", floor.date().toString()));
        } else if (!floor.complete() && start.compareTo(subtotal) < 0) {
            failed.add(rule(START_PRICE_AT_LEAST_FLOOR, "the start price " + start.toPlainString() + " 元 is below even the "
                            + subtotal.toPlainString() + " 元 of the reserves that have base prices",
                    "startPriceYuan", start, "pricedSubtotalYuan", subtotal, "shortfallYuan", subtotal.subtract(start),
                    "priceDate", floor.date().toString()));
        }
        return new Result(failed.isEmpty(), failed, evidence(listing, parcel, floor, clearance, now));
    }

    private static Map<String, Object> evidence(Listing listing, ParcelStatusMoves.State parcel, StartPriceFloor floor, Clearance clearance,
                                                OffsetDateTime now) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("checkedAt", now.toString());
        e.put("parcel", Map.of("id", parcel.id().toString(), "status", parcel.status(), "version", parcel.version()));
        e.put("startPriceYuan", listing.startPriceYuan());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("priceDate", floor.date().toString());
        f.put("complete", floor.complete());
        f.put("floorYuan", floor.floorYuan());
        f.put("pricedSubtotalYuan", floor.pricedSubtotalYuan());
        f.put("statement", floor.statement());
        f.put("lines", floor.lines().stream().map(AnnounceGate::lineFigures).toList());
        e.put("floor", f);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("verdict", clearance.verdict().name());
        c.put("checker", clearance.checker());
        c.put("summary", clearance.summary());
        c.put("datasetVersions", clearance.datasetVersions());
        c.put("report", clearance.evidence());
        e.put("clearance", c);
        return e;
    }

    private static Map<String, Object> lineFigures(StartPriceFloor.Line l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mineral", l.reserve().mineral());
        m.put("category", l.reserve().category());
        m.put("quantity", l.reserve().quantity());
        m.put("unit", l.reserve().unit());
        m.put("baseQuantity", l.baseQuantity());
        m.put("baseUnit", l.baseUnit());
        BasePrice p = l.basePrice();
        if (p != null) {
            Map<String, Object> price = new LinkedHashMap<>();
            price.put("id", p.id());
            price.put("edition", p.edition());
            price.put("region", p.region().code() + " " + p.region().name());
            price.put("miningMethod", p.miningMethod());
            price.put("unitPrice", p.unitPrice());
            price.put("priceUnit", p.priceUnit());
            price.put("validFrom", p.validFrom().toString());
            price.put("validTo", p.validTo() == null ? null : p.validTo().toString());
            price.put("sourceDocument", p.sourceDocument());
            m.put("basePrice", price);
        }
        m.put("amountYuan", l.amountYuan());
        m.put("gap", l.gap() == null ? null : l.gap().name());
        m.put("gapReason", l.gapReason());
        return m;
    }

    private static Map<String, Object> gapFigures(StartPriceFloor.Line l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mineral", l.reserve().mineral());
        m.put("quantity", l.reserve().quantity());
        m.put("unit", l.reserve().unit());
        m.put("gap", l.gap().name());
        m.put("reason", l.gapReason());
        return m;
    }

    private static Map<String, Object> rule(String rule, String message, Object... figures) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", rule);
        m.put("message", message);
        for (int i = 0; i < figures.length; i += 2) {
            m.put((String) figures[i], figures[i + 1]);
        }
        return m;
    }

    /** The date whose base prices apply: the announcement's. */
    static LocalDate priceDate(Listing listing) {
        return listing.announcementDate();
    }
}
