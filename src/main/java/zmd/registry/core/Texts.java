package zmd.registry.core;

/**
 * The register's rule for text input: stored exactly as sent, or refused with the field named; never trimmed,
 * blank-to-null or otherwise changed on the way in. And the one way a message shows a caller's text: quoted and
 * shortened, so a message never grows with the input.
 */
public final class Texts {
    /** Characters of a caller's value a message shows. */
    public static final int SHOWN = 40;

    private Texts() {
    }

    /** A text that must be there. */
    public static String required(Object value, String field, int max) {
        String s = optional(value, field, max);
        if (s == null) {
            throw RegistryException.badInput(field, field + " must not be empty");
        }
        return s;
    }

    /**
     * A text that may be absent (null). Empty or blank text, whitespace before or after it, and control characters
     * other than tab and line breaks are refused rather than cleaned: what is stored is what was sent.
     */
    public static String optional(Object value, String field, int max) {
        if (value == null) {
            return null;
        }
        String s = value.toString();
        if (s.isBlank()) {
            throw RegistryException.badInput(field, field + " is empty or blank; send null (or leave it out) for no value");
        }
        if (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))
                || Character.isSpaceChar(s.charAt(0)) || Character.isSpaceChar(s.charAt(s.length() - 1))) {
            throw RegistryException.badInput(field, field + " starts or ends with whitespace; send it without");
        }
        if (s.length() > max) {
            throw RegistryException.badInput(field, field + " is longer than " + max + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw RegistryException.badInput(field, field + " contains the control character U+"
                        + String.format("%04X", (int) c) + " at position " + (i + 1));
            }
        }
        return s;
    }

    /** A caller's value as a message shows it: in quotes, at most {@link #SHOWN} characters, then how long it was. */
    public static String quoted(Object value) {
        String s = String.valueOf(value);
        return s.length() <= SHOWN ? "'" + s + "'" : "'" + shortened(s) + "' (" + s.length() + " characters)";
    }

    /** At most {@link #SHOWN} characters of a caller's text, with … when there was more. */
    public static String shortened(String s) {
        if (s == null || s.length() <= SHOWN) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(SHOWN - 1)) ? SHOWN - 1 : SHOWN;
        return s.substring(0, end) + "…";
    }
}
