package zmd.registry.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zmd.registry.TestServer;
import zmd.registry.access.Caller;
import zmd.registry.access.Role;

/**
 * The directly written answers are the ordinary path's answers, byte for byte, on the demo data: for the platform
 * and for staff, with aliases, fragments, skipped fields and __typename; and a selection with a field the shapes do
 * not declare takes the ordinary path.
 */
class DirectJsonTest {
    static TestServer server;
    static final Caller PLATFORM = new Caller(Role.PLATFORM, null, "test platform");
    static final Caller EDITOR = new Caller(Role.STAFF_EDITOR, null, "test editor");

    @BeforeAll
    static void start() {
        server = TestServer.withDemoData();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The bench's platform page (e). */
    static final String PAGE = """
            { listings(filter: {status: [ANNOUNCED, BIDDING, SOLD]}, first: 50) { nodes { id status method startPrice { yuan wanYuan }
              deposit { yuan } bidIncrement { yuan } announcementDate biddingStart biddingEnd parcel { code name areaKm2 county { name }
              reserves { mineral quantity unit category } } } pageInfo { hasNextPage endCursor } } }""";

    /** The bench's sync page (f), from the start of the feed. */
    static final String CHANGES = """
            query ($after: String) { listingChanges(after: $after, first: 100) { endCursor hasMore changes { cursor seq kind status
              changedAt listingId listing { id parcelId method status startPrice { yuan } deposit { yuan } bidIncrement { yuan }
              announcementDate biddingStart biddingEnd announcedAt withdrawnAt withdrawReason outcome { result finalPrice { yuan }
              winnerName winnerCreditCode decidedAt } version updatedAt } } } }""";

    /** Every field the shapes declare, under aliases, fragments and directives. */
    static final String EVERYTHING = """
            query ($skip: Boolean = true) {
              page: listings(first: 3) {
                __typename totalCount
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                edges { cursor node { ...L } }
                nodes { ...L hidden: conditions @skip(if: $skip) shown: conditions @include(if: $skip) }
              }
              more: listings(first: 50, filter: {status: [SOLD]}) { nodes { id outcome { result finalPrice { yuan wanYuan inWords }
                winnerName winnerCreditCode decidedAt reportedAt } } }
              listingChanges(first: 5) { __typename endCursor hasMore changes { __typename cursor seq kind status changedAt listingId
                listing { ...L } } }
            }
            fragment L on Listing {
              __typename id parcelId method status startPrice { yuan wanYuan inWords } deposit { yuan wanYuan } bidIncrement { yuan }
              announcementDate biddingStart biddingEnd conditions announcedAt withdrawnAt withdrawReason version createdAt updatedAt
              outcome { result decidedAt }
              parcel { ...P }
            }
            fragment P on MineParcel {
              __typename id code name status basis miningMethod elevation { topM bottomM } serviceLifeYears
              plannedStartPrice { yuan wanYuan inWords } plannedListing sourceDocument responsibleBodies geology planConformityStatement
              statedClearOfRedLine statedClearOfBasicFarmland statedOutsideMountainList areaM2 areaKm2 areaHectares areaMu geometryNote
              version createdAt updatedAt
              county { __typename code name boundaryNote }
              reserves { __typename mineral category categoryStandard category2020 quantity unit unitNote categoryNote }
            }""";

    @Test
    void thePlatformPageIsWrittenDirectlyAndAnswersAlike() {
        assertSameBothWays(PLATFORM, PAGE, Map.of(), "listings", true);
        assertSameBothWays(EDITOR, PAGE, Map.of(), "listings", true);
    }

    @Test
    void theChangeFeedIsWrittenDirectlyAndAnswersAlike() {
        assertSameBothWays(PLATFORM, CHANGES, Map.of(), "listingChanges", true);
        assertSameBothWays(EDITOR, CHANGES, Map.of(), "listingChanges", true);
        String cursor = server.data(server.editorKey, "{ listingChanges(first: 3) { endCursor } }").at("/listingChanges/endCursor").asText();
        assertSameBothWays(PLATFORM, CHANGES, Map.of("after", cursor), "listingChanges", true);
    }

    @Test
    void everyDeclaredFieldUnderAliasesFragmentsAndDirectives() {
        for (Caller caller : new Caller[] {PLATFORM, EDITOR}) {
            String json = assertSameBothWays(caller, EVERYTHING, Map.of(), "page", true);
            assertTrue(json.contains("\"shown\":"), json);
            assertFalse(json.contains("\"hidden\":"), json);
            assertTrue(json.contains("\"__typename\":\"MineParcel\""), json);
        }
    }

    /** The bench's map extent (d) and more: geometry with its arguments, in nodes and edges, for staff and platforms. */
    static final String PARCELS = """
            query ($bbox: BboxInput) { mineParcels(filter: {bbox: $bbox}, first: 200) { totalCount pageInfo { hasNextPage endCursor }
              nodes { id code geometry name status areaKm2 county { name } reserves { mineral quantity unit }
                g4490: geometry(crs: EPSG_4490, precision: 5) simple: geometry(simplify: 25) }
              edges { cursor node { code geometry(crs: EPSG_4547) } } } }""";

    @Test
    void aMapExtentOfBlocksIsWrittenDirectlyAndAnswersAlike() {
        Map<String, Object> city = Map.of("bbox", Map.of("minLon", 113.3, "minLat", 32.3, "maxLon", 115.2, "maxLat", 33.6));
        for (Caller caller : new Caller[] {PLATFORM, EDITOR, Caller.PUBLIC}) {
            String json = assertSameBothWays(caller, PARCELS, city, "mineParcels", true);
            assertTrue(json.contains("\"type\":\"MultiPolygon\""), json);
        }
        assertSameBothWays(EDITOR, "{ mineParcels(first: 3) { nodes { code geometry } } }", Map.of(), "mineParcels", true);
        assertSameBothWays(EDITOR, "{ mineParcels(first: 3) { nodes { code wkt bbox(crs: EPSG_4547) centroid(precision: 4) } } }",
                Map.of(), "mineParcels", true);
        assertSameBothWays(EDITOR, "{ mineParcels(first: 3) { nodes { code county { boundary } } } }", Map.of(), "mineParcels", false);
        for (Caller caller : new Caller[] {Caller.PUBLIC, EDITOR}) {
            assertSameBothWays(caller, """
                    { basePrices(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } }
                      nodes { id edition sourceLine mineral region { code name level } miningMethod unitPrice unit priceUnit validFrom validTo
                      sourceDocument } } }""", Map.of(), "basePrices", true);
        }
    }

    /** The README's platform page (blocks nested in listings with capacities, geometry and corner points), as the golden tests hold it to the README. */
    static final String README_PAGE = readDocument("src/test/resources/graphql/auction/readme-listings-page.graphql");

    private static String readDocument(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theReadmePlatformPageWithGeometryAndCornerPointsIsWrittenDirectly() {
        for (Caller caller : new Caller[] {PLATFORM, EDITOR}) {
            String json = assertSameBothWays(caller, README_PAGE, Map.of(), "listings", true);
            assertTrue(json.contains("\"srid\":4526") && json.contains("\"type\":\"MultiPolygon\""), json);
        }
        assertSameBothWays(EDITOR, """
                { mineParcels(first: 5) { nodes { code milestones { date what } designCapacities { mineral unitPerYear }
                  cornerPoints(precision: 1) { srid zonePrefixed rings { part hole points { no x y } } }
                  a: geometry(crs: EPSG_4547, precision: 2) } } }""", Map.of(), "mineParcels", true);
    }

    @Test
    void listsOfCountiesLayersKeysEditionsAndRegionsAreWrittenDirectly() {
        assertSameBothWays(Caller.PUBLIC, "{ counties { code name boundaryNote } }", Map.of(), "counties", true);
        assertSameBothWays(EDITOR, "{ layers { code nameZh current { id layer name source version importedAt importedBy current } datasets { id version } } }",
                Map.of(), "layers", true);
        assertSameBothWays(EDITOR, "{ apiKeys { id name role keyPrefix createdAt revokedAt } }", Map.of(), "apiKeys", true);
        assertSameBothWays(Caller.PUBLIC, "{ basePriceEditions { id name importedAt rowCount validFrom validTo } }", Map.of(),
                "basePriceEditions", true);
        assertSameBothWays(Caller.PUBLIC, "{ priceRegions { code name level } }", Map.of(), "priceRegions", true);
        assertSameBothWays(Caller.PUBLIC, "{ counties { code boundary } }", Map.of(), "counties", false);
    }

    @Test
    void aCompiledSelectionIsReusedOnlyWhenTheVariablesItReadsAgree() throws Exception {
        // Compiled selections are kept per document; the variables read in arguments and @include/@skip, also
        // through fragments, are part of the key. A variable the selection does not read (after) is not.
        String doc = """
                query ($crs: Crs, $withName: Boolean!, $precise: Boolean!, $after: String) {
                  mineParcels(first: 3, after: $after) { nodes { code name @include(if: $withName) geometry(crs: $crs, precision: 3) ...Area } } }
                fragment Area on MineParcel { areaKm2 @skip(if: $precise) areaM2 @include(if: $precise) }""";
        String wgs = assertSameBothWays(EDITOR, doc, Map.of("crs", "EPSG_4326", "withName", true, "precise", false), "mineParcels", true);
        String cgcs = assertSameBothWays(EDITOR, doc, Map.of("crs", "EPSG_4490", "withName", false, "precise", true), "mineParcels", true);
        JsonNode first = ResponseJson.MAPPER.readTree(wgs).at("/data/mineParcels/nodes/0");
        assertTrue(first.has("name") && first.has("areaKm2") && !first.has("areaM2") && !first.at("/geometry").has("crs"), wgs);
        first = ResponseJson.MAPPER.readTree(cgcs).at("/data/mineParcels/nodes/0");
        assertTrue(!first.has("name") && !first.has("areaKm2") && first.has("areaM2")
                && first.at("/geometry/crs/properties/name").asText().equals("EPSG:4490"), cgcs);
        assertEquals(wgs, assertSameBothWays(EDITOR, doc, Map.of("crs", "EPSG_4326", "withName", true, "precise", false), "mineParcels", true));
    }

    @Test
    void aDirectFieldBesideFieldsThatUseLoadersCompletes() {
        // A written result is a leaf for the data-loader dispatch: other root fields' loaders must still be dispatched.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertSameBothWays(EDITOR, """
                    { listings(first: 5) { nodes { id parcel { code } } }
                      mineParcelByCode(code: "ZMD-2020-01") { reserves { mineral } listings { id parcel { name } } }
                      b: listings(first: 5) { nodes { announceEvidence parcel { code reserves { mineral } } } } }""",
                    Map.of(), "listings", true);
            assertSameBothWays(PLATFORM, """
                    { mineParcels(first: 5) { nodes { code geometry } } listingChanges(first: 10) { changes { seq listing { id } } }
                      listings(first: 3) { nodes { parcel { reserves { mineral } wkt } } } }""", Map.of(), "mineParcels", true);
        });
    }

    @Test
    void aFieldNotDeclaredTakesTheOrdinaryPath() {
        assertSameBothWays(PLATFORM, "{ listings(first: 5) { nodes { id parcel { county { boundary(precision: 4) } } } } }", Map.of(), "listings", false);
        assertSameBothWays(EDITOR, "{ listingChanges(first: 5) { changes { seq listing { parcel { overlapCheck { verdict } } } } } }",
                Map.of(), "listingChanges", false);
    }

    @Test
    void staffOnlyFieldsAreWrittenDirectlyAndHiddenFromOthersOnBothPaths() {
        String staffOnly = """
                { listings(first: 50, filter: {status: [ANNOUNCED, BIDDING, SOLD]}) { nodes { id announceEvidence announceFloor { yuan }
                  outcome { result reportedBy } } }
                  listingChanges(first: 50) { changes { seq changedBy } } }""";
        String platform = assertSameBothWays(PLATFORM, staffOnly, Map.of(), "listings", true);
        assertSameBothWays(PLATFORM, staffOnly, Map.of(), "listingChanges", true);
        assertFalse(platform.matches("(?s).*\"(announceEvidence|announceFloor|reportedBy|changedBy)\":[^n].*"), platform);
        String editor = assertSameBothWays(EDITOR, staffOnly, Map.of(), "listings", true);
        assertTrue(editor.contains("\"announceEvidence\":{") && editor.matches("(?s).*\"reportedBy\":\"[^\"]+\".*")
                && editor.matches("(?s).*\"changedBy\":\"[^\"]+\".*"), editor);
    }

    @Test
    void platformsStillSeeNoDraftsOnTheDirectPath() {
        JsonNode nodes = server.data(server.platformKey, "{ listings(first: 50) { nodes { status parcel { status } } } }").at("/listings/nodes");
        assertEquals(10, nodes.size());
        nodes.forEach(n -> assertFalse(n.get("status").asText().equals("DRAFT"), n.toString()));
        JsonNode changes = server.data(server.platformKey, "{ listingChanges(first: 1000) { changes { status listing { status } } } }")
                .at("/listingChanges/changes");
        assertTrue(changes.size() > 0);
        changes.forEach(c -> assertFalse(c.get("status").asText().equals("DRAFT"), c.toString()));
    }

    /** Runs the document with and without the direct path; both answers must be the same bytes. Returns the JSON. */
    private static String assertSameBothWays(Caller caller, String query, Map<String, Object> variables, String field, boolean direct) {
        ExecutionResult fast = execute(caller, query, variables, false);
        ExecutionResult ordinary = execute(caller, query, variables, true);
        assertTrue(fast.getErrors().isEmpty(), fast.getErrors().toString());
        Object value = ((Map<?, ?>) fast.getData()).get(field);
        if (direct) {
            assertInstanceOf(RawValue.class, value, "expected " + field + " to be written directly");
        } else {
            assertFalse(value instanceof RawValue, field + " should have taken the ordinary path");
        }
        assertFalse(((Map<?, ?>) ordinary.getData()).get(field) instanceof RawValue);
        String a = write(fast);
        String b = write(ordinary);
        assertEquals(b, a);
        return a;
    }

    private static ExecutionResult execute(Caller caller, String query, Map<String, Object> variables, boolean disabled) {
        GraphQLFactory graphql = server.registry.graphql();
        return graphql.graphQL().execute(ExecutionInput.newExecutionInput()
                .query(query)
                .variables(variables)
                .graphQLContext(Map.of(Caller.class, caller, DirectJson.DISABLED, disabled))
                .dataLoaderRegistry(graphql.loadersFor(caller))
                .build());
    }

    private static String write(ExecutionResult result) {
        try {
            return ResponseJson.MAPPER.writeValueAsString(result.toSpecification());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
