package zmd.registry.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.exception.DataAccessException;

/**
 * A statement built with jOOQ and rendered to SQL once, then run many times with fresh values for its named
 * parameters, its rows read straight from the driver. For the hottest reads: rendering the same statement again
 * on every request, and jOOQ's execution around it, were about a fifth of the server's time on the platform's
 * change feed. Every bind value of the
 * statement must be a named parameter (constants inlined), so that each {@code ?} is known by name.
 */
public final class RenderedQuery {
    private final String sql;
    private final List<String> parameters;

    private RenderedQuery(String sql, List<String> parameters) {
        this.sql = sql;
        this.parameters = parameters;
    }

    /** The query's SQL and the names of its parameters in bind order. */
    public static RenderedQuery of(DSLContext dsl, Query query) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Param<?>> p : dsl.extractParams(query).entrySet()) {
            if (p.getValue().isInline()) {
                continue;
            }
            if (!p.getKey().equals(p.getValue().getParamName())) {
                throw new IllegalArgumentException("bind value " + p.getValue() + " has no name: inline it or name it");
            }
            names.add(p.getKey());
        }
        if (dsl.extractBindValues(query).size() != names.size()) {
            throw new IllegalArgumentException("a named parameter is bound more than once: " + names);
        }
        return new RenderedQuery(dsl.render(query), List.copyOf(names));
    }

    /** Reads the rows of one run. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs the statement on the context's connection with a value for each parameter, by name. */
    public <T> T fetch(DSLContext dsl, Map<String, ?> values, Rows<T> rows) {
        return dsl.connectionResult(connection -> {
            StatementCounter.count();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    String name = parameters.get(i);
                    if (!values.containsKey(name)) {
                        throw new IllegalArgumentException("no value for the parameter " + name);
                    }
                    statement.setObject(i + 1, values.get(name));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    return rows.read(rs);
                }
            } catch (SQLException e) {
                throw new DataAccessException("running " + sql + ": " + e.getMessage(), e);
            }
        });
    }

}
