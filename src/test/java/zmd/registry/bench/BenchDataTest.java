package zmd.registry.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.db.TestDatabase;

/**
 * The generator on a small city (20 000 patches): every promise the benchmark relies on, checked in the
 * database it made: counts, sizes, no overlaps, blocks inside counties, red lines clear of the farmland,
 * and fixtures that meet what their scenarios need.
 */
class BenchDataTest {
    private static final BenchData.Options SMALL =
            new BenchData.Options("registry_bench_test", 20_000, 22, 5, 5, 300, 3_000, 0.42, false);

    private static TestDatabase db;
    private static Connection c;
    private static Map<String, BenchData.Fixture> fixtures;

    @BeforeAll
    static void generate() throws SQLException {
        db = TestDatabase.create();
        c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        fixtures = BenchData.generate(c, SMALL).stream()
                .collect(Collectors.toMap(BenchData.Fixture::name, Function.identity()));
    }

    @AfterAll
    static void close() throws SQLException {
        c.close();
        db.close();
    }

    @Test
    void theChangeLogHoldsTheEntriesAskedForAndMatchesTheRegister() throws SQLException {
        assertEquals(3_000, count("SELECT max(seq) FROM change_log"));
        assertEquals(3_000, count("SELECT count(*) FROM change_log"));
        assertTrue(count("SELECT count(*) FROM change_log WHERE action = 'benchData' AND table_name = 'reserve' AND operation = 'UPDATE'") > 0,
                "reserve re-estimates among them");
        assertEquals(0, count("SELECT count(*) FROM change_log_mismatches(10)"), "every row matches its last entry");
    }

    @Test
    void everyLayerHasItsCountInItsCurrentDataset() throws SQLException {
        assertEquals(20_000, count("SELECT count(*) FROM farmland_patch f JOIN layer l ON l.current_dataset_id = f.dataset_id"));
        assertEquals(22, count("SELECT count(*) FROM red_line_area r JOIN layer l ON l.current_dataset_id = r.dataset_id"));
        assertEquals(5, count("SELECT count(*) FROM mountain_protection_area m JOIN layer l ON l.current_dataset_id = m.dataset_id"));
        assertEquals(5, count("SELECT count(*) FROM planned_mining_zone z JOIN layer l ON l.current_dataset_id = z.dataset_id"));
        assertEquals(300, count("SELECT count(*) FROM mine_parcel WHERE code ~ '^BENCH-[0-9]{6}$'"));
        assertEquals(0, count("SELECT count(*) FROM layer_dataset d JOIN layer l ON l.current_dataset_id = d.id "
                + "WHERE d.feature_count = 0"), "feature_count is set on every current dataset");
    }

    @Test
    void farmlandPatchesAreSmallIrregularAndDisjoint() throws SQLException {
        assertEquals(0, count("SELECT count(*) FROM farmland_patch WHERE area_m2 < 2999.99 OR area_m2 > 50000.01"
                + " OR ST_NPoints(geom) NOT BETWEEN 7 AND 31 OR NOT ST_IsValid(geom)"));
        assertEquals(0, count("SELECT count(*) FROM farmland_patch a JOIN farmland_patch b"
                + " ON a.id < b.id AND ST_Intersects(a.geom_4547, b.geom_4547)"));
        assertTrue(count("SELECT count(DISTINCT ST_NPoints(geom)) FROM farmland_patch") >= 20, "vertex counts vary");
    }

    @Test
    void blocksAreDisjointValidSizedAndEachInsideOneCounty() throws SQLException {
        assertEquals(0, count("SELECT count(*) FROM mine_parcel WHERE area_m2 < 2e5 OR area_m2 > 6e6"
                + " OR ST_NPoints(geom) NOT BETWEEN 6 AND 41"));
        assertEquals(0, count("SELECT count(*) FROM mine_parcel a JOIN mine_parcel b ON a.id < b.id AND ST_Intersects(a.geom, b.geom)"));
        assertEquals(0, count("SELECT count(*) FROM mine_parcel p JOIN county k ON k.code = p.county_code WHERE NOT ST_Within(p.geom, k.boundary)"));
        assertEquals(0, count("SELECT count(*) FROM mine_parcel p WHERE (SELECT count(*) FROM reserve r WHERE r.parcel_id = p.id) NOT BETWEEN 1 AND 3"));
        assertEquals(0, count("SELECT count(*) FROM reserve r LEFT JOIN quantity_unit u ON u.code = r.unit WHERE u.code IS NULL"));
        assertTrue(count("SELECT count(DISTINCT status) FROM mine_parcel") >= 4, "blocks in several statuses");
    }

    @Test
    void redLinesRangeUpToTwentyThousandVerticesAndKeepOutOfTheFarmland() throws SQLException {
        assertEquals(2, count("SELECT count(*) FROM red_line_area WHERE ST_NPoints(geom) = 20001"));
        assertEquals(0, count("SELECT count(*) FROM red_line_area WHERE ST_NPoints(geom) NOT BETWEEN 201 AND 20001"));
        assertEquals(0, count("SELECT count(*) FROM red_line_area r JOIN farmland_patch f ON ST_Intersects(r.geom, f.geom)"));
        assertTrue(count("SELECT count(*) FROM red_line_piece") > 22, "the trigger subdivided the red lines");
    }

