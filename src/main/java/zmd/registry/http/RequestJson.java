package zmd.registry.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import zmd.registry.core.ErrorCode;

/**
 * Reads request JSON strictly: one JSON value and nothing after it, no key twice (a client that sends a key twice
 * cannot know which one counts), and every refusal in the register's own words, never the parser's (which name
 * Java classes and its own limits).
 */
final class RequestJson {
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");
    private static final int KEY_SHOWN = 40;

    private final ObjectReader body;
    private final ObjectReader any;

    RequestJson(ObjectMapper json) {
        this.body = strict(json, Map.class);
        this.any = strict(json, Object.class);
    }

    /** The strict reader of {@code type} (WebSocket messages are read with it too). */
    static ObjectReader strict(ObjectMapper json, Class<?> type) {
        return json.reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // A JSON number is a decimal as written: read as a double, 99999999999999.99 would come back changed.
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .forType(type);
    }

    /** The body as a JSON object; null when it is empty. {@code what} starts each refusal ("the request body is not a JSON object"). */
    Map<?, ?> object(byte[] bytes, String what) {
        try {
            return body.readValue(bytes);
        } catch (IOException e) {
            throw refusal(e, what);
        }
    }

    /** A JSON value of any kind (the variables parameter of a GET). */
    Object value(String text, String what) {
        try {
            return any.readValue(text);
        } catch (IOException e) {
            throw refusal(e, what);
        }
    }

    /**
     * Only UTF-8 (JSON's own encoding, RFC 8259 section 8.1) is read: a body in another charset would be read as
     * something it is not. No charset parameter means UTF-8.
     */
    static void requireUtf8(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                String charset = p.substring("charset=".length()).replace("\"", "").trim();
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    throw new GraphQLHttp.HttpError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.BAD_REQUEST,
                            "send the request body in UTF-8 (Content-Type: application/json; charset=utf-8)");
                }
            }
        }
    }

    private static GraphQLHttp.HttpError refusal(IOException e, String what) {
        return new GraphQLHttp.HttpError(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, what + ": " + reason(e));
    }

    private static String reason(IOException e) {
        if (e instanceof StreamConstraintsException) {
            // Jackson's default stream limits, stated instead of its message (which names its classes).
            return "it exceeds a JSON limit (at most 1000 levels of nesting, numbers of at most 1000 digits,"
                    + " strings of at most 20 000 000 characters, keys of at most 50 000)";
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher duplicate = DUPLICATE.matcher(message);
        if (e instanceof JsonParseException && duplicate.find()) {
            String key = duplicate.group(1);
            return "the key '" + (key.length() > KEY_SHOWN ? key.substring(0, KEY_SHOWN) + "…" : key) + "' appears more than once";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null && message.contains("Trailing token")) {
            return "something follows the JSON value" + at(e);
        }
        if (e instanceof MismatchedInputException) {
            return "it is another kind of JSON value";
        }
        return "it is not valid JSON" + at(e);
    }

    private static String at(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JacksonException j && j.getLocation() != null && j.getLocation().getLineNr() > 0) {
            return " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
        }
        return "";
    }
}
