package zmd.registry.features;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.access.Caller;
import zmd.registry.core.RegistryException;
import zmd.registry.geo.Spatial;

/**
 * Pages of features by keyset (never OFFSET: the millionth farmland patch costs what the first does), with the
 * geometry written by PostGIS as GeoJSON bytes that go into the response untouched.
 */
public final class FeatureReader {
    private static final java.time.ZoneId DATES = java.time.ZoneId.of("Asia/Shanghai");

    private final DSLContext dsl;

    public FeatureReader(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A feature as read: its id, the chosen properties' values (derived already), and its GeoJSON geometry. */
    public record Row(Object id, Object[] values, byte[] geometry) {
    }

    /**
     * @param numberMatched null when counting would scan a large collection (a filtered layer)
     * @param next          the cursor of the following page, or null on the last
     * @param prev          the cursor of the page before, or null on the first
     */
    public record Page(List<FeatureProperty> properties, List<Row> rows, Long numberMatched, String next, String prev) {
    }

    public Page page(FeatureCollection c, Caller caller, FeatureQuery q) {
        List<FeatureProperty> chosen = properties(c, q.properties());
        List<SortField> sort = sortFields(c, q.sortBy());
        String tag = c.id() + ":" + sortTag(sort);
        Condition base = c.rows().apply(caller).and(filters(c, q));
        Condition where = base;
        boolean backwards = false;
        if (q.cursor() != null) {
            PageCursor cursor = PageCursor.decode(q.cursor(), tag, sort);
            backwards = cursor.backwards();
            where = where.and(seek(sort, cursor.values(), backwards));
        }
        List<OrderField<?>> order = new ArrayList<>();
        for (SortField s : sort) {
            order.add(s.descending() != backwards ? s.field().desc() : s.field().asc());
        }
        // A layer's page in a box the log can keep names that box; only without one are the features' boxes read.
        RequestBox box = RequestBox.of(q);
        List<Object[]> read = fetch(dsl.select(select(c, chosen, q.crs(), sort, box == null)).from(c.from()).where(where)
                .orderBy(order).limit(q.limit() + 1));
        boolean more = read.size() > q.limit();
        if (more) {
            read.remove(read.size() - 1);
        }
        if (backwards) {
            Collections.reverse(read);
        }
        List<Row> rows = new ArrayList<>(read.size());
        for (Object[] r : read) {
            rows.add(row(r, chosen));
        }
        recordAccess(c, caller, read, box);
        String next = null;
        String prev = null;
        if (!read.isEmpty()) {
            // Going forward there is a page before whenever a cursor brought us here; going back, one after.
            boolean hasNext = backwards || more;
            boolean hasPrev = backwards ? more : q.cursor() != null;
            if (hasNext) {
                next = PageCursor.encode(false, tag, keyValues(read.get(read.size() - 1), sort, chosen.size()));
            }
            if (hasPrev) {
                prev = PageCursor.encode(true, tag, keyValues(read.get(0), sort, chosen.size()));
            }
        }
        return new Page(chosen, rows, matched(c, caller, q, base), next, prev);
    }

    /** One feature with the given properties (from {@link #properties}). */
    public Optional<Row> one(FeatureCollection c, Caller caller, String featureId, FeatureCrs crs, List<FeatureProperty> chosen) {
        Object id = parseId(c, featureId);
        if (id == null) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Field<Object> key = (Field<Object>) c.key();
        List<Object[]> read = fetch(dsl.select(select(c, chosen, crs, List.of(new SortField(c.key(), false)), true))
                .from(c.from()).where(c.rows().apply(caller).and(key.eq(id))));
        recordAccess(c, caller, read, null);
        return read.stream().findFirst().map(r -> row(r, chosen));
    }

    /**
     * The access log's share of a read, from the fields {@link #select} put last: a protected layer with the box of
     * the features returned (EPSG:4490), or the PLANNED blocks among them.
     */
    private static void recordAccess(FeatureCollection c, Caller caller, List<Object[]> read, RequestBox asked) {
        FeatureAccess access = c.access();
        if (access == null || read.isEmpty()) {
            return;
        }
        int last = read.getFirst().length;
        if (access.layer() != null && asked != null) {
            caller.readLayer(access.layer(), asked.box(), asked.srid());
        } else if (access.layer() != null) {
            Envelope box = new Envelope();
            for (Object[] r : read) {
                if (r[last - 4] != null) {
                    box.expandToInclude(new Envelope((Double) r[last - 4], (Double) r[last - 2], (Double) r[last - 3], (Double) r[last - 1]));
                }
            }
            caller.readLayer(access.layer(), box, FeatureCrs.STORAGE.srid());
        } else {
            List<UUID> planned = new ArrayList<>();
            for (Object[] r : read) {
                if (r[last - 1] instanceof UUID block) {
                    planned.add(block);
                }
            }
            caller.readPlannedBlocks(planned);
        }
        caller.readDetail(c.id() + " features");
    }

    /** Where and when a collection's features lie, as a caller may see them: a CRS84 box and a time interval. */
    public record Extent(double[] bbox, Object[] interval) {
    }

    public Extent extent(FeatureCollection c, Caller caller) {
        Field<Geometry> box = Spatial.extent(c.geometry());
        List<Field<?>> fields = new ArrayList<>(List.of(Spatial.xMin(box), Spatial.yMin(box), Spatial.xMax(box), Spatial.yMax(box)));
        if (c.temporal() != null) {
            fields.add(DSL.min(c.temporal().field()));
            fields.add(DSL.max(c.temporal().field()));
        }
        Record r = dsl.select(fields).from(c.from()).where(c.rows().apply(caller)).fetchOne();
        double[] bbox = r == null || r.get(0) == null ? null
                : new double[] {r.get(0, Double.class), r.get(1, Double.class), r.get(2, Double.class), r.get(3, Double.class)};
        Object[] interval = c.temporal() == null || r == null ? null : new Object[] {instant(r.get(4)), instant(r.get(5))};
        return new Extent(bbox, interval);
    }

    /** Part 1's temporal extent is date-times: a date stands for its first instant in China Standard Time. */
    private static Object instant(Object v) {
        return v instanceof LocalDate d ? d.atStartOfDay(DATES).toOffsetDateTime().toString() : v == null ? null : v.toString();
    }

    private Long matched(FeatureCollection c, Caller caller, FeatureQuery q, Condition unpaged) {
        boolean filtered = q.bbox() != null || q.filter() != null || q.datetime() != null;
        if (c.knownSize() != null) {
            return filtered ? null : c.knownSize().apply(caller);
        }
        return (long) dsl.fetchCount(dsl.selectOne().from(c.from()).where(unpaged));
    }

    private static Object parseId(FeatureCollection c, String featureId) {
        Class<?> type = c.key().getType();
        try {
            if (type == UUID.class) {
                return UUID.fromString(featureId);
            }
            if (type == Long.class) {
                return Long.valueOf(featureId);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        throw new IllegalStateException("feature ids of type " + type.getSimpleName());
    }

    /** The properties named (a {@code properties} parameter), or all of them for null; an unknown name is refused. */
    public static List<FeatureProperty> properties(FeatureCollection c, List<String> names) {
        if (names == null) {
            return c.properties();
        }
        List<FeatureProperty> out = new ArrayList<>();
        for (String n : names) {
            out.add(c.property(n).orElseThrow(() -> RegistryException.badInput("properties", "properties: " + c.id()
                    + " has no property " + zmd.registry.core.Texts.quoted(n) + "; it has " + String.join(", ",
                    c.properties().stream().map(FeatureProperty::name).toList()))));
        }
        return out;
    }

    /** A sort key's column, and the feature id last so that the order is total. */
    record SortField(Field<?> field, boolean descending) {
    }

    private static List<SortField> sortFields(FeatureCollection c, List<FeatureQuery.SortKey> keys) {
        List<SortField> out = new ArrayList<>();
        for (FeatureQuery.SortKey k : keys) {
            FeatureProperty p = c.property(k.property()).filter(FeatureProperty::queryable).orElseThrow(() -> RegistryException.badInput(
                    "sortby", "sortby: " + zmd.registry.core.Texts.quoted(k.property()) + " is not a queryable of " + c.id()));
            if (!p.neverNull()) {
                throw RegistryException.badInput("sortby", "sortby: " + p.name() + " may be empty, so " + c.id() + " cannot be sorted by it");
            }
            out.add(new SortField(p.field(), k.descending()));
        }
        out.add(new SortField(c.key(), false));
        return out;
    }

    private static String sortTag(List<SortField> sort) {
        StringBuilder b = new StringBuilder();
        for (SortField s : sort) {
            b.append(s.field().getName()).append(s.descending() ? '-' : '+');
        }
        return b.toString();
    }

    /** The bbox of a page, when the access log can keep it as given (EPSG:4490 numbers, or EPSG:4547). */
    private record RequestBox(Envelope box, int srid) {
        static RequestBox of(FeatureQuery q) {
            if (q.bbox() == null) {
                return null;
            }
            FeatureCrs crs = q.bboxCrs();
            double[] xy = bboxXy(q);
            Envelope e = new Envelope(xy[0], xy[2], xy[1], xy[3]);
            if (lonLatAsStored(crs)) {
                return new RequestBox(e, FeatureCrs.STORAGE.srid());
            }
            return crs.srid() == 4547 ? new RequestBox(e, 4547) : null;
        }
    }

    private static List<Field<?>> select(FeatureCollection c, List<FeatureProperty> chosen, FeatureCrs crs, List<SortField> sort,
            boolean featureBoxes) {
        List<Field<?>> fields = new ArrayList<>();
        fields.add(c.key());
        for (FeatureProperty p : chosen) {
            fields.add(p.field());
        }
        fields.add(geoJson(c.geometry(), crs));
        for (SortField s : sort) {
            fields.add(s.field());
        }
        FeatureAccess access = c.access();
        if (access != null && access.layer() != null && featureBoxes) {
            // From the bounding box PostGIS stores with each polygon: its points are not walked for it.
            fields.addAll(List.of(Spatial.xMin(c.geometry()), Spatial.yMin(c.geometry()), Spatial.xMax(c.geometry()), Spatial.yMax(c.geometry())));
        } else if (access != null && access.layer() == null) {
            fields.add(access.plannedBlock());
        }
        return fields;
    }

    /** The geometry in the asked CRS and its axis order, as GeoJSON text with about a millimetre of decimals. */
    static Field<byte[]> geoJson(Field<Geometry> geometry, FeatureCrs crs) {
        Field<Geometry> g = lonLatAsStored(crs) ? geometry : Spatial.transform(geometry, crs.srid());
        return Spatial.asGeoJson(crs.swapped() ? Spatial.flipCoordinates(g) : g, crs.decimals(), 0);
    }

    /**
     * Whether a CRS's coordinates are the stored ones: PostGIS defines EPSG:4490 and EPSG:4326 without a datum
     * shift between them, so ST_Transform gives identical numbers (checked on a million generated patches) and only
     * costs time.
     */
    static boolean lonLatAsStored(FeatureCrs crs) {
        return crs.srid() == FeatureCrs.STORAGE.srid() || crs.srid() == 4326;
    }

    /**
     * The rows as the driver decodes them, one array per row in the select's order: a page of 1 000 features is read
     * without a jOOQ record per row, nor a conversion of each value.
     */
    private static List<Object[]> fetch(ResultQuery<?> query) {
        Field<?>[] fields = query.fields();
        try (ResultSet rs = query.fetchResultSet()) {
            List<Object[]> out = new ArrayList<>();
            while (rs.next()) {
                Object[] row = new Object[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    row[i] = DriverValues.read(rs, i + 1, fields[i]);
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("reading features: " + e.getMessage(), e);
        }
    }

    private static Row row(Object[] r, List<FeatureProperty> chosen) {
        Object[] values = new Object[chosen.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = chosen.get(i).value(r[i + 1]);
        }
        return new Row(r[0], values, (byte[]) r[chosen.size() + 1]);
    }

    private static List<Object> keyValues(Object[] r, List<SortField> sort, int properties) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < sort.size(); i++) {
            Object v = r[properties + 2 + i];
            // Exact decimals travel as text: a JSON number would come back as a double.
            out.add(v instanceof java.math.BigDecimal d ? d.toPlainString() : v instanceof Number || v instanceof Boolean ? v : v.toString());
        }
        return out;
    }

    /** The bbox as x/y (easting or longitude first), whatever the axis order of bbox-crs. */
    private static double[] bboxXy(FeatureQuery q) {
        double[] b = q.bbox();
        return q.bboxCrs().swapped() ? new double[] {b[1], b[0], b[3], b[2]} : b;
    }

    private static Condition filters(FeatureCollection c, FeatureQuery q) {
        Condition where = DSL.noCondition();
        if (q.bbox() != null) {
            FeatureCrs crs = q.bboxCrs();
            double[] xy = bboxXy(q);
            String domain = FeatureCrs.outsideDomain(crs.srid(), xy[0], xy[1], xy[2], xy[3]);
            if (domain != null) {
                throw RegistryException.badInput("bbox", "bbox lies outside " + crs.shortName() + " (" + domain
                        + "); its numbers are in the axis order of bbox-crs");
            }
            Field<Geometry> box = Spatial.envelope(xy[0], xy[1], xy[2], xy[3], crs.srid());
            where = where.and(Spatial.intersects(c.geometry(), lonLatAsStored(crs) ? Spatial.setSrid(box, FeatureCrs.STORAGE.srid())
                    : Spatial.transform(box, FeatureCrs.STORAGE.srid())));
        }
        if (q.datetime() != null) {
            where = where.and(time(c, q.datetime()));
        }
        if (q.filter() != null) {
            where = where.and(q.filter());
        }
        return where;
    }

    @SuppressWarnings("unchecked")
    private static Condition time(FeatureCollection c, FeatureQuery.TimeFilter t) {
        if (c.temporal() == null) {
            throw RegistryException.badInput("datetime", "datetime: " + c.id() + " has no time property to filter on");
        }
        Condition where = DSL.noCondition();
        if (c.temporal().type() == Queryable.Type.DATE) {
            Field<LocalDate> f = (Field<LocalDate>) c.temporal().field();
            if (t.start() != null) {
                where = where.and(f.ge(t.start().atZoneSameInstant(DATES).toLocalDate()));
            }
            if (t.end() != null) {
                where = where.and(f.le(t.end().atZoneSameInstant(DATES).toLocalDate()));
            }
        } else {
            Field<OffsetDateTime> f = (Field<OffsetDateTime>) c.temporal().field();
            if (t.start() != null) {
                where = where.and(f.ge(t.start()));
            }
            if (t.end() != null) {
                where = where.and(f.le(t.end()));
            }
        }
        return where;
    }

    /** Rows after (or, going back, before) the cursor's row in the sort order. */
    @SuppressWarnings("unchecked")
    private static Condition seek(List<SortField> sort, List<Object> values, boolean backwards) {
        Condition any = DSL.falseCondition();
        Condition equalSoFar = DSL.noCondition();
        for (int i = 0; i < sort.size(); i++) {
            Field<Object> f = (Field<Object>) sort.get(i).field();
            Object v = values.get(i);
            boolean greater = sort.get(i).descending() == backwards;
            any = any.or(equalSoFar.and(greater ? f.gt(v) : f.lt(v)));
            equalSoFar = equalSoFar.and(f.eq(v));
        }
        return any;
    }
}
