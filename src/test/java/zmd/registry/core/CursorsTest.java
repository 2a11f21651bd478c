package zmd.registry.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The short form of a cursor is the general form's text. */
class CursorsTest {
    @Test
    void tagAndKeyEncodeAsTheListDoes() {
        for (long key : new long[] {0, 1, 3886, Integer.MAX_VALUE, Long.MAX_VALUE, -5}) {
            assertEquals(Cursors.encode(List.of("LISTING_CHANGE", key)), Cursors.encode("LISTING_CHANGE", key));
            assertEquals(List.of("LISTING_CHANGE", key), Cursors.decode(Cursors.encode("LISTING_CHANGE", key), "after").stream()
                    .map(v -> v instanceof Integer i ? (long) i : v).toList());
        }
    }

    @Test
    void aCursorThatIsNotAListIsBadInputNamingTheArgument() {
        for (String forged : List.of("bnVsbA==", "e30", "MQ", "W10", "!!")) { // null, {}, 1, [], not base64
            RegistryException e = org.junit.jupiter.api.Assertions.assertThrows(RegistryException.class, () -> Cursors.decode(forged, "after"));
            assertEquals(ErrorCode.BAD_USER_INPUT, e.code());
            assertEquals("after", e.details().get("field"));
        }
    }
}
