package zmd.registry.parcel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import zmd.registry.db.generated.tables.records.MineParcelRecord;

class MineParcelUnitsTest {
    private static MineParcel withArea(double m2, BigDecimal priceYuan) {
        MineParcelRecord row = new MineParcelRecord();
        row.setAreaM2(m2);
        row.setPlannedStartPrice(priceYuan);
        return new MineParcel(row, null);
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
