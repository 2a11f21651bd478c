package zmd.registry.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.access.Caller;

/** The floor: unit conversion, exact decimals, which price applies (region, method, validity), and gaps. */
class StartPriceFloorTest {
    static TestServer server;
    static PricingService pricing;

    static final String CSV = """
            mineral,region,mining_method,unit_price,unit,valid_from,valid_to,source_document
            饰面用花岗岩,410000,,30.00,立方米,2020-01-01,2020-12-31,test edition A
            饰面用花岗岩,泌阳县,OPEN_PIT,19.9999,立方米,2020-01-01,2020-12-31,test edition A
            饰面用花岗岩,411726,,25,元/立方米,2020-01-01,2020-12-31,test edition A
            建筑石料用花岗岩,驻马店市,,2.15,吨,2020-01-01,,test edition A
            金,河南省,,0.0003,千克,2020-01-01,,test edition A
            """;

    @BeforeAll
    static void start() {
        server = TestServer.empty();
        pricing = server.registry.pricing();
        pricing.importCsv(Caller.SYSTEM, CSV, "test edition A", false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static final LocalDate JUNE_2020 = LocalDate.of(2020, 6, 1);

    @Test
    void convertsUnitsAndMultipliesExactly() {
        UUID id = Blocks.create(server.registry, "411726", "OPEN_PIT", List.of(
                Blocks.reserve("饰面用花岗岩", "1010.59", "万立方米"),
                Blocks.reserve("建筑石料用花岗岩", "10078", "万吨")));
        StartPriceFloor floor = pricing.floor(id, JUNE_2020);
        assertTrue(floor.complete());
        StartPriceFloor.Line stone = floor.lines().get(0);
        assertEquals(0, new BigDecimal("10105900").compareTo(stone.baseQuantity()));
        assertEquals("立方米", stone.baseUnit());
        // The county's open-pit price wins over the county's any-method price and the province's.
        assertEquals(0, new BigDecimal("19.9999").compareTo(stone.basePrice().unitPrice()));
        // 10 105 900 x 19.9999 = 202 118 000 - 1 010.59, exactly.
        assertEquals(0, new BigDecimal("202116989.41").compareTo(stone.amountYuan()));
        StartPriceFloor.Line crushed = floor.lines().get(1);
        assertEquals(0, new BigDecimal("100780000").compareTo(crushed.baseQuantity()));
        assertEquals("411700", crushed.basePrice().region().code());
        assertEquals(0, new BigDecimal("216677000").compareTo(crushed.amountYuan()));
        assertEquals(new BigDecimal("418793989.41"), floor.floorYuan());
        assertTrue(floor.cleared(new BigDecimal("418793989.41")));
        assertFalse(floor.cleared(new BigDecimal("418793989.40")));
    }

    @Test
    void mostSpecificRegionThenMethod() {
        UUID underground = Blocks.create(server.registry, "411726", "UNDERGROUND", List.of(Blocks.reserve("饰面用花岗岩", "1", "万立方米")));
        assertEquals(0, new BigDecimal("25").compareTo(pricing.floor(underground, JUNE_2020).lines().getFirst().basePrice().unitPrice()),
                "the county's any-method price beats the province's, the open-pit price does not apply");
        UUID noMethod = Blocks.create(server.registry, "411726", null, List.of(Blocks.reserve("饰面用花岗岩", "1", "万立方米")));
        assertEquals(0, new BigDecimal("25").compareTo(pricing.floor(noMethod, JUNE_2020).lines().getFirst().basePrice().unitPrice()));
        UUID queshan = Blocks.create(server.registry, "411725", "OPEN_PIT", List.of(Blocks.reserve("饰面用花岗岩", "1", "万立方米")));
        StartPriceFloor.Line line = pricing.floor(queshan, JUNE_2020).lines().getFirst();
        assertEquals("410000", line.basePrice().region().code(), "no county or city price in 确山县: the province's applies");
        assertEquals(0, new BigDecimal("300000").compareTo(line.amountYuan()));
    }

    @Test
    void roundsTheTotalUpToTheFen() {
        UUID gold = Blocks.create(server.registry, "411725", "UNDERGROUND", List.of(Blocks.reserve("金", "0.0001", "吨金属量")));
        StartPriceFloor floor = pricing.floor(gold, JUNE_2020);
        // 0.0001 吨金属量 = 0.1 千克, x 0.0003 元/千克 = 0.00003 元: a floor is never understated.
        assertEquals(0, new BigDecimal("0.00003").compareTo(floor.lines().getFirst().amountYuan()));
        assertEquals(new BigDecimal("0.01"), floor.floorYuan());
    }

    @Test
    void namesReservesWithoutABasePriceAndClaimsNoFloor() {
        UUID id = Blocks.create(server.registry, "411726", "OPEN_PIT", List.of(
                Blocks.reserve("饰面用花岗岩", "10", "万立方米"),
                Blocks.reserve("建筑石料用花岗岩", "10", "万吨"),
                Blocks.reserve("建筑用砂", "5", "万吨")));
        StartPriceFloor june = pricing.floor(id, JUNE_2020);
        assertFalse(june.complete());
        assertNull(june.floorYuan());
        assertEquals(List.of("建筑用砂"), june.unpriced().stream().map(l -> l.reserve().mineral()).toList());
        assertEquals(StartPriceFloor.Gap.NO_BASE_PRICE, june.unpriced().getFirst().gap());
        assertTrue(june.statement().startsWith("no floor can be claimed"), june.statement());
        assertTrue(june.unpriced().getFirst().gapReason().contains("泌阳县"), june.unpriced().getFirst().gapReason());
        assertEquals(0, new BigDecimal("2214990").compareTo(june.pricedSubtotalYuan()), "100 000 m³ x 19.9999 + 100 000 t x 2.15");

        // After 2020 the granite prices have expired; the crushed-stone price is open-ended.
        StartPriceFloor later = pricing.floor(id, LocalDate.of(2021, 1, 1));
        assertEquals(List.of("饰面用花岗岩", "建筑用砂"), later.unpriced().stream().map(l -> l.reserve().mineral()).toList());
    }

    @Test
    void refusesAPricePerAnotherUnit() {
        UUID id = Blocks.create(server.registry, "411726", "OPEN_PIT", List.of(Blocks.reserve("饰面用花岗岩", "3", "万吨")));
        StartPriceFloor.Line line = pricing.floor(id, JUNE_2020).lines().getFirst();
        assertEquals(StartPriceFloor.Gap.UNIT_MISMATCH, line.gap());
        assertTrue(line.gapReason().contains("元/立方米"), line.gapReason());
    }

    @Test
    void aBlockWithoutReservesHasNoFloor() {
        UUID id = Blocks.create(server.registry, "411726", "OPEN_PIT", List.of());
        StartPriceFloor floor = pricing.floor(id, JUNE_2020);
        assertFalse(floor.complete());
        assertNull(floor.floorYuan());
    }

    @Test
    void effectiveBasePriceOverGraphQL() {
        var data = server.data(null, """
                { a: effectiveBasePrice(mineral: "饰面用花岗岩", county: "泌阳县", date: "2020-06-01", miningMethod: OPEN_PIT) { unitPrice priceUnit region { code level } }
                  b: effectiveBasePrice(mineral: "饰面用花岗岩", county: "411725", date: "2020-06-01") { unitPrice region { name } sourceDocument edition }
                  c: effectiveBasePrice(mineral: "饰面用花岗岩", county: "411725", date: "2021-06-01") { unitPrice } }""");
        assertEquals("元/立方米", data.at("/a/priceUnit").asText());
        assertEquals("COUNTY", data.at("/a/region/level").asText());
        assertEquals("河南省", data.at("/b/region/name").asText());
        assertEquals("test edition A", data.at("/b/edition").asText());
        assertTrue(data.get("c").isNull());
    }

    @Test
    void floorOverGraphQL() {
        UUID id = Blocks.create(server.registry, "411726", "OPEN_PIT", List.of(
                Blocks.reserve("饰面用花岗岩", "1010.59", "万立方米"),
                Blocks.reserve("建筑用砂", "1", "万吨")));
        var floor = server.data(server.editorKey, """
                query($id: ID!) { mineParcel(id: $id) { startPriceFloor(date: "2020-06-01") {
                  date complete floor { yuan } pricedSubtotal { yuan wanYuan } statement
                  lines { reserve { mineral quantity unit } baseQuantity baseUnit amountYuan amount { yuan } basePrice { unitPrice priceUnit } gap }
                  unpriced { reserve { mineral } gap gapReason } } } }""", java.util.Map.of("id", id.toString())).at("/mineParcel/startPriceFloor");
        assertFalse(floor.get("complete").asBoolean());
        assertTrue(floor.get("floor").isNull());
        assertEquals("202116989.41", floor.at("/pricedSubtotal/yuan").decimalValue().toPlainString());
        assertEquals("10105900", floor.at("/lines/0/baseQuantity").decimalValue().stripTrailingZeros().toPlainString());
        assertEquals("202116989.41", floor.at("/lines/0/amountYuan").decimalValue().stripTrailingZeros().toPlainString());
        assertEquals("NO_BASE_PRICE", floor.at("/unpriced/0/gap").asText());
        assertEquals("建筑用砂", floor.at("/unpriced/0/reserve/mineral").asText());
        assertTrue(floor.get("statement").asText().contains("建筑用砂"));
    }
}
