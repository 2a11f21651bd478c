package zmd.registry.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import zmd.registry.geo.GeometryInput.CornerPointInput;
import zmd.registry.geo.GeometryInput.CornerPointTableInput;
import zmd.registry.geo.GeometryInput.CornerRingInput;

class GeometryInputParserTest {

    private static GeometryInput wkt(String wkt, Integer srid) {
        return new GeometryInput(null, wkt, srid, null);
    }

    private static GeometryInput corners(Boolean prefixed, double[]... xy) {
        List<CornerPointInput> points = new java.util.ArrayList<>();
        for (int i = 0; i < xy.length; i++) {
            points.add(new CornerPointInput(i + 1, xy[i][0], xy[i][1]));
        }
        return new GeometryInput(null, null, null, new CornerPointTableInput(prefixed, List.of(new CornerRingInput(false, points))));
    }

    @Test
    void wktPolygonBecomesMultiPolygonInDeclaredCrs() {
        var parsed = GeometryInputParser.parse(wkt("POLYGON((113.5 32.7, 113.51 32.7, 113.51 32.71, 113.5 32.7))", null));
        assertEquals(Crs.EPSG_4490, parsed.crs());
        assertEquals("MultiPolygon", parsed.geometry().getGeometryType());
        assertEquals(4490, parsed.geometry().getSRID());
    }

    @Test
    void ewktPrefixSetsTheCrs() {
        var parsed = GeometryInputParser.parse(wkt("SRID=4547;POLYGON((450000 3620000, 451000 3620000, 451000 3621000, 450000 3620000))", null));
        assertEquals(Crs.EPSG_4547, parsed.crs());
        assertEquals(500_000, parsed.geometry().getArea(), 1e-6);
    }

    @Test
    void zonePrefixedWktIsShiftedToZoneLocalEastings() {
        var parsed = GeometryInputParser.parse(wkt("POLYGON((38450000 3620000, 38451000 3620000, 38451000 3621000, 38450000 3620000))", 4526));
        assertEquals(Crs.EPSG_4547, parsed.crs());
        assertEquals(450_000, parsed.geometry().getEnvelopeInternal().getMinX(), 1e-9);
    }

    @Test
    void latLonOrderIsDetectedAndNamed() {
        var e = assertThrows(InvalidGeometryException.class,
                () -> GeometryInputParser.parse(wkt("POLYGON((32.7 113.5, 32.7 113.51, 32.71 113.51, 32.7 113.5))", 4490)));
        assertTrue(e.getMessage().contains("latitude, longitude order"), e.getMessage());
        assertEquals("SWAPPED_AXES", e.details().get("problem"));
    }

    @Test
    void projectedCoordinatesDeclaredAsDegreesAreRefused() {
        var e = assertThrows(InvalidGeometryException.class,
                () -> GeometryInputParser.parse(wkt("POLYGON((450000 3620000, 451000 3620000, 451000 3621000, 450000 3620000))", null)));
        assertEquals("WRONG_CRS", e.details().get("problem"));
    }

    @Test
    void selfIntersectionSaysWhere() {
        // A bowtie: edges 1-2 and 3-4 cross at (450500, 3620500).
        var e = assertThrows(InvalidGeometryException.class, () -> GeometryInputParser.parse(
                wkt("SRID=4547;POLYGON((450000 3620000, 451000 3621000, 451000 3620000, 450000 3621000, 450000 3620000))", null)));
        assertTrue(e.getMessage().startsWith("Self-intersection"), e.getMessage());
        assertEquals(List.of(450500.0, 3620500.0), e.details().get("location"));
    }

    @Test
    void cornerPointSelfIntersectionNamesTheCrossingEdges() {
        var e = assertThrows(InvalidGeometryException.class, () -> GeometryInputParser.parse(corners(false,
                new double[] {3620000, 450000}, new double[] {3621000, 451000}, new double[] {3620000, 451000}, new double[] {3621000, 450000})));
        assertTrue(e.getMessage().contains("X=3620500, Y=450500"), e.getMessage());
        assertEquals(List.of("1–2", "3–4"), e.details().get("edges"));
    }

    @Test
    void cornerPointsWithZonePrefixAreDetected() {
        var parsed = GeometryInputParser.parse(corners(null,
                new double[] {3620000, 38450000}, new double[] {3620000, 38451000}, new double[] {3621000, 38451000}, new double[] {3621000, 38450000}));
        assertEquals(1_000_000, parsed.geometry().getArea(), 1e-6);
        assertEquals(450_000, parsed.geometry().getEnvelopeInternal().getMinX(), 1e-9);
        assertEquals(3_620_000, parsed.geometry().getEnvelopeInternal().getMinY(), 1e-9);
    }

    @Test
    void swappedCornerColumnsAreDetectedAndNamed() {
        var e = assertThrows(InvalidGeometryException.class, () -> GeometryInputParser.parse(corners(null,
                new double[] {450000, 3620000}, new double[] {451000, 3620000}, new double[] {451000, 3621000})));
        assertTrue(e.getMessage().contains("corner point 1") && e.getMessage().contains("swap the columns"), e.getMessage());
        assertEquals("SWAPPED_AXES", e.details().get("problem"));
    }

