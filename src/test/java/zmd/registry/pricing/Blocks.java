package zmd.registry.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import zmd.registry.Registry;
import zmd.registry.access.Caller;
import zmd.registry.geo.GeometryInput;
import zmd.registry.parcel.ParcelDraft;
import zmd.registry.reserve.Reserve;

/**
 * Registers small test blocks through the parcel service: 400 m squares in their own cells of a grid inside the county
 * (泌阳县 E 432-450 km, N 3605-3623 km; 确山县 E 482-500 km, N 3600-3618 km, EPSG:4547). Blocks of different test
 * databases may share a cell.
 */
public final class Blocks {
    private static final AtomicInteger SEQ = new AtomicInteger();
    /** Places per county, counted separately: a 30 x 30 grid of 600 m cells well inside each county. */
    private static final java.util.Map<String, AtomicInteger> PLACE = new java.util.concurrent.ConcurrentHashMap<>();

    private Blocks() {
    }

    /** A block in 泌阳县 (county "411726") or 确山县 ("411725") with the reserves given. */
    public static UUID create(Registry registry, String county, String miningMethod, List<Reserve> reserves) {
        int n = SEQ.incrementAndGet();
        int place = PLACE.computeIfAbsent(county, k -> new AtomicInteger()).getAndIncrement() % 900;
        boolean queshan = county.equals("411725");
        double east = (queshan ? 482_000 : 432_000) + (place % 30) * 600;
        double north = (queshan ? 3_600_000 : 3_605_000) + (place / 30) * 600;
        String wkt = String.format(Locale.ROOT, "SRID=4547;POLYGON((%1$.1f %2$.1f, %3$.1f %2$.1f, %3$.1f %4$.1f, %1$.1f %4$.1f, %1$.1f %2$.1f))",
                east, north, east + 400, north + 400);
        ParcelDraft in = new ParcelDraft("T-" + n, "test block " + n, county, null, null, miningMethod, null, null, null,
                new BigDecimal("500000000.00"), null, null, null, null, null, null, null, null, null,
                new GeometryInput(null, wkt, null, null), null, reserves, null);
        return registry.parcelEdits().create(Caller.SYSTEM, in).id();
    }

    public static Reserve reserve(String mineral, String quantity, String unit) {
        return new Reserve(mineral, null, new BigDecimal(quantity), unit, null, null);
    }
}
