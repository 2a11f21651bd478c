package zmd.registry.core;

import java.util.UUID;

/**
 * Who makes a write, as the change log records it: the key's id and name (never its secret) and the request. The
 * access feature's {@code Caller} is one; an interface here so that writing a change needs nothing from access.
 */
public interface Author {
    /** The API key's id; null for the server itself and the command line. */
    UUID keyId();

    String name();

    /** The request's X-Request-Id; null outside a request. */
    String requestId();
}
