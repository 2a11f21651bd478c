package zmd.registry.features;

import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.Condition;

/**
 * A request for a page of features, already checked and typed by the protocol adapter.
 *
 * @param bbox       minx, miny, maxx, maxy in {@code bboxCrs}'s axis order, or null
 * @param datetime   the instant or interval on the collection's temporal property, or null
 * @param filter     the filter (a CQL2 text or JSON, translated against the collection's queryables), or null
 * @param sortBy     sort keys on queryable properties (the feature id always breaks ties), or empty
 * @param properties the property names to return, or null for all
 * @param crs        the CRS of the returned geometries
 * @param limit      1 to {@link #MAX_LIMIT}
 * @param cursor     the opaque cursor of a {@code next} or {@code prev} link, or null for the first page
 */
public record FeatureQuery(
        double[] bbox,
        FeatureCrs bboxCrs,
        TimeFilter datetime,
        Condition filter,
        List<SortKey> sortBy,
        List<String> properties,
        FeatureCrs crs,
        int limit,
        String cursor) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 10_000;

    public record SortKey(String property, boolean descending) {
    }

    /** An instant (start equals end) or an interval; a null end is open. Dates are compared in China Standard Time. */
    public record TimeFilter(OffsetDateTime start, OffsetDateTime end) {
    }
}
