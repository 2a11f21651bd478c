package zmd.registry.auction;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;
import zmd.registry.access.Caller;
import zmd.registry.access.Role;
import zmd.registry.core.Decimals;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;
import zmd.registry.db.generated.tables.records.ListingRecord;

/**
 * The end of bidding as the platform reports it: BIDDING -> SOLD (with the final price, at least the start price,
 * and the winner) or UNSOLD, the block moving to GRANTED or back to PLANNED. Idempotent by the report's key (see
 * {@link OutcomeIdempotency}).
 */
public final class OutcomeReports {
    /** A platform's clock may run a little ahead of ours. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private final ListingRepository listings;
    private final ListingWrites writes;
    private final Clock clock;

    OutcomeReports(ListingRepository listings, ListingWrites writes, Clock clock) {
        this.listings = listings;
        this.writes = writes;
        this.clock = clock;
    }

    /** The result of an outcome report; {@code replayed} when it repeated an earlier one and wrote nothing. */
    public record OutcomeReport(Listing listing, boolean replayed) {
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    public OutcomeReport reportOutcome(Caller caller, String idText, OutcomeInput input) {
        if (caller.role() != Role.PLATFORM && caller.role() != Role.STAFF_EDITOR) {
            throw RegistryException.forbidden("Reporting an outcome needs a PLATFORM (or STAFF_EDITOR) key; this request has role " + caller.role());
        }
        UUID id = RegistryException.parseId(idText, "id");
        Listing.Outcome report = outcome(input, caller);
        ListingStatus to = report.result().status();
        boolean[] replayed = {false};
        Listing listing = writes.commit(caller, "reportListingOutcome", tx -> {
            Listing current = writes.lockVisible(tx, caller, id, idText);
            if (OutcomeIdempotency.replays(current, report)) {
                replayed[0] = true;
                return id;
            }
            OutcomeIdempotency.requireUnusedKey(listings.byOutcomeKey(tx, report.idempotencyKey()), report);
            ListingWrites.requireTransition(current, to);
            if (report.decidedAt().isBefore(current.biddingStart())) {
                throw RegistryException.badInput("input.decidedAt", "decidedAt " + report.decidedAt() + " is before the bidding window opened ("
                        + current.biddingStart() + ")");
            }
            if (to == ListingStatus.SOLD && report.finalPriceYuan().compareTo(current.startPriceYuan()) < 0) {
                throw RegistryException.badInput("input.finalPriceYuan", "the final price " + report.finalPriceYuan().toPlainString()
                        + " 元 is below the start price " + current.startPriceYuan().toPlainString() + " 元");
            }
            ListingRecord changes = new ListingRecord();
            changes.setFinalPrice(report.finalPriceYuan());
            changes.setWinnerName(report.winnerName());
            changes.setWinnerCreditCode(report.winnerCreditCode());
            changes.setDecidedAt(report.decidedAt());
            changes.setOutcomeKey(report.idempotencyKey());
            changes.setOutcomeReportedBy(caller.name());
            changes.setOutcomeReportedAt(now());
            writes.transition(tx, current, to, changes);
            listings.appendChange(tx, id, report.result().changeKind(), to, true, caller.name());
            return id;
        });
        return new OutcomeReport(listing, replayed[0]);
    }

    /** The report checked on its own, before any listing is read. Fields are named as in reportListingOutcome's input. */
    private Listing.Outcome outcome(OutcomeInput in, Caller caller) {
        String key = in.idempotencyKey();
        if (key == null || !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw RegistryException.badInput("input.idempotencyKey", "idempotencyKey must be 1 to 100 of A-Z a-z 0-9 . _ : -");
        }
        ListingResult result = in.result();
        // The database keeps microseconds: a retry must compare equal to what was stored.
        OffsetDateTime decidedAt = in.decidedAt().truncatedTo(ChronoUnit.MICROS);
        if (decidedAt.isAfter(now().plus(CLOCK_SKEW))) {
            throw RegistryException.badInput("input.decidedAt", "decidedAt " + decidedAt + " is in the future");
        }
        BigDecimal price = in.finalPriceYuan();
        String winner = Texts.optional(in.winnerName(), "input.winnerName", 200);
        String code = in.winnerCreditCode();
        if (result == ListingResult.SOLD) {
            if (price == null) {
                throw RegistryException.badInput("input.finalPriceYuan", "finalPriceYuan is required for SOLD");
            }
            Decimals.column(price, "input.finalPriceYuan", Decimals.YUAN, false);
            if (winner == null) {
                throw RegistryException.badInput("input.winnerName", "winnerName is required for SOLD");
            }
            if (code == null) {
                throw RegistryException.badInput("input.winnerCreditCode", "winnerCreditCode is required for SOLD");
            }
            String problem = CreditCode.problem(code);
            if (problem != null) {
                throw RegistryException.badInput("input.winnerCreditCode", "winnerCreditCode " + Texts.quoted(code) + " is not a valid unified social credit code: " + problem);
            }
        } else if (price != null || winner != null || code != null) {
            throw RegistryException.badInput(price != null ? "input.finalPriceYuan" : winner != null ? "input.winnerName" : "input.winnerCreditCode",
                    "an UNSOLD report has no final price and no winner");
        }
        return new Listing.Outcome(result, price, winner, code, decidedAt, key, caller.name(), null);
    }
}
