package zmd.registry.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Decimal input, bounded before any arithmetic: {@code 1e1000000000} is one digit and an exponent, and writing it out
 * (or rounding it) takes a gigabyte, while an exponent past the int range wraps to a small number. Every decimal an
 * input carries is checked here first against {@link #INPUT}, then against the bound of its column, and refused,
 * never rounded, when it does not fit. Refusals never repeat the value: they say what fits.
 */
public final class Decimals {
    /** Integer digits and decimals a column keeps; {@code numeric(p, s)} keeps p - s and s. */
    public record Bound(int integerDigits, int decimals) {
        String describe() {
            return "at most " + integerDigits + " digits before the point and " + decimals + " after";
        }
    }

    /** Any decimal the API reads: wider than every column, so the column's own bound names the field. */
    public static final Bound INPUT = new Bound(20, 6);
    /** Amounts in 元: {@code numeric(16, 2)} (start price, deposit, bid increment, final price, planned start price). */
    public static final Bound YUAN = new Bound(14, 2);
    /** Reserve and capacity quantities: {@code numeric(20, 4)}. */
    public static final Bound QUANTITY = new Bound(16, 4);

    /** Base prices in 元 per base unit: {@code numeric(14, 4)}. */
    public static final Bound UNIT_PRICE = new Bound(10, 4);

    /** The longest decimal text read; longer text is refused unread. */
    public static final int MAX_TEXT = 64;
    private static final Pattern TEXT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,4})?");

    private Decimals() {
    }

    /** A decimal from text, or IllegalArgumentException with a message that does not repeat the text. */
    public static BigDecimal parse(String text) {
        String t = text.strip();
        if (t.length() > MAX_TEXT || !TEXT.matcher(t).matches()) {
            throw new IllegalArgumentException("a decimal is written with digits, an optional point and exponent, "
                    + "in at most " + MAX_TEXT + " characters");
        }
        return within(new BigDecimal(t), INPUT);
    }

    /** A decimal from a JSON or GraphQL number, checked against {@link #INPUT}. */
    public static BigDecimal of(Object number) {
        BigDecimal d = switch (number) {
            case BigDecimal b -> b;
            case BigInteger i -> new BigDecimal(i);
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case Short s -> BigDecimal.valueOf(s);
            case Byte b -> BigDecimal.valueOf(b);
            case Double x when Double.isFinite(x) -> new BigDecimal(Double.toString(x));
            case Float x when Float.isFinite(x) -> new BigDecimal(Float.toString(x));
            case String s -> parse(s);
            default -> throw new IllegalArgumentException("expected a decimal number or its text");
        };
        return within(d, INPUT);
    }

    /** {@code d} when it fits {@code bound}; IllegalArgumentException otherwise. Trailing zeros after the point are free. */
    public static BigDecimal within(BigDecimal d, Bound bound) {
        if (!fits(d, bound)) {
            throw new IllegalArgumentException("a decimal here has " + bound.describe());
        }
        return d;
    }

    /** Whether {@code d} fits, computed in long: int arithmetic on a scale near its limits wraps. */
    public static boolean fits(BigDecimal d, Bound bound) {
        long integerDigits = d.signum() == 0 ? 0 : (long) d.precision() - d.scale();
        if (integerDigits > bound.integerDigits()) {
            return false;
        }
        // Decimals once trailing zeros are dropped; a scale this deep with no digit left is refused unstripped.
        if (d.scale() <= bound.decimals()) {
            return true;
        }
        if ((long) d.scale() - d.precision() >= bound.decimals()) {
            return d.signum() == 0;
        }
        return d.stripTrailingZeros().scale() <= bound.decimals();
    }

    /**
     * A required decimal for a column: refused with BAD_USER_INPUT naming {@code field} when absent, not positive (or
     * negative, when {@code zeroAllowed}), or not within {@code bound}. Answered at the column's scale, value unchanged.
     */
    public static BigDecimal column(Object value, String field, Bound bound, boolean zeroAllowed) {
        if (!(value instanceof BigDecimal d)) {
            throw RegistryException.badInput(field, field + " is required");
        }
        if (d.signum() < 0 || (!zeroAllowed && d.signum() == 0)) {
            throw RegistryException.badInput(field, field + " must be " + (zeroAllowed ? "0 or more" : "greater than 0") + shown(d));
        }
        if (!fits(d, bound)) {
            throw RegistryException.badInput(field, field + " must have " + bound.describe() + "; it is refused, not rounded");
        }
        return d.setScale(bound.decimals()); // exact: fits() leaves no digit beyond the column's decimals
    }

    /** ", got <value>" for a value short enough to repeat; nothing otherwise. */
    private static String shown(BigDecimal d) {
        return fits(d, INPUT) ? ", got " + d.toPlainString() : "";
    }
}
