package zmd.registry.db;

import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.Objects;
import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.impl.DSL;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * Binds PostGIS {@code geometry} columns to JTS geometries. The open-source jOOQ edition types these
 * columns as {@link org.jooq.Geometry} but will not bind them, so values travel as hex EWKB: PostGIS
 * returns it as the text form of a geometry and accepts it back with a {@code ::geometry} cast, SRID included.
 */
public final class JtsGeometryBinding implements Binding<org.jooq.Geometry, Geometry> {

    private static final Converter<org.jooq.Geometry, Geometry> CONVERTER = Converter.ofNullable(
            org.jooq.Geometry.class, Geometry.class,
            db -> fromHexEwkb(db.data()),
            jts -> org.jooq.Geometry.valueOf(toHexEwkb(jts)));

    @Override
    public Converter<org.jooq.Geometry, Geometry> converter() {
        return CONVERTER;
    }

    @Override
    public void sql(BindingSQLContext<Geometry> ctx) {
        if (ctx.render().paramType() == org.jooq.conf.ParamType.INLINED) {
            ctx.render().visit(DSL.inline(toHexEwkb(ctx.value()))).sql("::geometry");
        } else {
            ctx.render().sql(ctx.variable()).sql("::geometry");
        }
    }

    @Override
    public void register(BindingRegisterContext<Geometry> ctx) throws java.sql.SQLException {
        ctx.statement().registerOutParameter(ctx.index(), Types.VARCHAR);
    }

    @Override
    public void set(BindingSetStatementContext<Geometry> ctx) throws java.sql.SQLException {
        ctx.statement().setString(ctx.index(), toHexEwkb(ctx.value()));
    }

    @Override
    public void set(BindingSetSQLOutputContext<Geometry> ctx) throws java.sql.SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public void get(BindingGetResultSetContext<Geometry> ctx) throws java.sql.SQLException {
        ctx.value(fromHexEwkb(ctx.resultSet().getString(ctx.index())));
    }

    @Override
    public void get(BindingGetStatementContext<Geometry> ctx) throws java.sql.SQLException {
        ctx.value(fromHexEwkb(ctx.statement().getString(ctx.index())));
    }

    @Override
    public void get(BindingGetSQLInputContext<Geometry> ctx) throws java.sql.SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    static String toHexEwkb(Geometry g) {
        if (g == null) {
            return null;
        }
        // WKBWriter keeps state: one per call.
        return WKBWriter.toHex(new WKBWriter(2, true).write(g));
    }

    static Geometry fromHexEwkb(String hex) {
        if (hex == null) {
            return null;
        }
        try {
            // WKBReader is not thread-safe: one per call.
            return new WKBReader().read(WKBReader.hexToBytes(hex));
        } catch (ParseException e) {
            throw new IllegalStateException("PostGIS returned geometry that is not EWKB: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JtsGeometryBinding;
    }

    @Override
    public int hashCode() {
        return Objects.hash(JtsGeometryBinding.class);
    }
}
