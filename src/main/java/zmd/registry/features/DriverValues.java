package zmd.registry.features;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import org.jooq.Field;

/** A column's value read from the driver as the field's Java type, as jOOQ would have converted it. */
final class DriverValues {
    /** Types the PostgreSQL driver returns itself from {@code getObject(i, type)}. */
    private static final Set<Class<?>> DIRECT = Set.of(String.class, Long.class, Integer.class, Double.class, BigDecimal.class,
            Boolean.class, UUID.class, OffsetDateTime.class, LocalDate.class);

    private DriverValues() {
    }

    static Object read(ResultSet rs, int column, Field<?> field) throws SQLException {
        Class<?> type = field.getType();
        if (type == byte[].class) {
            return rs.getBytes(column);
        }
        if (DIRECT.contains(type)) {
            return rs.getObject(column, type);
        }
        if (type.isArray()) {
            java.sql.Array a = rs.getArray(column);
            return a == null ? null : a.getArray();
        }
        return field.getDataType().convert(rs.getObject(column));
    }
}
