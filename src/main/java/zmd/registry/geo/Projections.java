package zmd.registry.geo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * PostGIS sets PROJ up per database session: the first transformation on a new connection costs
 * ~100 ms. Every pooled connection is warmed once at start so no request pays for it.
 */
public final class Projections {
    private Projections() {
    }

    public static void warm(DataSource pool, int connections) {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Connection c = pool.getConnection();
                held.add(c);
                var point = Spatial.setSrid(DSL.field("ST_MakePoint(114, 33)", Spatial.GEOMETRY), Crs.STORAGE_SRID);
                DSL.using(c, SQLDialect.POSTGRES).select(
                        Spatial.asText(Spatial.transform(point, Crs.EPSG_4326.srid()), 1),
                        Spatial.asText(Spatial.transform(point, Crs.AREA_SRID), 1)).fetch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot warm the connection pool: " + e.getMessage(), e);
        } finally {
            for (Connection c : held) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // Returned to the pool or discarded by it either way.
                }
            }
        }
    }
}
