package zmd.registry.history;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code verify-change-log}: walks the change log and reconciles it with the register, for operators and for cron.
 * Exit status 0 when whole, 1 at the first break (printed with its seq, table and key).
 */
public final class VerifyChangeLogCommand {
    private VerifyChangeLogCommand() {
    }

    public static int run(ChangeLogRepository repository, PrintStream out, PrintStream err) {
        HistoryService.Verification v = new HistoryService(repository).verify();
        if (v.valid()) {
            out.printf(Locale.ROOT, "change log whole: %,d entries, %,d rows of the register match their last entries (%.1f s)%n",
                    v.entriesChecked(), v.rowsChecked(), v.seconds());
            return 0;
        }
        ChangeLogRepository.Break b = v.firstBreak();
        err.printf(Locale.ROOT, "change log broken: %s at seq %s (%s %s): %s%n", b.kind(), b.seq() == null ? "-" : b.seq(), b.table(), b.key(),
                b.message());
        return 1;
    }
}
