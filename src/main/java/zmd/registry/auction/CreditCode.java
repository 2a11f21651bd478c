package zmd.registry.auction;

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and the capitals without I, O, S, V, Z. The last is a check
 * character: 31 - (sum of value x weight over the first 17, mod 31), weights 3^i mod 31; 31 is written 0.
 */
public final class CreditCode {
    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private CreditCode() {
    }

    /** Null when the code is valid, otherwise what is wrong with it. */
    public static String problem(String code) {
        if (code == null || code.length() != 18) {
            return "a unified social credit code has 18 characters, got " + (code == null ? 0 : code.length());
        }
        int sum = 0;
        for (int i = 0; i < 18; i++) {
            int v = ALPHABET.indexOf(code.charAt(i));
            if (v < 0) {
                return "character " + (i + 1) + " '" + code.charAt(i) + "' is not allowed (digits and capitals except I, O, S, V, Z)";
            }
            if (i < 17) {
                sum += v * WEIGHTS[i];
            }
        }
        int check = (31 - sum % 31) % 31;
        if (ALPHABET.charAt(check) != code.charAt(17)) {
            return "the check character is '" + code.charAt(17) + "' but the first 17 characters give '" + ALPHABET.charAt(check) + "'";
        }
        return null;
    }
}
