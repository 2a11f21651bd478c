package zmd.registry.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bench register's change log at scale (bench/generate/80_change_log.sql), a step of {@link BenchData}. */
final class BenchChangeLog {
    private static final Logger log = LoggerFactory.getLogger(BenchChangeLog.class);

    private BenchChangeLog() {
    }

    /**
     * Edits of the register, one transaction a round, until the change log holds {@code target} entries (issue 12:
     * verification over a million entries): reserves re-estimated (small entries), and every tenth round the blocks'
     * plan statements revised (entries holding the whole block, geometry included).
     */
    static void write(Connection c, long target) throws SQLException {
        long t = System.nanoTime();
        long entries = lastSeq(c);
        for (int round = 1; entries < target; round++) {
            BenchData.set(c, "bench.round", Integer.toString(round));
            BenchData.set(c, "bench.round_rows", Long.toString(target - entries));
            BenchData.run(c, "80_change_log.sql", null);
            long now = lastSeq(c);
            if (now == entries) {
                throw new SQLException("80_change_log.sql: round " + round + " wrote no entry (no reserves or blocks to edit?)");
            }
            entries = now;
        }
        log.info("change log: {} entries, {}", String.format(Locale.ROOT, "%,d", entries), BenchData.seconds(t));
    }

    private static long lastSeq(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(seq), 0) FROM change_log")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
