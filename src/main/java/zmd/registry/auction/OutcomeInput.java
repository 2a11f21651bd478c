package zmd.registry.auction;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * What a platform reports at the end of bidding, as sent: SOLD with the final price (元) and the winner, or UNSOLD
 * with neither. The idempotency key makes a retry safe; the service checks every part.
 */
public record OutcomeInput(String idempotencyKey, ListingResult result, BigDecimal finalPriceYuan, String winnerName,
                           String winnerCreditCode, OffsetDateTime decidedAt) {
}
