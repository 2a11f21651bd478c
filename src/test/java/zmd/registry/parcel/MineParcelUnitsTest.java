package zmd.registry.parcel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class MineParcelUnitsTest {
    private static MineParcel withArea(double m2, BigDecimal priceYuan) {
        return new MineParcel(null, "c", "n", "411726", "PLANNED", null, null, null, null, null, priceYuan, null, null,
                List.of(), null, null, null, null, null, List.of(), m2, null, 1, null, null);
    }

    @Test
    void areasInTheUnitsStaffUse() {
        MineParcel p = withArea(5_378_200.0, null);
        assertEquals(new BigDecimal("5.3782"), p.areaKm2());
        assertEquals(new BigDecimal("537.8200"), p.areaHectares());
        // 1 亩 = 10 000/15 m²: 5 378 200 m² = 8067.30 亩
        assertEquals(new BigDecimal("8067.30"), p.areaMu());
    }

    @Test
    void moneyInYuanAndWanYuanExactly() {
        MineParcel p = withArea(1, new BigDecimal("435866500.00"));
        assertEquals(new BigDecimal("435866500.00"), p.plannedStartPrice().yuan());
        assertEquals(0, new BigDecimal("43586.65").compareTo(p.plannedStartPrice().wanYuan()));
    }
}
