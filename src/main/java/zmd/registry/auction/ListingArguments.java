package zmd.registry.auction;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import zmd.registry.core.Patched;

/**
 * The GraphQL arguments of the listing operations as the auction services' records. Conversion only: GraphQL has
 * already coerced each value to its type (enums arrive as their names), and every check is the services', so that
 * every protocol gets the same ones.
 */
final class ListingArguments {
    private ListingArguments() {
    }

    /** A ListingFilter argument; none filters nothing. */
    static ListingFilter filter(Map<String, Object> f) {
        if (f == null) {
            return ListingFilter.ANY;
        }
        return new ListingFilter(list(f.get("status"), ListingStatus::valueOf), list(f.get("method"), ListingMethod::valueOf),
                list(f.get("county"), Function.identity()), (String) f.get("mineral"), (String) f.get("parcelId"));
    }

    /** A ListingInput argument. */
    static ListingDraft draft(Map<String, Object> in) {
        return new ListingDraft((String) in.get("parcelId"), ListingMethod.valueOf((String) in.get("method")),
                (BigDecimal) in.get("startPriceYuan"), (BigDecimal) in.get("depositYuan"), (BigDecimal) in.get("bidIncrementYuan"),
                (LocalDate) in.get("announcementDate"), (OffsetDateTime) in.get("biddingStart"), (OffsetDateTime) in.get("biddingEnd"),
                (String) in.get("conditions"));
    }

    /** A ListingPatch argument: a field left out is absent, one sent as null is cleared. */
    static ListingPatch patch(Map<String, Object> p) {
        return new ListingPatch(patched(p, "method", v -> ListingMethod.valueOf((String) v)), patched(p, "startPriceYuan", BigDecimal.class::cast),
                patched(p, "depositYuan", BigDecimal.class::cast), patched(p, "bidIncrementYuan", BigDecimal.class::cast),
                patched(p, "announcementDate", LocalDate.class::cast), patched(p, "biddingStart", OffsetDateTime.class::cast),
                patched(p, "biddingEnd", OffsetDateTime.class::cast), patched(p, "conditions", String.class::cast));
    }

    /** A ListingOutcomeInput argument. */
    static OutcomeInput outcome(Map<String, Object> in) {
        return new OutcomeInput((String) in.get("idempotencyKey"), ListingResult.valueOf((String) in.get("result")),
                (BigDecimal) in.get("finalPriceYuan"), (String) in.get("winnerName"), (String) in.get("winnerCreditCode"),
                (OffsetDateTime) in.get("decidedAt"));
    }

    private static <T> List<T> list(Object value, Function<String, T> item) {
        return value == null ? null : ((List<?>) value).stream().map(v -> item.apply((String) v)).toList();
    }

    private static <T> Patched<T> patched(Map<String, Object> p, String field, Function<Object, T> as) {
        if (!p.containsKey(field)) {
            return Patched.absent();
        }
        Object value = p.get(field);
        return Patched.of(value == null ? null : as.apply(value));
    }
}
