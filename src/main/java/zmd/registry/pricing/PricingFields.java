package zmd.registry.pricing;

import java.util.List;
import zmd.registry.core.FieldTable;
import zmd.registry.core.Money;
import zmd.registry.graphql.Connection;

/**
 * The fields of the pricing types (schema/pricing.graphqls). Prices, editions and floors are read or computed
 * whole, so no field needs a column of its own; amounts are exact yuan, shown as Money.
 */
final class PricingFields {
    static final FieldTable<BasePrice> BASE_PRICE = FieldTable.<BasePrice>of("BasePrice")
            .value("id", List.of(), BasePrice::id)
            .value("edition", List.of(), BasePrice::edition)
            .value("sourceLine", List.of(), BasePrice::sourceLine)
            .value("mineral", List.of(), BasePrice::mineral)
            .object("region", "PriceRegion", List.of(), BasePrice::region)
            .value("miningMethod", List.of(), BasePrice::miningMethod)
            .value("unitPrice", List.of(), BasePrice::unitPrice)
            .value("unit", List.of(), BasePrice::unit)
            .value("priceUnit", List.of(), BasePrice::priceUnit)
            .value("validFrom", List.of(), BasePrice::validFrom)
            .value("validTo", List.of(), BasePrice::validTo)
            .value("sourceDocument", List.of(), BasePrice::sourceDocument);

    static final FieldTable<PriceRegion> REGION = FieldTable.<PriceRegion>of("PriceRegion")
            .value("code", List.of(), PriceRegion::code)
            .value("name", List.of(), PriceRegion::name)
            .value("level", List.of(), PriceRegion::level);

    static final FieldTable<BasePriceRepository.Edition> EDITION = FieldTable.<BasePriceRepository.Edition>of("BasePriceEdition")
            .value("id", List.of(), BasePriceRepository.Edition::id)
            .value("name", List.of(), BasePriceRepository.Edition::name)
            .value("importedAt", List.of(), BasePriceRepository.Edition::importedAt)
            .value("importedBy", List.of(), BasePriceRepository.Edition::importedBy)
            .value("rowCount", List.of(), BasePriceRepository.Edition::rowCount)
            .value("validFrom", List.of(), BasePriceRepository.Edition::validFrom)
            .value("validTo", List.of(), BasePriceRepository.Edition::validTo);

    static final FieldTable<PricingService.ImportResult> IMPORT = FieldTable.<PricingService.ImportResult>of("BasePriceImport")
            .object("edition", "BasePriceEdition", List.of(), PricingService.ImportResult::edition)
            .objects("prices", "BasePrice", List.of(), PricingService.ImportResult::prices)
            .objects("superseded", "BasePrice", List.of(), PricingService.ImportResult::superseded);

    static final FieldTable<StartPriceFloor> FLOOR = FieldTable.<StartPriceFloor>of("StartPriceFloor")
            .value("date", List.of(), StartPriceFloor::date)
            .value("complete", List.of(), StartPriceFloor::complete)
            .object("floor", "Money", List.of(), f -> f.floorYuan() == null ? null : Money.ofYuan(f.floorYuan()))
            .object("pricedSubtotal", "Money", List.of(), f -> Money.ofYuan(f.pricedSubtotalYuan()))
            .objects("lines", "StartPriceFloorLine", List.of(), StartPriceFloor::lines)
            .objects("unpriced", "StartPriceFloorLine", List.of(), StartPriceFloor::unpriced)
            .value("statement", List.of(), StartPriceFloor::statement);

    static final FieldTable<StartPriceFloor.Line> FLOOR_LINE = FieldTable.<StartPriceFloor.Line>of("StartPriceFloorLine")
            .object("reserve", "Reserve", List.of(), StartPriceFloor.Line::reserve)
            .value("baseQuantity", List.of(), StartPriceFloor.Line::baseQuantity)
            .value("baseUnit", List.of(), StartPriceFloor.Line::baseUnit)
            .object("basePrice", "BasePrice", List.of(), StartPriceFloor.Line::basePrice)
            .value("amountYuan", List.of(), StartPriceFloor.Line::amountYuan)
            .object("amount", "Money", List.of(), l -> l.amountYuan() == null ? null : Money.ofYuan(l.amountYuan()))
            .value("gap", List.of(), StartPriceFloor.Line::gap)
            .value("gapReason", List.of(), StartPriceFloor.Line::gapReason);

    static final Connection.Tables<BasePrice> PAGE_TABLES = Connection.tables("BasePriceConnection", "BasePrice");

    static final List<FieldTable<?>> ALL = List.of(BASE_PRICE, REGION, EDITION, IMPORT, FLOOR, FLOOR_LINE, PAGE_TABLES.connection(),
            PAGE_TABLES.edge());

    private PricingFields() {
    }
}