    @Test
    void wrongZoneIsNamed() {
        var e = assertThrows(InvalidGeometryException.class, () -> GeometryInputParser.parse(corners(null,
                new double[] {3620000, 39450000}, new double[] {3620000, 39451000}, new double[] {3621000, 39451000})));
        assertTrue(e.getMessage().contains("zone 39"), e.getMessage());
    }

    @Test
    void repeatedClosingCornerIsAccepted() {
        var parsed = GeometryInputParser.parse(corners(false, new double[] {3620000, 450000}, new double[] {3620000, 451000},
                new double[] {3621000, 451000}, new double[] {3620000, 450000}));
        assertEquals(500_000, parsed.geometry().getArea(), 1e-6);
    }

    @Test
    void geoJsonErrorsGiveThePosition() {
        Map<String, Object> polygon = Map.of("type", "Polygon", "coordinates",
                List.of(List.of(List.of(113.5, 32.7), List.of(113.6, "x"), List.of(113.6, 32.8), List.of(113.5, 32.7))));
        var e = assertThrows(InvalidGeometryException.class, () -> GeometryInputParser.parse(new GeometryInput(polygon, null, null, null)));
        assertEquals("coordinates[0][1][1]: expected a finite number, got x", e.getMessage());
    }

    @Test
    void unclosedGeoJsonRingIsRefused() {
        Map<String, Object> polygon = Map.of("type", "Polygon", "coordinates",
                List.of(List.of(List.of(113.5, 32.7), List.of(113.6, 32.7), List.of(113.6, 32.8), List.of(113.5, 32.8))));
        var e = assertThrows(InvalidGeometryException.class, () -> GeometryInputParser.parse(new GeometryInput(polygon, null, null, null)));
        assertTrue(e.getMessage().contains("not closed"), e.getMessage());
    }

    @Test
    void pointsAreNotBlocks() {
        var e = assertThrows(InvalidGeometryException.class, () -> GeometryInputParser.parse(wkt("POINT(113.5 32.7)", null)));
        assertTrue(e.getMessage().contains("Polygon or MultiPolygon"), e.getMessage());
    }

    @Test
    void exactlyOneFormIsRequired() {
        var e = assertThrows(InvalidGeometryException.class, () -> GeometryInputParser.parse(new GeometryInput(null, null, null, null)));
        assertTrue(e.getMessage().contains("exactly one"), e.getMessage());
    }

    private static Map<String, Object> crs(String name) {
        return Map.of("type", "name", "properties", Map.of("name", name));
    }

    private static GeometryInput geoJson4547(Map<String, Object> geometryExtra, Map<String, Object> featureCrs, Integer srid) {
        Map<String, Object> geometry = new java.util.HashMap<>(Map.of("type", "Polygon", "coordinates", List.of(List.of(
                List.of(450000, 3620000), List.of(451000, 3620000), List.of(451000, 3621000), List.of(450000, 3620000)))));
        geometry.putAll(geometryExtra);
        Object json = featureCrs == null ? geometry : Map.of("type", "Feature", "crs", featureCrs, "geometry", geometry);
        return new GeometryInput(json, null, srid, null);
    }

    @Test
    void aCrsMemberOnTheGeometryOrFeatureIsHonoured() {
        assertEquals(Crs.EPSG_4547, GeometryInputParser.parse(geoJson4547(Map.of("crs", crs("urn:ogc:def:crs:EPSG::4547")), null, null)).crs());
        assertEquals(Crs.EPSG_4547, GeometryInputParser.parse(geoJson4547(Map.of(), crs("EPSG:4547"), null)).crs());
        assertEquals(Crs.EPSG_4547, GeometryInputParser.parse(geoJson4547(Map.of("crs", crs("EPSG:4547")), null, 4547)).crs());
    }

    @Test
    void conflictingOrUnknownCrsMembersAreRefused() {
        var clash = assertThrows(InvalidGeometryException.class,
                () -> GeometryInputParser.parse(geoJson4547(Map.of("crs", crs("EPSG:4547")), null, 4490)));
        assertEquals("the geometry's crs member names EPSG:4547 but geometry.srid says 4490", clash.getMessage());
        var levels = assertThrows(InvalidGeometryException.class,
                () -> GeometryInputParser.parse(geoJson4547(Map.of("crs", crs("EPSG:4490")), crs("EPSG:4547"), null)));
        assertEquals("the geometry's crs member names EPSG:4490 but the Feature's crs member says 4547", levels.getMessage());
        var unknown = assertThrows(InvalidGeometryException.class,
                () -> GeometryInputParser.parse(geoJson4547(Map.of("crs", crs("Xian 1980")), null, null)));
        assertTrue(unknown.getMessage().startsWith("the geometry's crs member names no EPSG code"), unknown.getMessage());
        var unsupported = assertThrows(InvalidGeometryException.class,
                () -> GeometryInputParser.parse(geoJson4547(Map.of("crs", crs("EPSG:3857")), null, null)));
        assertTrue(unsupported.getMessage().contains("unsupported SRID 3857"), unsupported.getMessage());
    }
}
