package zmd.registry.core;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** The one rule for a calendar date a caller sends, whatever the protocol: yyyy-MM-dd, and a day that exists. */
public final class Dates {
    private static final Pattern DATE_TEXT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Dates() {
    }

    /** A date written yyyy-MM-dd that exists on the calendar; IllegalArgumentException (not repeating the input) otherwise. */
    public static LocalDate parse(Object input) {
        if (input instanceof String s && DATE_TEXT.matcher(s).matches()) {
            try {
                return LocalDate.parse(s); // ISO_LOCAL_DATE resolves strictly: no 30 February
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("a Date must be a day of the calendar (yyyy-MM-dd)");
            }
        }
        throw new IllegalArgumentException("a Date is written yyyy-MM-dd");
    }
}
