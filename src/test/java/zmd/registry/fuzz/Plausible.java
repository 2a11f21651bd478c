package zmd.registry.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Values a careful client would send, so that a request gets past the obvious checks and the one hostile value
 * in it is what the server has to deal with. Field names pick the few values that must be real (a county, ids).
 */
final class Plausible {
    private final Random random;
    private final List<String> parcelIds;
    private final List<String> listingIds;
    private int seq;
    private boolean aboutListings;

    Plausible(Random random, List<String> parcelIds, List<String> listingIds) {
        this.random = random;
        this.parcelIds = parcelIds;
        this.listingIds = listingIds;
    }

    /** A 200 m x 100 m rectangle somewhere in 泌阳县, EPSG:4547, so blocks seldom coincide. */
    static String rectangleWkt(Random random) {
        double e = 440_000 + random.nextInt(20_000);
        double n = 3_630_000 + random.nextInt(20_000);
        return String.format(Locale.ROOT, "SRID=4547;POLYGON((%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f))",
                e, n, e + 200, n, e + 200, n + 100, e, n + 100, e, n);
    }

    /** Whether the operation being built is about listings, so that its plain {@code id} is a listing's. */
    void aboutListings(boolean listings) {
        this.aboutListings = listings;
    }

    Map<String, Object> geometryInput() {
        return Map.of("wkt", rectangleWkt(random));
    }

    Object of(String type, String field, List<String> values) {
        return switch (field) {
            case "county", "codeOrName" -> random.nextBoolean() ? "泌阳县" : "411726";
            case "parcelId" -> pick(parcelIds);
            case "code" -> "FZ-" + (++seq) + "-" + random.nextInt(1_000_000);
            case "idempotencyKey" -> "fuzz-" + random.nextInt(1_000_000_000);
            case "unit" -> pick(List.of("万吨", "万立方米", "吨"));
            case "mineral" -> pick(List.of("建筑石料用花岗岩", "建筑用砂", "大理岩"));
            case "after" -> null;
            case "first" -> 1 + random.nextInt(5);
            case "precision" -> random.nextInt(9);
            case "version" -> 1;
            case "csv" -> "mineral,region,mining_method,unit_price,unit,valid_from,valid_to,source_document\n"
                    + "建筑用砂,411726,,1.5,吨,2031-01-01,,fuzz\n";
            // Amounts and elevations that pass the cross-field rules (deposit under the start price, top above bottom).
            case "elevationTopM" -> "300";
            case "elevationBottomM" -> "120.5";
            case "serviceLifeYears" -> "10.5";
            case "startPriceYuan", "plannedStartPriceYuan", "finalPriceYuan" -> "98765432.10";
            case "depositYuan" -> "1000000";
            case "bidIncrementYuan" -> "50000";
            case "winnerCreditCode" -> "91411726MA9DEMX011";
            case "biddingStart" -> "2031-02-01T09:00:00+08:00";
            case "biddingEnd" -> "2031-02-10T17:00:00+08:00";
            case "announcementDate" -> "2031-01-05";
            default -> scalar(type, field, values);
        };
    }

    private Object scalar(String type, String field, List<String> values) {
        return switch (type) {
            case "BigDecimal" -> pick(List.of("100", "1234.56", "0.5", "2000.5", "98765432.10"));
            case "Int" -> 1 + random.nextInt(10);
            case "Float" -> 1.0 + random.nextInt(100) / 10.0;
            case "Date" -> String.format(Locale.ROOT, "2021-%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28));
            case "DateTime" -> "2031-02-02T10:00:00+08:00";
            case "ID" -> field.toLowerCase(Locale.ROOT).contains("listing") || aboutListings ? pick(listingIds) : pick(parcelIds);
            case "Boolean" -> random.nextBoolean();
            case "String" -> pick(List.of("测试", "fuzz value", "驻政办〔2020〕36号", "a"));
            case "JSON", "GeoJSON" -> Map.of("type", "Polygon", "coordinates", List.of(List.of(List.of(113.5, 33.0),
                    List.of(113.502, 33.0), List.of(113.502, 33.001), List.of(113.5, 33.0))));
            default -> values.isEmpty() ? "x" : pick(values);
        };
    }

    <T> T pick(List<T> options) {
        return options.isEmpty() ? null : options.get(random.nextInt(options.size()));
    }
}
