package zmd.registry.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmd.registry.db.generated.Tables.BASE_PRICE;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.db.Changes;

/** Importing an edition: every bad row reported with its line, nothing written on any error; editions never overlap. */
class BasePriceImportTest {
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.empty();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static final String IMPORT = """
            mutation($edition: String!, $csv: String!, $supersede: Boolean) {
              importBasePrices(edition: $edition, csv: $csv, supersede: $supersede) {
                edition { name rowCount validFrom validTo importedBy }
                prices { mineral region { code } miningMethod unitPrice unit sourceLine validFrom validTo }
                superseded { mineral validFrom validTo edition }
              } }""";

    JsonNode importCsv(String key, String edition, String csv, boolean supersede) {
        return server.graphql(key, IMPORT, Map.of("edition", edition, "csv", csv, "supersede", supersede));
    }

    int storedPrices() {
        return server.data(null, "{ basePrices { totalCount } }").at("/basePrices/totalCount").asInt();
    }

    static List<Integer> lines(JsonNode response) {
        List<Integer> out = new ArrayList<>();
        response.at("/errors/0/extensions/rowErrors").forEach(e -> out.add(e.get("line").asInt()));
        return out;
    }

    @Test
    void importsAValidEdition() {
        JsonNode r = importCsv(server.editorKey, "2021版", """
                矿种,区域,开采方式,基准价,单位,起始日期,截止日期,依据文件
                建筑用砂,河南省,,1.50,元/吨,2021-01-01,,"豫自然资规〔2021〕X号, 附表1"
                饰面用花岗岩,泌阳县,露天开采,20,立方米,2021-01-01,2022-12-31,豫自然资规〔2021〕X号
                """, false);
        assertEquals(null, TestServer.errorCode(r), () -> r.toString());
        JsonNode result = r.at("/data/importBasePrices");
        assertEquals(2, result.at("/edition/rowCount").asInt());
        assertEquals("2021-01-01", result.at("/edition/validFrom").asText());
        assertTrue(result.at("/edition/validTo").isNull(), "an open-ended price leaves the edition open-ended");
        assertEquals("test editor", result.at("/edition/importedBy").asText());
        assertEquals("豫自然资规〔2021〕X号, 附表1", server.data(null, "{ basePrices(filter: {mineral: \"建筑用砂\"}) { nodes { sourceDocument } } }")
                .at("/basePrices/nodes/0/sourceDocument").asText());
        assertEquals("OPEN_PIT", result.at("/prices/1/miningMethod").asText());
        assertEquals("411726", result.at("/prices/1/region/code").asText());
        assertEquals(3, result.at("/prices/1/sourceLine").asInt());
        assertEquals(2, storedPrices());
    }

