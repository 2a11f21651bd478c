package zmd.registry.reserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import zmd.registry.reserve.ReserveCategory.Standard;

class ReserveCategoryTest {
    @Test
    void classifiesAsWritten() {
        assertEquals(Standard.GB_T_17766_1999, ReserveCategory.standardOf("122b"));
        assertEquals(Standard.GB_T_17766_1999, ReserveCategory.standardOf("2M11"));
        assertEquals(Standard.GB_T_17766_2020, ReserveCategory.standardOf("控制资源量"));
        assertEquals(Standard.UNCLASSIFIED, ReserveCategory.standardOf(null));
        assertEquals(Standard.UNCLASSIFIED, ReserveCategory.standardOf("预估资源量"));
        assertEquals(Standard.OTHER, ReserveCategory.standardOf("B级"));
    }

    @Test
    void mapsOldCodesToTheNearest2020Class() {
        assertEquals("可信储量", ReserveCategory.nearest2020("122b"));
        assertEquals("证实储量", ReserveCategory.nearest2020("111b"));
        assertEquals("推断资源量", ReserveCategory.nearest2020("333"));
        assertEquals("探明资源量", ReserveCategory.nearest2020("探明资源量"));
        assertNull(ReserveCategory.nearest2020("334?"));
        assertNull(ReserveCategory.nearest2020("预估资源量"));
    }
}
