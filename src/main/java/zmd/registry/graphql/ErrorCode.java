package zmd.registry.graphql;

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
    INTERNAL
}
