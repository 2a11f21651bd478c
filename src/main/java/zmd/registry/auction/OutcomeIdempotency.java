package zmd.registry.auction;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;

/**
 * What makes an outcome report safe to retry: the same key with the same content replays the stored report (nothing
 * is written); the same key with other content, a second report of a listing, or a key already used for another
 * listing's report is refused with CONFLICT, naming what was stored.
 */
final class OutcomeIdempotency {
    private OutcomeIdempotency() {
    }

    /** True when {@code report} repeats the listing's stored outcome; false when none is stored; CONFLICT otherwise. */
    static boolean replays(Listing current, Listing.Outcome report) {
        Listing.Outcome stored = current.outcome();
        if (stored == null) {
            return false;
        }
        boolean sameKey = stored.idempotencyKey().equals(report.idempotencyKey());
        if (sameKey && sameReport(stored, report)) {
            return true;
        }
        throw new RegistryException(ErrorCode.CONFLICT, sameKey
                ? "this idempotency key was already used for a different report on this listing (" + describe(stored) + "); nothing was written"
                : "the outcome of this listing was already reported (" + describe(stored) + "); nothing was written",
                Map.of("field", sameKey ? "input" : "input.idempotencyKey", "reportedResult", stored.result().name()));
    }

    /** CONFLICT when the report's key is already the key of another listing's report ({@code keyOwner}). */
    static void requireUnusedKey(Optional<Listing> keyOwner, Listing.Outcome report) {
        if (keyOwner.isPresent()) {
            throw new RegistryException(ErrorCode.CONFLICT, "idempotency key " + report.idempotencyKey()
                    + " was already used for the report of another listing; use a new key per report", Map.of("field", "input.idempotencyKey"));
        }
    }

    /** The same content: prices compared as numbers and times as instants, as a retry may write them differently. */
    private static boolean sameReport(Listing.Outcome stored, Listing.Outcome report) {
        return stored.result().equals(report.result())
                && (stored.finalPriceYuan() == null ? report.finalPriceYuan() == null
                        : report.finalPriceYuan() != null && stored.finalPriceYuan().compareTo(report.finalPriceYuan()) == 0)
                && Objects.equals(stored.winnerName(), report.winnerName())
                && Objects.equals(stored.winnerCreditCode(), report.winnerCreditCode())
                && stored.decidedAt().toInstant().equals(report.decidedAt().toInstant());
    }

    private static String describe(Listing.Outcome o) {
        return o.result() + (o.finalPriceYuan() != null ? " at " + o.finalPriceYuan().toPlainString() + " 元 to " + o.winnerName() : "")
                + ", decided " + o.decidedAt() + ", key " + o.idempotencyKey();
    }
}
