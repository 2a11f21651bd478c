package zmd.registry.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Whether a failure is the loss of the database connection (class 08, an administrator's shutdown), not the statement's fault. */
final class ConnectionLoss {
    private ConnectionLoss() {
    }

    static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
