package zmd.registry.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.db.TestDatabase;

/** A refusal by the database itself, in the register's words: the rule's name, never the row or PostgreSQL's text. */
class DatabaseRefusalTest {
    private static TestDatabase db;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static RegistryException refusal(String sql) {
        DataAccessException e = assertThrows(DataAccessException.class, () -> db.database().dsl().execute(sql));
        RegistryException r = Errors.fromDatabase(e);
        assertNotNull(r, "a refusal, not an internal error: " + e.getMessage());
        return r;
    }

    @Test
    void aCheckViolationNamesTheRuleNotTheRow() {
        RegistryException r = refusal("INSERT INTO quantity_unit (code, name_en, base_unit, factor) VALUES ('x', 'secret-row-text', 'x', -1)");
        assertEquals(ErrorCode.BAD_USER_INPUT, r.code());
        assertTrue(r.getMessage().contains("quantity_unit_factor_check"), r.getMessage());
        assertFalse(r.getMessage().contains("Failing row") || r.getMessage().contains("secret-row-text"), r.getMessage());
    }

    @Test
    void aValueTheDatabaseCannotTakeGetsNoPostgresText() {
        RegistryException r = refusal("SELECT 'not a date'::date");
        assertEquals(ErrorCode.BAD_USER_INPUT, r.code());
        assertFalse(r.getMessage().contains("not a date") || r.getMessage().contains("syntax"), r.getMessage());
        assertTrue(r.getMessage().contains("22007"), r.getMessage());
    }
}
