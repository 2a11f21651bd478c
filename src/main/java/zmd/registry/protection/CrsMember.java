package zmd.registry.protection;

import com.fasterxml.jackson.databind.JsonNode;
import zmd.registry.geo.Crs;

/**
 * The legacy GeoJSON (2008) {@code crs} member, {@code {"type":"name","properties":{"name":"EPSG:4547"}}}: allowed
 * on a FeatureCollection, a Feature or a geometry, and written by many tools on each feature.
 */
final class CrsMember {
    private CrsMember() {
    }

    /** EPSG code named by the member ("urn:ogc:def:crs:EPSG::4490", "EPSG:4490", CRS84), or null when it names none. */
    static Integer srid(JsonNode crs) {
        return Crs.epsgOfName(crs.at("/properties/name").asText(""));
    }

    /**
     * The EPSG code a feature declares by its own or its geometry's crs member (null if neither has one).
     *
     * @throws GeoJsonFeatureReader.BadFeature when a member names no EPSG code or the two disagree
     */
    static Integer ofFeature(JsonNode featureCrs, JsonNode geometryCrs) throws GeoJsonFeatureReader.BadFeature {
        Integer feature = declared(featureCrs, "the feature's");
        Integer geometry = declared(geometryCrs, "the geometry's");
        if (feature != null && geometry != null && !feature.equals(geometry)) {
            throw new GeoJsonFeatureReader.BadFeature("the feature's crs member names EPSG:" + feature + " but its geometry's names EPSG:" + geometry);
        }
        return feature != null ? feature : geometry;
    }

    private static Integer declared(JsonNode crs, String whose) throws GeoJsonFeatureReader.BadFeature {
        if (crs == null) {
            return null;
        }
        Integer srid = srid(crs);
        if (srid == null) {
            throw new GeoJsonFeatureReader.BadFeature(whose + " crs member names no EPSG code;"
                    + " expected {\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4547\"}} or urn:ogc:def:crs:EPSG::4547");
        }
        return srid;
    }
}
