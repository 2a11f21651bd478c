package zmd.registry.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import zmd.registry.TestServer;

/** What every answer must satisfy, and what a successful write must read back as. */
final class Properties {
    static final int MAX_MESSAGE = 1_000;
    /** A Java class or package in a message: the caller learns the implementation, not what to fix. */
    static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(java|javax|jdk|sun|org|com|io|graphql|zmd)\\.[a-zA-Z_$]+\\.|[A-Z][A-Za-z]*(Exception|Error)\\b|com\\.fasterxml");
    /** SQL or PostgreSQL's own words: statements, rows and constraint texts are not for callers. */
    static final Pattern SQL_TEXT = Pattern.compile(
            "\\bSELECT\\b.*\\bFROM\\b|\\bINSERT INTO\\b|\\bUPDATE\\b.*\\bSET\\b|Failing row|ERROR:|SQLState|SQL state|violates .*constraint|\\bDetail:");
    /** Input fields that name a thing rather than store a value, or whose stored form is computed from them. */
    private static final Set<String> NOT_STORED_AS_IS = Set.of("county", "idempotencyKey", "geometry", "csv", "text", "path", "srid", "repair");

    private Properties() {
    }

    /** Problems of one answer; empty when it holds. */
    static List<String> ofAnswer(ForkedServer.Answer a) {
        List<String> problems = new ArrayList<>();
        if (a.failure() != null) {
            problems.add(a.failure());
            return problems;
        }
        if (a.status() >= 500) {
            problems.add("HTTP " + a.status());
        }
        JsonNode body = null;
        if (a.contentType().contains("json")) {
            try {
                body = TestServer.JSON.readTree(a.body());
            } catch (IOException e) {
                problems.add("answer is not JSON");
            }
        }
        if (body == null) {
            message(a.body(), problems);
            return problems;
        }
        for (JsonNode error : body.path("errors")) {
            String code = error.at("/extensions/code").asText(null);
            if (code == null) {
                problems.add("error without extensions.code");
            } else if (code.equals("INTERNAL")) {
                problems.add("INTERNAL");
            }
            message(error.path("message").asText(""), problems);
        }
        return problems;
    }

    private static void message(String message, List<String> problems) {
        if (message.length() > MAX_MESSAGE) {
            problems.add("message of " + message.length() + " chars");
        }
        String head = message.length() > 20_000 ? message.substring(0, 20_000) : message;
        var java = JAVA_NAME.matcher(head);
        if (java.find()) {
            problems.add("message names Java: " + java.group());
        }
        var sql = SQL_TEXT.matcher(head);
        if (sql.find()) {
            problems.add("message shows SQL: " + Json.abbreviate(sql.group(), 60));
        }
    }

    /**
     * How a stored value differs from the one sent: each input field against the field of the same name read back,
     * {@code xYuan} against {@code x.yuan} and {@code elevationTopM} against {@code elevation.topM}. Decimals are
     * compared by value (the API may write 2000.50 as 2000.5), dates as written, date-times as instants.
     */
    static void storedExactly(GraphQLInputObjectType type, Map<?, ?> sent, JsonNode stored, String path, List<String> out) {
        for (GraphQLInputObjectField f : type.getFieldDefinitions()) {
            if (!sent.containsKey(f.getName()) || NOT_STORED_AS_IS.contains(f.getName())) {
                continue;
            }
            JsonNode read = readBack(f.getName(), stored);
            if (read == null) {
                continue;
            }
            compare(f.getType(), sent.get(f.getName()), read, path + "." + f.getName(), out);
        }
    }

    private static JsonNode readBack(String name, JsonNode stored) {
        if (stored.has(name)) {
            return stored.get(name);
        }
        if (name.endsWith("Yuan") && stored.has(name.substring(0, name.length() - 4))) {
            return stored.get(name.substring(0, name.length() - 4)).get("yuan");
        }
        if (name.startsWith("elevation") && stored.has("elevation")) {
            String part = name.substring("elevation".length());
            return stored.get("elevation").get(Character.toLowerCase(part.charAt(0)) + part.substring(1));
        }
        return null;
    }

    private static void compare(GraphQLInputType type, Object sent, JsonNode read, String path, List<String> out) {
        GraphQLType t = GraphQLTypeUtil.unwrapNonNull(type);
        if (sent == null) {
            return;
        }
        if (read == null || read.isNull() || read.isMissingNode()) {
            out.add(path + ": sent " + show(sent) + ", read back null");
        } else if (t instanceof GraphQLList list && sent instanceof List<?> items) {
            if (read.size() != items.size()) {
                out.add(path + ": sent " + items.size() + " items, read back " + read.size());
                return;
            }
            for (int i = 0; i < items.size(); i++) {
                compare((GraphQLInputType) list.getWrappedType(), items.get(i), read.get(i), path + "[" + i + "]", out);
            }
        } else if (t instanceof GraphQLInputObjectType obj && sent instanceof Map<?, ?> m) {
            storedExactly(obj, m, read, path, out);
        } else if (!sameValue(path.substring(path.lastIndexOf('.') + 1), GraphQLTypeUtil.simplePrint(t), t instanceof GraphQLEnumType, sent, read)) {
            out.add(path + ": sent " + show(sent) + ", stored " + show(read.isTextual() ? read.asText() : read.toString()));
        }
    }

    private static boolean sameValue(String field, String type, boolean isEnum, Object sent, JsonNode read) {
        String text = String.valueOf(sent);
        try {
            if (field.equals("plannedListing")) {
                // The SDL promises the month of the planned listing (its first day): the same month is the same value.
                return LocalDate.parse(text).withDayOfMonth(1).toString().equals(read.asText());
            }
            return switch (type) {
                case "BigDecimal" -> new BigDecimal(text.trim()).compareTo(new BigDecimal(read.asText())) == 0;
                case "DateTime" -> OffsetDateTime.parse(text).toInstant().equals(OffsetDateTime.parse(read.asText()).toInstant());
                case "Float" -> Double.parseDouble(text) == read.asDouble();
                default -> isEnum || !(sent instanceof String) ? text.equals(read.asText()) : sent.equals(read.asText());
            };
        } catch (RuntimeException e) {
            // The server accepted a value that is not a value of its type: it cannot have been stored as sent.
            return false;
        }
    }

    static String show(Object v) {
        return Json.abbreviate(Json.write(v), 80);
    }
}
