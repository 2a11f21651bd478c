package zmd.registry.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import zmd.registry.core.ErrorCode;
import zmd.registry.graphql.Errors;

/** Which database failures are the database's, not a bug: the codes callers can branch on. */
class DatabaseErrorsTest {
    private static ErrorCode code(SQLException e) {
        return Errors.fromDatabase(new DataAccessException("x", e)).code();
    }

    @Test
    void connectionFailuresAreDatabaseUnavailable() {
        assertEquals(ErrorCode.DATABASE_UNAVAILABLE, code(new SQLException("I/O error", "08006")));
        assertEquals(ErrorCode.DATABASE_UNAVAILABLE, code(new SQLException("terminating connection due to administrator command", "57P01")));
        assertEquals(ErrorCode.DATABASE_UNAVAILABLE, code(new SQLException("the database system is starting up", "57P03")));
        // Hikari's pool timeout carries no SQL state.
        assertEquals(ErrorCode.DATABASE_UNAVAILABLE, code(new SQLTransientConnectionException("Connection is not available")));
    }

    @Test
    void aCancelledStatementIsTimeout() {
        assertEquals(ErrorCode.TIMEOUT, code(new SQLException("canceling statement due to statement timeout", "57014")));
    }

    @Test
    void aBugStaysUnmapped() {
        assertNull(Errors.fromDatabase(new DataAccessException("x", new SQLException("syntax error", "42601"))));
    }
}
