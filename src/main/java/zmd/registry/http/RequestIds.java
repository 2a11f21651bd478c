package zmd.registry.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Names each request for the change and access logs: the client's (or proxy's) X-Request-Id when it is a plain token,
 * else a new UUID; the name is echoed in the response so that a caller can quote it to the bureau.
 */
final class RequestIds {
    static final String HEADER = "X-Request-Id";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String ATTRIBUTE = "registry.requestId";

    private RequestIds() {
    }

    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            id = named(ctx.header(HEADER));
            ctx.attribute(ATTRIBUTE, id);
            ctx.header(HEADER, id);
        }
        return id;
    }

    /** A WebSocket operation's name: the connection's request id and the operation's id. */
    static String operation(String connection, String operationId) {
        String id = connection + "/" + operationId;
        return id.length() <= 128 ? id : id.substring(0, 128);
    }

    /** The id a client sent, when it is a plain token; else a new one. */
    static String named(String sent) {
        return sent != null && TOKEN.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
    }
}
