package zmd.registry.core;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A refusal the caller can act on: a stable code, a precise message, and optional details (which
 * field, which point, which rule). Thrown anywhere below the GraphQL layer; mapped to an error once.
 */
public class RegistryException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, Object> details;

    public RegistryException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public RegistryException(ErrorCode code, String message, Map<String, ?> details) {
        super(message, null, false, false);
        this.code = code;
        // Sorted by key: the order a response shows must not depend on how a Map.of() happens to iterate in this JVM.
        this.details = Collections.unmodifiableMap(new TreeMap<>(details));
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static RegistryException badInput(String message) {
        return new RegistryException(ErrorCode.BAD_USER_INPUT, message);
    }

    public static RegistryException badInput(String field, String message) {
        return new RegistryException(ErrorCode.BAD_USER_INPUT, message, Map.of("field", field));
    }

    /** An id argument as a UUID; BAD_USER_INPUT naming the argument when it is missing or not one. */
    public static UUID parseId(String value, String field) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw badInput(field, Texts.quoted(value) + " is not a valid " + field + " (an id returned by this API)");
        }
    }

    public static RegistryException notFound(String what) {
        return new RegistryException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static RegistryException forbidden(String message) {
        return new RegistryException(ErrorCode.FORBIDDEN, message);
    }
}
