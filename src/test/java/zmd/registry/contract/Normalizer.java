package zmd.registry.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import zmd.registry.TestServer;

/**
 * Makes an answer comparable from run to run, and leaves every deterministic value exact. Walking the answer (errors
 * before data, as the server writes it), it replaces:
 * <ul>
 * <li>each distinct UUID, wherever it appears (a value, inside a message, inside a JSON scalar or a cursor), by
 * {@code <uuid-N>}, numbered in order of first appearance in that answer;</li>
 * <li>the value of an instant the server takes from its clock ({@link #INSTANTS}: createdAt, updatedAt, importedAt,
 * checkedAt, announcedAt, …) by {@code <timestamp>} (null stays null);</li>
 * <li>a date or date-time within {@link #WINDOW_DAYS} days of today, in any string, by its distance from today
 * ({@code 2026-12-23T09:00:00.000+08:00} → {@code <today+21d>T09:00:00.000+08:00}): the demo's listings are dated
 * relative to the day they were loaded, and documents date their listings with {@code ${today+Nd}}. Such dates are set
 * on whole minutes; a date-time in the window with seconds or a fraction of a second is an instant the server took from
 * its clock: {@code <timestamp>}. Dates further away (the 2020 plan's, base prices') are kept, so a fixed date in a
 * document must lie more than {@value #WINDOW_DAYS} days from the day the tests run;</li>
 * <li>cursors (cursor, startCursor, endCursor): base64 of a JSON array, shown decoded and normalised as
 * {@code <cursor [...]>}, so the format stays pinned (platforms keep their change-feed cursor);</li>
 * <li>API key prefixes and secrets ({@code mrr_…}) by {@code <api-key>};</li>
 * <li>timings of a layer import (seconds, featuresPerSecond) by {@code <duration>};</li>
 * <li>digests and signatures of compliance reports and the change log's hashes ({@link #DIGESTS}) by {@code <digest>}:
 * the signed bodies and the hashed entries hold the run's ids and times.</li>
 * </ul>
 * Keys keep the server's order in data (GraphQL's: the order of the selection), but not where the server's own order
 * changes from one start to the next: in errors (see {@link #error}) and in the values of JSON scalars.
 */
final class Normalizer {
    static final Set<String> INSTANTS = Set.of("createdAt", "updatedAt", "importedAt", "checkedAt", "announcedAt", "withdrawnAt",
            "changedAt", "reportedAt", "revokedAt", "at");
    static final Set<String> CURSORS = Set.of("cursor", "startCursor", "endCursor");
    static final Set<String> DURATIONS = Set.of("seconds", "featuresPerSecond");
    static final Set<String> DIGESTS = Set.of("sha256", "signature", "hash", "prevHash");
    static final long WINDOW_DAYS = 120;
    /**
     * Fields of the SDL's JSON scalar type (Listing.announceEvidence, AnnounceCheck.failedRules and evidence): the server
     * builds some of them from maps whose iteration order changes from one JVM to the next, so their keys are sorted.
     */
    static final Set<String> JSON_SCALARS = Set.of("announceEvidence", "failedRules", "evidence");
    private static final List<String> ERROR_ORDER = List.of("message", "locations", "path", "extensions");

    private static final Pattern UUID = Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern DATE = Pattern.compile(
            "\\b(\\d{4}-\\d{2}-\\d{2})(T\\d{2}:\\d{2}(?::(\\d{2})(\\.\\d+)?)?(?:Z|[+-]\\d{2}:\\d{2})?)?");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern API_KEY = Pattern.compile("\\bmrr_[A-Za-z0-9_-]+");

    private final LocalDate today;
    private final Map<String, String> uuids = new LinkedHashMap<>();

    Normalizer(LocalDate today) {
        this.today = today;
    }

