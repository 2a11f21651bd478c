package zmd.registry.features.cql;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;

/**
 * What a filter may cost, and the one way a refusal is made. The limits keep a hostile filter from costing the
 * parser's stack, the database's planner or a transform of millions of points; a real filter stays far below them.
 */
final class CqlLimits {
    /** Nested levels of NOT, parentheses, CASEI and JSON operators. */
    static final int MAX_DEPTH = 32;
    /** Positions in all geometry literals of one filter together. */
    static final int MAX_COORDINATES = 10_000;
    /** UTF-8 bytes of a filter, text or JSON. */
    static final int MAX_BYTES = 64 * 1024;
    /** Significant digits, and decimal exponent either way, of a number literal PostgreSQL is asked to compare. */
    static final int MAX_DIGITS = 64;
    static final int MAX_EXPONENT = 300;

    private int coordinates;

    /** Refuses an absent, empty or over-long filter. */
    static void checkSize(String filter) {
        if (filter == null || filter.isBlank()) {
            throw refuse("the filter is empty");
        }
        if (filter.length() > MAX_BYTES || filter.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw refuse("the filter is " + filter.getBytes(StandardCharsets.UTF_8).length + " bytes long; at most "
                    + MAX_BYTES + " (64 KiB) are accepted");
        }
    }

    /** Counts the positions of one more geometry literal against the filter's total. */
    void countCoordinates(int n, String where) {
        coordinates += n;
        if (coordinates > MAX_COORDINATES) {
            throw refuse(where + "the geometry literals have more than " + MAX_COORDINATES
                    + " positions in total; send a simpler geometry");
        }
    }

    static void checkDepth(int depth, String where) {
        if (depth > MAX_DEPTH) {
            throw refuse(where + "the filter nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** Refuses a number PostgreSQL could not compare (an overflow there would be a server error, not a refusal). */
    static BigDecimal checkNumber(BigDecimal n, String where, String written) {
        if (n.signum() == 0) {
            return BigDecimal.ZERO;
        }
        n = n.stripTrailingZeros();
        int exponent = n.precision() - n.scale() - 1;
        if (n.precision() > MAX_DIGITS || Math.abs(exponent) > MAX_EXPONENT) {
            throw refuse(where + "the number " + Texts.quoted(written) + " is outside what this server compares (at most "
                    + MAX_DIGITS + " significant digits, magnitude 1e-" + MAX_EXPONENT + " to 1e" + MAX_EXPONENT + ")");
        }
        return n;
    }

    static RegistryException refuse(String message) {
        return RegistryException.badInput("filter", "filter: " + message);
    }
}
