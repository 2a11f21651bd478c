package zmd.registry.core;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount in 元 written in capital numerals (大写金额), as notices and contracts state prices:
 * 435 866 500.00 元 = 肆亿叁仟伍佰捌拾陆万陆仟伍佰元整.
 */
public final class CapitalAmount {
    private static final char[] DIGITS = "零壹贰叁肆伍陆柒捌玖".toCharArray();
    private static final String[] IN_GROUP = {"", "拾", "佰", "仟"};
    private static final String[] GROUPS = {"", "万", "亿", "万亿"};

    private CapitalAmount() {
    }

    public static String of(BigDecimal yuan) {
        if (yuan.signum() < 0) {
            throw new IllegalArgumentException("amounts in capital numerals are not negative: " + yuan);
        }
        BigDecimal cents = yuan.setScale(2, RoundingMode.HALF_UP).movePointRight(2);
        if (cents.compareTo(new BigDecimal("10000000000000000")) >= 0) {
            throw new IllegalArgumentException("amount too large for capital numerals: " + yuan);
        }
        long all = cents.longValueExact();
        long integer = all / 100;
        int jiao = (int) (all / 10 % 10);
        int fen = (int) (all % 10);
        StringBuilder out = new StringBuilder();
        if (integer > 0) {
            out.append(integerPart(integer)).append('元');
        }
        if (jiao == 0 && fen == 0) {
            return (integer == 0 ? "零元" : out.toString()) + "整";
        }
        if (jiao > 0) {
            out.append(DIGITS[jiao]).append('角');
        } else if (integer > 0) {
            out.append('零');
        }
        if (fen > 0) {
            out.append(DIGITS[fen]).append('分');
        }
        return out.toString();
    }

    private static String integerPart(long n) {
        int[] groups = new int[GROUPS.length];
        int count = 0;
        for (long rest = n; rest > 0; rest /= 10_000) {
            groups[count++] = (int) (rest % 10_000);
        }
        StringBuilder out = new StringBuilder();
        boolean pendingZero = false;
        for (int g = count - 1; g >= 0; g--) {
            int value = groups[g];
            if (value == 0) {
                pendingZero = out.length() > 0;
                continue;
            }
            // A zero is read where a group is skipped or a lower group starts below a thousand.
            if (out.length() > 0 && (pendingZero || value < 1000)) {
                out.append('零');
            }
            out.append(group(value)).append(GROUPS[g]);
            pendingZero = false;
        }
        return out.toString();
    }

    private static String group(int value) {
        StringBuilder out = new StringBuilder();
        boolean zero = false;
        for (int pos = 3; pos >= 0; pos--) {
            int d = value / (int) Math.pow(10, pos) % 10;
            if (d == 0) {
                zero = out.length() > 0;
            } else {
                if (zero) {
                    out.append('零');
                    zero = false;
                }
                out.append(DIGITS[d]).append(IN_GROUP[pos]);
            }
        }
        return out.toString();
    }
}
