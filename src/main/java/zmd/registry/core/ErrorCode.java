package zmd.registry.core;

/** Stable codes clients can branch on, sent as {@code extensions.code} of every GraphQL error. */
public enum ErrorCode {
    BAD_USER_INPUT,
    INVALID_GEOMETRY,
    NOT_FOUND,
    CONFLICT,
    FORBIDDEN,
    UNAUTHENTICATED,
    ILLEGAL_TRANSITION,
    GRAPHQL_PARSE_FAILED,
    GRAPHQL_VALIDATION_FAILED,
    QUERY_TOO_COMPLEX,
    BAD_REQUEST,
    /** The request ran past its time budget; it was abandoned and nothing was written. */
    TIMEOUT,
    /** Too many requests from this key or address; retry after the time in Retry-After. */
    RATE_LIMITED,
    /** The database cannot be reached or is not answering; nothing was written. Retry shortly. */
    DATABASE_UNAVAILABLE,
    /**
     * The answer held coordinates whose reading is recorded in the access log, and recording failed (other than by
     * DATABASE_UNAVAILABLE or TIMEOUT): the answer was withheld rather than served unrecorded. Retry shortly.
     */
    ACCESS_NOT_RECORDED,
    INTERNAL
}