    JsonNode normalize(JsonNode answer) {
        if (!answer.isObject()) {
            return walk(answer, null, false);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        answer.properties().forEach(e -> {
            if (e.getKey().equals("errors") && e.getValue().isArray()) {
                ArrayNode errors = out.putArray("errors");
                e.getValue().forEach(error -> errors.add(error(error)));
            } else {
                out.set(e.getKey(), walk(e.getValue(), e.getKey(), false));
            }
        });
        return out;
    }

    /**
     * An error with its members in the order of the GraphQL spec (message, locations, path, extensions, then any other,
     * sorted) and its extensions sorted: the server builds extensions from maps whose order changes from one JVM to the
     * next, and writes request-level errors (HTTP 4xx) with extensions before message.
     */
    private JsonNode error(JsonNode error) {
        if (!error.isObject()) {
            return walk(error, null, true);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String key : ERROR_ORDER) {
            if (error.has(key)) {
                out.set(key, walk(error.get(key), key, !key.equals("path") && !key.equals("locations")));
            }
        }
        new java.util.TreeMap<>(toMap(error)).forEach((k, v) -> {
            if (!out.has(k)) {
                out.set(k, walk(v, k, true));
            }
        });
        return out;
    }

    private static Map<String, JsonNode> toMap(JsonNode object) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        object.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    /** {@code sorted}: object keys sorted (extensions, and the values of JSON scalars, see {@link #JSON_SCALARS}). */
    private JsonNode walk(JsonNode node, String key, boolean sorted) {
        boolean sort = sorted || (key != null && JSON_SCALARS.contains(key));
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Map<String, JsonNode> fields = sort ? new java.util.TreeMap<>(toMap(node)) : toMap(node);
            fields.forEach((k, v) -> out.set(k, walk(v, k, sort)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> out.add(walk(e, key, sort)));
            return out;
        }
        if (node.isNumber() && key != null && DURATIONS.contains(key)) {
            return TextNode.valueOf("<duration>");
        }
        if (node.isTextual()) {
            return TextNode.valueOf(text(key, node.asText()));
        }
        return node;
    }

    private String text(String key, String s) {
        if (key != null && DIGESTS.contains(key)) {
            return "<digest>";
        }
        if (key != null && INSTANTS.contains(key) && DATE_TIME.matcher(s).matches()) {
            return "<timestamp>";
        }
        if (key != null && CURSORS.contains(key)) {
            JsonNode decoded = cursor(s);
            if (decoded != null) {
                return "<cursor " + walk(decoded, null, false) + ">";
            }
        }
        s = API_KEY.matcher(s).replaceAll("<api-key>");
        s = UUID.matcher(s).replaceAll(m -> Matcher.quoteReplacement(uuid(m.group().toLowerCase())));
        return DATE.matcher(s).replaceAll(m -> Matcher.quoteReplacement(date(m)));
    }

    private String uuid(String uuid) {
        return uuids.computeIfAbsent(uuid, u -> "<uuid-" + (uuids.size() + 1) + ">");
    }

    private String date(java.util.regex.MatchResult m) {
        LocalDate date;
        try {
            date = LocalDate.parse(m.group(1));
        } catch (DateTimeParseException e) {
            return m.group();
        }
        long days = ChronoUnit.DAYS.between(today, date);
        if (Math.abs(days) > WINDOW_DAYS) {
            return m.group();
        }
        String seconds = m.group(3);
        String fraction = m.group(4);
        if ((seconds != null && !seconds.equals("00")) || (fraction != null && !fraction.matches("\\.0+"))) {
            return "<timestamp>";
        }
        String relative = days == 0 ? "<today>" : "<today" + (days > 0 ? "+" : "") + days + "d>";
        return relative + (m.group(2) == null ? "" : m.group(2));
    }

    /** The JSON array a cursor encodes, or null when it is not one. */
    private static JsonNode cursor(String s) {
        try {
            JsonNode n = TestServer.JSON.readTree(new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8));
            return n != null && n.isArray() ? n : null;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }
}
