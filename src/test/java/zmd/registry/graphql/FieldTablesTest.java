package zmd.registry.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import zmd.registry.core.FieldTable;

/** The startup check of field tables against the SDL finds every kind of difference. */
class FieldTablesTest {
    record Block(String code, Money price) {
    }

    record Money(String yuan) {
    }

    private static final TypeDefinitionRegistry SDL = new SchemaParser().parse("""
            type Query { block: Block }
            type Block { code: String! price: Money geometry(crs: String): String }
            type Money { yuan: String! }
            extend type Block { listings: [String!]! }
            """);

    private static RuntimeWiring wiring(String... loadedFields) {
        RuntimeWiring.Builder b = RuntimeWiring.newRuntimeWiring();
        for (String f : loadedFields) {
            b.type("Block", t -> t.dataFetcher(f, env -> null));
        }
        return b.build();
    }

    private static FieldTable<Money> money() {
        return FieldTable.<Money>of("Money").value("yuan", List.of(), Money::yuan);
    }

    @Test
    void matchingTablesHaveNoDifferences() {
        FieldTable<Block> block = FieldTable.<Block>of("Block")
                .value("code", List.of(), Block::code)
                .object("price", "Money", List.of(), Block::price)
                .loaded("geometry");
        FieldTable<Block> extension = FieldTable.<Block>of("Block").loaded("listings");
        assertEquals(List.of(), FieldTables.differences(SDL, wiring("geometry", "listings"), List.of(block, extension, money())));
    }

    @Test
    void everyDifferenceIsNamed() {
        FieldTable<Block> block = FieldTable.<Block>of("Block")
                .value("code", List.of(), Block::code)
                .object("price", "Reserve", List.of(), Block::price)
                .loaded("geometry")
                .value("name", List.of(), Block::code);
        List<String> differences = FieldTables.differences(SDL, wiring(), List.of(block, money(),
                FieldTable.<Object>of("Nothing").value("x", List.of(), o -> o)));
        assertEquals(List.of(
                "Block.price is a Money in the SDL but a Reserve in its field table",
                "Block.geometry is loaded by its adapter, but no fetcher is wired for it",
                "Block.listings is in the SDL but in no field table",
                "Block.name is in a field table but not in the SDL",
                "Nothing has a field table but is no object type of the SDL"), differences);
    }

    @Test
    void anObjectTypeWithoutATableIsNamed() {
        FieldTable<Block> block = FieldTable.<Block>of("Block")
                .value("code", List.of(), Block::code)
                .object("price", "Money", List.of(), Block::price)
                .loaded("geometry")
                .loaded("listings");
        assertEquals(List.of("Money is an object type of the SDL without a field table"),
                FieldTables.differences(SDL, wiring("geometry", "listings"), List.of(block)));
    }

    @Test
    void aFieldDescribedTwiceIsRefused() {
        assertThrows(IllegalStateException.class, () -> FieldTable.<Block>of("Block").loaded("code").loaded("code"));
        List<String> differences = FieldTables.differences(SDL, wiring("geometry", "listings"), List.of(money(), money()));
        assertTrue(differences.contains("Money.yuan is described in two field tables"), differences.toString());
    }

    @Test
    void aTableNamesTheColumnsOfTheFieldsSelectedOrReadsEverything() {
        org.jooq.Field<String> code = org.jooq.impl.DSL.field("code", String.class);
        org.jooq.Field<String> price = org.jooq.impl.DSL.field("price", String.class);
        org.jooq.Field<String> id = org.jooq.impl.DSL.field("id", String.class);
        FieldTable<Block> block = FieldTable.<Block>of("Block")
                .value("code", List.of(code), Block::code)
                .object("price", "Money", List.of(price, code), Block::price);
        assertEquals(List.of(id, price, code), List.copyOf(block.columns(java.util.Set.of("price", "__typename"), List.of(id))));
        assertEquals(null, block.columns(java.util.Set.of("code", "unknown"), List.of(id)));
        assertEquals(null, block.columns(null, List.of(id)));
    }
}