    @Test
    void fixturesMeetWhatTheirScenariosNeed() throws SQLException {
        BenchData.Fixture a = fixtures.get("overlap_farmland");
        assertEquals("BENCH-000001", a.parcelCode());
        assertNotNull(a.parcelId());
        assertTrue(a.hits() >= 350 && a.hits() <= 550, "about 450 farmland patches, got " + a.hits());
        assertEquals(1, count("SELECT count(*) FROM mine_parcel WHERE code = 'BENCH-000001' AND area_m2 BETWEEN 4.999e6 AND 5.001e6"));

        BenchData.Fixture b = fixtures.get("red_line_pair");
        assertEquals(2, b.hits());
        assertEquals(2, count("SELECT count(*) FROM red_line_area r JOIN mine_parcel p ON ST_Intersects(r.geom, p.geom)"
                + " WHERE p.code = 'BENCH-000002' AND ST_NPoints(r.geom) = 20001"));

        BenchData.Fixture pre = fixtures.get("precheck_geometry");
        assertTrue(pre.hits() >= 350 && pre.hits() <= 550, "about 450 farmland patches, got " + pre.hits());
        assertEquals(0, count("SELECT count(*) FROM mine_parcel p JOIN bench.fixture x ON ST_Intersects(p.geom, x.geom)"
                + " WHERE x.name = 'precheck_geometry'"), "the proposed block is clear of registered ones");

        assertEquals(50, fixtures.get("bbox_parcels").hits());
        assertEquals(2, count("SELECT count(*) FROM bench.fixture x JOIN planned_mining_zone z ON ST_Within(x.geom, z.geom)"
                + " WHERE x.scenario IN ('a', 'c') AND z.zone_code = 'KC-BENCH-001'"), "fixtures a and c lie in a planned zone");
    }

    @Test
    void listingsCoverHalfTheRegularBlocksWithTheirFeedAndBlockStatusesInStep() throws SQLException {
        // 300 blocks: 150 listings, 36% of them ANNOUNCED, on regular blocks only, one per block.
        assertEquals(150, count("SELECT count(*) FROM listing WHERE created_by = 'bench-data'"));
        assertEquals(54, count("SELECT count(*) FROM listing WHERE status = 'ANNOUNCED'"));
        assertEquals(6, count("SELECT count(DISTINCT status) FROM listing"));
        assertEquals(150, count("SELECT count(DISTINCT parcel_id) FROM listing l JOIN mine_parcel p ON p.id = l.parcel_id"
                + " WHERE substr(p.code, 7)::int > 52"));
        assertEquals(0, count("SELECT count(*) FROM listing l JOIN mine_parcel p ON p.id = l.parcel_id WHERE p.status <> CASE"
                + " WHEN l.status IN ('ANNOUNCED', 'BIDDING') THEN 'LISTED' WHEN l.status = 'SOLD' THEN 'GRANTED' ELSE 'PLANNED' END"));
        assertEquals(0, count("SELECT count(*) FROM listing WHERE status = 'ANNOUNCED' AND bidding_start <= now()"));
        // The feed: gapless 1..N, the counter at N, one change per version of each listing.
        long n = count("SELECT count(*) FROM listing_change");
        assertEquals(n, count("SELECT max(seq) FROM listing_change"));
        assertEquals(n, count("SELECT last_seq FROM listing_change_counter"));
        assertEquals(0, count("SELECT count(*) FROM listing l WHERE version <> (SELECT count(*) FROM listing_change c WHERE c.listing_id = l.id)"));
        assertEquals(0, count("SELECT count(*) FROM listing_change c JOIN listing l ON l.id = c.listing_id"
                + " WHERE c.public AND (l.status = 'DRAFT' OR l.announced_at IS NULL)"), "no public change of an unannounced listing");

        assertEquals(54, fixtures.get("listings_page").hits());
        assertEquals(1, count("SELECT count(*) FROM bench.fixture x JOIN listing_change c ON c.seq = x.seq AND c.public"
                + " WHERE x.name = 'listing_changes' AND x.seq BETWEEN 2 AND (SELECT last_seq - 100 FROM listing_change_counter)"),
                "the sync fixture is a public change in the middle of the feed");
    }

    @Test
    void optionsHaveTheDocumentedDefaultsAndRefuseTheEverydayDatabase() {
        BenchData.Options d = BenchData.Options.parse(List.of());
        assertEquals(new BenchData.Options("registry_bench", 1_000_000, 2_000, 100, 50, 5_000, 1_000_000, 0.42, false), d);
        BenchData.Options o = BenchData.Options.parse(List.of("--farmland", "50_000", "--parcels", "800", "--database", "bench_x", "--empty"));
        assertEquals(50_000, o.farmland());
        assertEquals(800, o.parcels());
        assertEquals("bench_x", o.database());
        assertTrue(o.empty());
        assertThrows(IllegalArgumentException.class, () -> BenchData.Options.parse(List.of("--database", "registry")));
        assertThrows(IllegalArgumentException.class, () -> BenchData.Options.parse(List.of("--parcels", "51")));
        assertThrows(IllegalArgumentException.class, () -> BenchData.Options.parse(List.of("--farmland", "-3")));
        assertThrows(IllegalArgumentException.class, () -> BenchData.Options.parse(List.of("--farmland")));
        assertThrows(IllegalArgumentException.class, () -> BenchData.Options.parse(List.of("--fields", "3")));
    }

    private static long count(String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
