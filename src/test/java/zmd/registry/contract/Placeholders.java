package zmd.registry.contract;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import zmd.registry.TestServer;

/**
 * The {@code ${...}} placeholders of golden documents and variables, resolved on the server they are sent to:
 * <ul>
 * <li>{@code ${today}}, {@code ${today+21d}}, {@code ${today-1d}}: a date (yyyy-MM-dd) relative to today in China
 * Standard Time, as the demo data's dates are (write {@code "${today+21d}T09:00:00+08:00"} for a date-time);</li>
 * <li>{@code ${parcel:ZMD-2020-11}}: the id of the block with that code;</li>
 * <li>{@code ${listing:ZMD-2020-11}}: the id of that block's newest listing;</li>
 * <li>{@code ${apiKey:test platform}}: the id of the API key with that name;</li>
 * <li>{@code ${setup:/data/createMineParcel/id}}: a value of the answer to the document's setup (a JSON pointer).</li>
 * </ul>
 * Ids are looked up over HTTP with the editor key. Answers show them normalised, so a golden file never holds one.
 */
final class Placeholders {
    /** What a placeholder reads as where there is no server (coverage, the README comparison). */
    static final String BLANK = "…";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern TODAY = Pattern.compile("today(?:([+-])(\\d+)d)?");

    private final TestServer server;
    private final LocalDate today;
    private final Map<String, String> resolved = new HashMap<>();
    private JsonNode setup;

    Placeholders(TestServer server, LocalDate today) {
        this.server = server;
        this.today = today;
    }

    static String blank(String text) {
        return PLACEHOLDER.matcher(text).replaceAll(BLANK);
    }

    void setup(JsonNode response) {
        this.setup = response;
    }

    String apply(String text) {
        return replace(text, false);
    }

    /** Variables from their JSON text, placeholders replaced inside its strings; decimals read exactly. */
    Map<String, Object> variables(String json) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = TestServer.JSON.readValue(replace(json, true), LinkedHashMap.class);
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String replace(String text, boolean jsonString) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = resolve(m.group(1));
            if (jsonString) {
                value = new String(JsonStringEncoder.getInstance().quoteAsString(value));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String resolve(String expression) {
        String cached = resolved.get(expression);
        if (cached != null) {
            return cached;
        }
        String value = lookUp(expression);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("the placeholder ${" + expression + "} resolves to nothing");
        }
        if (!expression.startsWith("setup:")) {
            resolved.put(expression, value);
        }
        return value;
    }

    private String lookUp(String expression) {
        Matcher today = TODAY.matcher(expression);
        if (today.matches()) {
            long days = today.group(2) == null ? 0 : Long.parseLong(today.group(2));
            return (today.group(1) != null && today.group(1).equals("-") ? this.today.minusDays(days) : this.today.plusDays(days)).toString();
        }
        int colon = expression.indexOf(':');
        String kind = colon < 0 ? expression : expression.substring(0, colon);
        String arg = colon < 0 ? "" : expression.substring(colon + 1);
        return switch (kind) {
            case "parcel" -> server.data(server.editorKey, "query ($c: String!) { mineParcelByCode(code: $c) { id } }", Map.of("c", arg))
                    .at("/mineParcelByCode/id").asText(null);
            case "listing" -> server.data(server.editorKey, "query ($c: String!) { mineParcelByCode(code: $c) { listings { id } } }",
                    Map.of("c", arg)).at("/mineParcelByCode/listings/0/id").asText(null);
            case "apiKey" -> {
                for (JsonNode key : server.data(server.editorKey, "{ apiKeys { id name } }").get("apiKeys")) {
                    if (key.get("name").asText().equals(arg)) {
                        yield key.get("id").asText();
                    }
                }
                yield null;
            }
            case "setup" -> {
                if (setup == null) {
                    throw new IllegalStateException("${" + expression + "} without a setup document");
                }
                JsonNode v = setup.at(arg);
                yield v.isValueNode() ? v.asText() : null;
            }
            default -> throw new IllegalStateException("unknown placeholder ${" + expression + "}");
        };
    }
}