    @Test
    void aBadRowRefusesTheWholeFileWithItsLineNumber() {
        JsonNode r = importCsv(server.editorKey, "bad", """
                mineral,region,mining_method,unit_price,unit,valid_from,valid_to,source_document
                建筑用砂,410000,,1.50,吨,2021-01-01,,doc
                "饰面用花岗岩",411726,OPEN_PIT,20,立方米,2021-01-01,,"a source document
                written over two lines"
                建筑石料,410000,,abc,吨,2021-01-01,,doc
                建筑石料,火星,,2.00,万吨,2021-13-01,,doc
                """, false);
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(r));
        assertEquals(List.of(5, 6, 6, 6), lines(r), r.toString());
        JsonNode errors = r.at("/errors/0/extensions/rowErrors");
        assertEquals("unit_price", errors.get(0).get("column").asText());
        assertEquals("region", errors.get(1).get("column").asText());
        assertEquals("unit", errors.get(2).get("column").asText());
        assertTrue(errors.get(2).get("message").asText().contains("per 吨"), errors.toString());
        assertEquals("valid_from", errors.get(3).get("column").asText());
        assertTrue(TestServer.errorMessage(r).contains("nothing was imported"));
        assertEquals(0, storedPrices(), "the valid rows were not written either");
        assertEquals(0, server.data(null, "{ basePriceEditions { name } }").at("/basePriceEditions").size());
    }

    @Test
    void aPriceWhoseExponentPassesTheIntRangeIsRefusedNotWrapped() {
        JsonNode r = importCsv(server.editorKey, "wrapped", """
                mineral,region,mining_method,unit_price,unit,valid_from,valid_to,source_document
                建筑用砂,410000,,1e2147483648,吨,2021-01-01,,doc
                建筑用砂,411726,,1.00005,吨,2021-01-01,,doc
                """, false);
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(r), r.toString());
        assertEquals(List.of(2, 3), lines(r), r.toString());
        assertEquals(0, storedPrices());
    }

    @Test
    void aMissingColumnIsReportedOnTheHeaderLine() {
        JsonNode r = importCsv(server.editorKey, "no unit", "mineral,region,unit_price,valid_from,source_document\n建筑用砂,410000,1.5,2021-01-01,doc\n", false);
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(r));
        assertEquals(List.of(1), lines(r));
        assertTrue(r.at("/errors/0/extensions/rowErrors/0/message").asText().contains("unit"));
    }

    @Test
    void overlapsWithinTheFileAndWithStoredPricesAreRefused() {
        JsonNode within = importCsv(server.editorKey, "twice", """
                mineral,region,mining_method,unit_price,unit,valid_from,valid_to,source_document
                建筑用砂,410000,,1.50,吨,2021-01-01,2021-12-31,doc
                建筑用砂,410000,UNDERGROUND,1.60,吨,2021-06-01,,doc
                建筑用砂,410000,,1.70,吨,2021-12-31,,doc
                """, false);
        assertEquals(List.of(4), lines(within), within.toString());
        assertTrue(within.at("/errors/0/extensions/rowErrors/0/message").asText().contains("line 2"));

        assertEquals(null, TestServer.errorCode(importCsv(server.editorKey, "2021", """
                mineral,region,mining_method,unit_price,unit,valid_from,valid_to,source_document
                建筑用砂,410000,,1.50,吨,2021-01-01,,doc 2021
                """, false)));
        String next = """
                mineral,region,mining_method,unit_price,unit,valid_from,valid_to,source_document
                建筑用砂,410000,,1.80,吨,2023-01-01,,doc 2023
                """;
        JsonNode refused = importCsv(server.editorKey, "2023", next, false);
        assertEquals("BAD_USER_INPUT", TestServer.errorCode(refused));
        assertTrue(refused.at("/errors/0/extensions/rowErrors/0/message").asText().contains("supersede"), refused.toString());
        assertEquals(1, storedPrices());

        JsonNode superseding = importCsv(server.editorKey, "2023", next, true);
        assertEquals(null, TestServer.errorCode(superseding), superseding.toString());
        assertEquals("2022-12-31", superseding.at("/data/importBasePrices/superseded/0/validTo").asText());
        assertEquals("2021", superseding.at("/data/importBasePrices/superseded/0/edition").asText());
        // Both editions are kept; each date has one price.
        assertEquals(2, storedPrices());
        assertEquals("1.5", server.data(null, "{ effectiveBasePrice(mineral: \"建筑用砂\", county: \"泌阳县\", date: \"2022-12-31\") { unitPrice } }")
                .at("/effectiveBasePrice/unitPrice").decimalValue().stripTrailingZeros().toPlainString());
        assertEquals("1.8", server.data(null, "{ effectiveBasePrice(mineral: \"建筑用砂\", county: \"泌阳县\", date: \"2023-01-01\") { unitPrice } }")
                .at("/effectiveBasePrice/unitPrice").decimalValue().stripTrailingZeros().toPlainString());
        assertEquals(2, server.data(null, "{ basePriceEditions { name } }").at("/basePriceEditions").size());

        JsonNode again = importCsv(server.editorKey, "2023", next.replace("2023-01-01", "2030-01-01"), false);
        assertEquals("CONFLICT", TestServer.errorCode(again), "an edition name is never reused");
    }

    @Test
    void theDatabaseRefusesOverlappingValidity() {
        server.registry.pricing().importCsv(zmd.registry.access.Caller.SYSTEM, """
                mineral,region,mining_method,unit_price,unit,valid_from,valid_to,source_document
                建筑用砂,410000,,1.50,吨,2021-01-01,2021-12-31,doc
                """, "db", false);
        var dsl = server.db.database().dsl();
        long edition = dsl.select(BASE_PRICE.EDITION_ID).from(BASE_PRICE).fetchAny(BASE_PRICE.EDITION_ID);
        DataAccessException e = assertThrows(DataAccessException.class, () -> Changes.transaction(dsl, zmd.registry.access.Caller.SYSTEM, "hand edit (test)", tx -> tx.insertInto(BASE_PRICE)
                .set(BASE_PRICE.EDITION_ID, edition).set(BASE_PRICE.SOURCE_LINE, 9).set(BASE_PRICE.MINERAL, "建筑用砂")
                .set(BASE_PRICE.REGION_CODE, "410000").set(BASE_PRICE.UNIT_PRICE, java.math.BigDecimal.TEN).set(BASE_PRICE.UNIT, "吨")
                .set(BASE_PRICE.VALID_FROM, LocalDate.of(2021, 12, 31)).set(BASE_PRICE.SOURCE_DOCUMENT, "x").execute()));
        assertTrue(e.getMessage().contains("base_price_no_overlap"), e.getMessage());
        // A price per 万吨 is refused by the database too: prices are per base unit.
        DataAccessException unit = assertThrows(DataAccessException.class, () -> Changes.transaction(dsl, zmd.registry.access.Caller.SYSTEM, "hand edit (test)", tx -> tx.insertInto(BASE_PRICE)
                .set(BASE_PRICE.EDITION_ID, edition).set(BASE_PRICE.SOURCE_LINE, 9).set(BASE_PRICE.MINERAL, "建筑石料")
                .set(BASE_PRICE.REGION_CODE, "410000").set(BASE_PRICE.UNIT_PRICE, java.math.BigDecimal.TEN).set(BASE_PRICE.UNIT, "万吨")
                .set(BASE_PRICE.VALID_FROM, LocalDate.of(2021, 1, 1)).set(BASE_PRICE.SOURCE_DOCUMENT, "x").execute()));
        assertTrue(unit.getMessage().contains("base_price_unit_is_base"), unit.getMessage());
    }

    @Test
    void onlyEditorsImport() {
        String csv = "mineral,region,unit_price,unit,valid_from,source_document\n建筑用砂,410000,1.5,吨,2021-01-01,doc\n";
        assertEquals("FORBIDDEN", TestServer.errorCode(importCsv(server.platformKey, "p", csv, false)));
        assertEquals("FORBIDDEN", TestServer.errorCode(importCsv(server.viewerKey, "v", csv, false)));
        assertEquals("FORBIDDEN", TestServer.errorCode(importCsv(null, "x", csv, false)));
        assertEquals(0, storedPrices());
    }
}
