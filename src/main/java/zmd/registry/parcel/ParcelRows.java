package zmd.registry.parcel;

import static zmd.registry.db.generated.Tables.MINE_PARCEL;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import zmd.registry.db.generated.tables.records.MineParcelRecord;

/**
 * Reads the rows of one statement into blocks, its columns matched to the table's once per statement, not per value:
 * copying each row with jOOQ's into(table) looked every column up by name, a twentieth of a listings page. Columns
 * that are not the table's (GeoJSON read beside a page) are left to the caller.
 */
final class ParcelRows {
    private final int[] from;
    private final int[] to;
    private final OffsetDateTime asOf;

    /** {@code asOf}: the instant the rows are the blocks as of, null for the register now. */
    ParcelRows(List<? extends SelectField<?>> columns, OffsetDateTime asOf) {
        int[] f = new int[columns.size()];
        int[] t = new int[columns.size()];
        int n = 0;
        for (int i = 0; i < columns.size(); i++) {
            int at = columns.get(i) instanceof Field<?> field ? MINE_PARCEL.indexOf(field) : -1;
            if (at >= 0) {
                f[n] = i;
                t[n++] = at;
            }
        }
        this.from = Arrays.copyOf(f, n);
        this.to = Arrays.copyOf(t, n);
        this.asOf = asOf;
    }

    MineParcel read(Record r) {
        Row row = new Row();
        for (int k = 0; k < from.length; k++) {
            row.put(to[k], r.get(from[k]));
        }
        row.changed(false);
        return new MineParcel(row, asOf);
    }

    /** A row the reader fills by position (the generated record keeps that to itself). */
    private static final class Row extends MineParcelRecord {
        void put(int index, Object value) {
            set(index, value);
        }
    }
}
