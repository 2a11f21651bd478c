package zmd.registry.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.language.Document;
import graphql.language.Field;
import graphql.parser.Parser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The server writes the answers of {@code mineParcels}, {@code listings} and {@code listingChanges} itself (its
 * "direct JSON" path) when every field selected is one it declared, and leaves any other selection to graphql-java
 * (README, "written directly"). It has no switch a client can use, so to hold both paths to the same expectation a
 * document is sent a second time with a probe beside each such root field's selection: an aliased field the direct
 * path does not declare today (a block's {@code bbox}; the staff-only {@code announceEvidence} and {@code changedBy},
 * which are null for other callers without an error), which sends that whole field down the ordinary path. The probe
 * is removed from the answer before comparing. If the server ever declared these fields, the probed run would
 * silently take the direct path too: a switch a test can set over HTTP or through TestServer (the server's own
 * {@code registry.directJson.disabled} GraphQL context key, which the HTTP layer does not let a request set) would make
 * this exact.
 */
final class Probes {
    static final String ALIAS = "goldenProbe";
    private static final Map<String, String> PROBE = Map.of(
            "mineParcels", " " + ALIAS + ": nodes { " + ALIAS + ": bbox } ",
            "listings", " " + ALIAS + ": nodes { " + ALIAS + ": announceEvidence } ",
            "listingChanges", " " + ALIAS + ": changes { " + ALIAS + ": changedBy } ");

    record Probed(String text, List<String> resultKeys) {
    }

    private Probes() {
    }

    /** The document with a probe in each root field written directly, or null when it has none. */
    static Probed probe(String text) {
        Document document = Parser.parse(text);
        List<Field> fields = new ArrayList<>();
        for (Field f : GoldenContractTest.rootFields(document)) {
            if (PROBE.containsKey(f.getName()) && f.getSelectionSet() != null) {
                fields.add(f);
            }
        }
        if (fields.isEmpty()) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        StringBuilder out = new StringBuilder(text);
        fields.sort(Comparator.comparingInt((Field f) -> GoldenContractTest.offset(text, f.getSelectionSet().getSourceLocation())).reversed());
        for (Field f : fields) {
            int brace = GoldenContractTest.offset(text, f.getSelectionSet().getSourceLocation());
            if (text.charAt(brace) != '{') {
                throw new IllegalStateException("cannot place a probe in " + f.getName() + " at " + f.getSelectionSet().getSourceLocation());
            }
            out.insert(brace + 1, PROBE.get(f.getName()));
            keys.add(f.getResultKey());
        }
        return new Probed(out.toString(), keys);
    }

    /** The answer without the probes. */
    static JsonNode strip(JsonNode response, List<String> resultKeys) {
        JsonNode copy = response.deepCopy();
        JsonNode data = copy.get("data");
        if (data != null && data.isObject()) {
            for (String key : resultKeys) {
                if (data.get(key) instanceof ObjectNode o) {
                    o.remove(ALIAS);
                }
            }
        }
        return copy;
    }
}
