package zmd.registry.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import zmd.registry.demo.DemoData;

class CapitalAmountTest {
    @Test
    void matchesTheWordsOfThe2020Plan() throws Exception {
        int checked = 0;
        try (InputStream in = DemoData.class.getResourceAsStream(DemoData.RESOURCE)) {
            for (JsonNode m : new ObjectMapper().readTree(in).get("mining_rights")) {
                if (m.has("start_price_in_words")) {
                    BigDecimal yuan = m.get("start_price_wan_yuan").decimalValue().movePointRight(4);
                    assertEquals(m.get("start_price_in_words").asText(), CapitalAmount.of(yuan));
                    checked++;
                }
            }
        }
        assertEquals(3, checked);
    }

    @Test
    void readsZerosAsTheStandardDoes() {
        assertEquals("壹拾万零伍佰元整", CapitalAmount.of(new BigDecimal("100500")));
        assertEquals("壹亿零伍元整", CapitalAmount.of(new BigDecimal("100000005")));
        assertEquals("壹仟零壹元零伍分", CapitalAmount.of(new BigDecimal("1001.05")));
        assertEquals("贰万叁仟元伍角", CapitalAmount.of(new BigDecimal("23000.50")));
        assertEquals("伍角陆分", CapitalAmount.of(new BigDecimal("0.56")));
        assertEquals("零元整", CapitalAmount.of(BigDecimal.ZERO));
        assertEquals("壹万亿元整", CapitalAmount.of(new BigDecimal("1000000000000")));
    }
}
