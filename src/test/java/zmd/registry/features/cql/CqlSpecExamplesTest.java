package zmd.registry.features.cql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import zmd.registry.core.RegistryException;

/** The standard's examples: each text filter parses to the same tree as its JSON form. */
class CqlSpecExamplesTest {
    private record Example(String name, String text, String json) {
    }

    @TestFactory
    Stream<DynamicTest> textAndJsonParseToTheSameTree() throws IOException {
        List<Example> examples = examples();
        assertTrue(examples.size() >= 50, "examples read: " + examples.size());
        return examples.stream().map(e -> DynamicTest.dynamicTest(e.name(),
                () -> assertEquals(Cql2Json.parse(e.json()), Cql2Text.parse(e.text()), e.text())));
    }

    @Test
    void examplesOfWhatThisServerDoesNotOfferAreRefusedByName() {
        String[][] cases = {
                {"T_BEFORE(built, DATE('2015-01-01'))", "'T_BEFORE' is a temporal function"},
                {"T_AFTER(built,DATE('2012-06-05'))", "'T_AFTER' is a temporal function"},
                {"T_DURING(INTERVAL(starts_at, ends_at), INTERVAL('2017-06-10T07:30:00Z', '2017-06-11T10:30:00Z'))", "'T_DURING' is a temporal function"},
                {"A_CONTAINS(layer:ids, ('layers-ca','layers-us'))", "'A_CONTAINS' is an array function"},
                {"ACCENTI(etat_vol) = ACCENTI('débárquér')", "'ACCENTI' (accent-insensitive comparison) is not offered"},
                {"vehicle_height > (bridge_clearance - 1)", "expected a value after '>' but found '('"},
                {"abs(balance) > 5", "'abs' is not a function this server offers"},
        };
        for (String[] c : cases) {
            RegistryException e = assertThrows(RegistryException.class, () -> Cql2Text.parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertTrue(e.getMessage().startsWith("filter: at character 1") || e.getMessage().contains("at character"), e.getMessage());
        }
        String[][] json = {
                {"{\"op\": \"t_before\", \"args\": [{\"property\": \"built\"}, {\"date\": \"2015-01-01\"}]}", "'t_before' is a temporal function"},
                {"{\"op\": \"a_contains\", \"args\": [{\"property\": \"layer:ids\"}, [\"layers-ca\"]]}", "'a_contains' is an array function"},
                {"{\"op\": \">\", \"args\": [{\"property\": \"h\"}, {\"op\": \"-\", \"args\": [{\"property\": \"c\"}, 1]}]}", "'-' is arithmetic"},
                {"{\"op\": \"=\", \"args\": [{\"op\": \"accenti\", \"args\": [{\"property\": \"e\"}]}, \"x\"]}", "'accenti' (accent-insensitive comparison)"},
                {"{\"op\": \"t_intersects\", \"args\": [{\"property\": \"t\"}, {\"interval\": [\"2020-01-01\", \"..\"]}]}", "is a temporal function"},
        };
        for (String[] c : json) {
            RegistryException e = assertThrows(RegistryException.class, () -> Cql2Json.parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    private static List<Example> examples() throws IOException {
        String all;
        try (InputStream in = CqlSpecExamplesTest.class.getResourceAsStream("/cql/spec-examples.txt")) {
            all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Example> out = new ArrayList<>();
        for (String block : all.split("\n## ")) {
            if (block.startsWith("#")) {
                continue;
            }
            int nameEnd = block.indexOf('\n');
            String[] parts = block.substring(nameEnd + 1).split("\n--\n", 2);
            out.add(new Example(block.substring(0, nameEnd).strip(), parts[0].strip(), parts[1].strip()));
        }
        return out;
    }
}
