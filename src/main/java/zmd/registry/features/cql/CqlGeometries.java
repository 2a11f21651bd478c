package zmd.registry.features.cql;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import zmd.registry.core.Texts;

/** Geometry literals as both encodings read them: WKT through JTS, and the checks every literal passes. */
final class CqlGeometries {
    /** The WKT keywords CQL2 text allows for a geometry literal. */
    static final Set<String> WKT_TYPES = Set.of("POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING",
            "MULTIPOLYGON", "GEOMETRYCOLLECTION");

    static final GeometryFactory FACTORY = new GeometryFactory();
    private static final Pattern LONG_WORD = Pattern.compile("[^\\s']{" + (Texts.SHOWN + 1) + ",}");

    private CqlGeometries() {
    }

    /** A WKT literal; {@code where} is the "at character N, " of its first letter. */
    static CqlExpr.GeometryLiteral wkt(String wkt, String keyword, String where, CqlLimits limits) {
        Geometry g;
        try {
            // WKTReader keeps state: one per literal.
            g = new WKTReader(FACTORY).read(wkt);
        } catch (ParseException e) {
            throw CqlLimits.refuse(where + "the " + keyword + " literal is not valid WKT: " + reason(e.getMessage()));
        } catch (IllegalArgumentException e) {
            // The geometry factory's own checks: unclosed rings, too few points.
            throw CqlLimits.refuse(where + "the " + keyword + " literal is not a geometry: " + e.getMessage());
        }
        return checked(g, where, "the " + keyword + " literal", limits);
    }

    /** A geometry read by either encoding, counted and with only finite coordinates. */
    static CqlExpr.GeometryLiteral checked(Geometry g, String where, String what, CqlLimits limits) {
        limits.countCoordinates(g.getNumPoints(), where);
        for (Coordinate c : g.getCoordinates()) {
            if (!Double.isFinite(c.getX()) || !Double.isFinite(c.getY()) || Double.isInfinite(c.getZ())) {
                throw CqlLimits.refuse(where + what + " has a coordinate that is not a finite number (NaN or infinite)");
            }
        }
        return new CqlExpr.GeometryLiteral(g);
    }

    /** BBOX from 4 numbers (x1, y1, x2, y2) or 6 (x1, y1, z1, x2, y2, z2), elevations dropped. */
    static CqlExpr.BboxLiteral bbox(double[] n, String where, CqlLimits limits) {
        if (n.length != 4 && n.length != 6) {
            throw CqlLimits.refuse(where + "a BBOX has 4 numbers (minx, miny, maxx, maxy) or 6 with elevations, got " + n.length);
        }
        for (double d : n) {
            if (!Double.isFinite(d)) {
                throw CqlLimits.refuse(where + "a BBOX number is not finite (NaN or infinite)");
            }
        }
        int half = n.length / 2;
        double minX = n[0];
        double minY = n[1];
        double maxX = n[half];
        double maxY = n[half + 1];
        if (minX > maxX) {
            throw CqlLimits.refuse(where + "the BBOX's first axis runs from " + minX + " down to " + maxX
                    + "; boxes crossing the antimeridian are not supported, send two");
        }
        if (minY > maxY) {
            throw CqlLimits.refuse(where + "the BBOX's second axis runs from " + minY + " down to " + maxY + "; send the minimum first");
        }
        limits.countCoordinates(2, where);
        return new CqlExpr.BboxLiteral(minX, minY, maxX, maxY);
    }

    /** JTS's reason, with any token it shows from the literal shortened as a caller's text is. */
    private static String reason(String message) {
        String m = message == null ? "malformed" : message.replace(" (line 1)", "").strip();
        return LONG_WORD.matcher(m).replaceAll(r -> Matcher.quoteReplacement(Texts.shortened(r.group())));
    }
}
