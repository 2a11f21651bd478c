package zmd.registry.fuzz;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import zmd.registry.db.TestDatabase;

/**
 * The register as rows: a count and a checksum per table, read with SQL beside the server. A refused write must
 * leave every one of them as it was.
 */
final class Register implements AutoCloseable {
    private final Connection connection;
    private final String snapshotSql;

    Register(TestDatabase db) {
        try {
            connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
            // The access log is not the register: reads write it (this test's own read-backs of stored blocks too, which
            // fall between one mutation's snapshot and the next), and no mutation does.
            List<String> tables = new ArrayList<>();
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("""
                         SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
                         WHERE table_type = 'BASE TABLE' AND table_schema = 'public'
                           AND table_name NOT IN ('spatial_ref_sys', 'flyway_schema_history', 'access_log') ORDER BY 1""")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            // Partitioned parents are not BASE TABLEs; their rows are read through them so partitions count once.
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("""
                         SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c
                         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'p' AND n.nspname = 'public'""")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            snapshotSql = String.join(" UNION ALL ", tables.stream().map(t -> "SELECT '" + t + "', count(*) || ':' || "
                    + "coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') FROM " + t + " x").toList());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Table name to "rows:checksum". */
    Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(snapshotSql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The tables whose rows differ, with their counts before and after. */
    static String difference(Map<String, String> before, Map<String, String> after) {
        StringBuilder b = new StringBuilder();
        after.forEach((table, now) -> {
            String was = before.get(table);
            if (!now.equals(was)) {
                b.append(b.isEmpty() ? "" : ", ").append(table).append(" rows ")
                        .append(was == null ? "-" : was.substring(0, was.indexOf(':'))).append(" -> ").append(now, 0, now.indexOf(':'));
            }
        });
        return b.toString();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing a connection to a database about to be dropped.
        }
    }
}
