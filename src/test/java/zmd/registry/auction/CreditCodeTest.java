package zmd.registry.auction;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CreditCodeTest {
    @Test
    void acceptsPublishedCodes() {
        // Codes of registered companies as printed on their business licences.
        assertNull(CreditCode.problem("9144030071526726XG"));
        assertNull(CreditCode.problem("91110000802100433B"));
        assertNull(CreditCode.problem("91330100799655058B"));
    }

    @Test
    void refusesWrongCheckCharacterLengthAndAlphabet() {
        assertTrue(CreditCode.problem("9144030071526726XH").contains("check character"));
        assertTrue(CreditCode.problem("9144030071526726X").contains("18 characters"));
        assertTrue(CreditCode.problem("9144030071526726OG").contains("not allowed"), "O is not in the alphabet");
        assertTrue(CreditCode.problem("9144030071526726xg").contains("not allowed"), "lower case is not in the alphabet");
    }
}
