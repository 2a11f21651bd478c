package zmd.registry.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Bounds computed without int overflow, refusals without rounding, and text read only when short and plain. */
class DecimalsTest {
    @Test
    void scalesAtTheLimitsOfIntDoNotWrapIntoAFit() {
        assertFalse(Decimals.fits(new BigDecimal("1e2147483648"), Decimals.YUAN), "scale Integer.MIN_VALUE is 2^31 integer digits");
        assertFalse(Decimals.fits(new BigDecimal("5e2147483648"), Decimals.QUANTITY));
        assertFalse(Decimals.fits(new BigDecimal("1e-2147483647"), Decimals.YUAN));
        assertFalse(Decimals.fits(new BigDecimal("1e1000000000"), Decimals.INPUT));
        assertTrue(Decimals.fits(new BigDecimal("0e-2147483647"), Decimals.YUAN), "zero at any scale is zero");
    }

    @Test
    void columnBoundsAreExactAndTrailingZerosAreFree() {
        assertTrue(Decimals.fits(new BigDecimal("99999999999999.99"), Decimals.YUAN));
        assertFalse(Decimals.fits(new BigDecimal("100000000000000.00"), Decimals.YUAN), "15 integer digits");
        assertFalse(Decimals.fits(new BigDecimal("0.001"), Decimals.YUAN));
        assertTrue(Decimals.fits(new BigDecimal("12.3400000"), Decimals.YUAN));
        assertTrue(Decimals.fits(new BigDecimal("1E+3"), Decimals.YUAN));
        assertEquals(new BigDecimal("1000.00"), Decimals.column(new BigDecimal("1E+3"), "f", Decimals.YUAN, false));
        RegistryException e = assertThrows(RegistryException.class, () -> Decimals.column(new BigDecimal("1.005"), "f", Decimals.YUAN, false));
        assertEquals("f", e.details().get("field"));
    }

    @Test
    void textIsReadOnlyWhenShortAndPlain() {
        assertEquals(new BigDecimal("-12.5e3"), Decimals.parse("-12.5e3"));
        for (String bad : new String[] {"1e2147483648", "9".repeat(65), "NaN", "Infinity", "0x10", "1,5", "", "1e-99999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Decimals.parse(bad), bad);
            assertFalse(!bad.isEmpty() && e.getMessage().contains(bad), "the text is not repeated: " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Decimals.of(Double.POSITIVE_INFINITY));
        assertEquals(new BigDecimal("0.1"), Decimals.of(0.1d), "a double as its shortest decimal text");
    }
}
