package zmd.registry.parcel;

import java.util.List;
import java.util.Set;

/**
 * What a list request selects of each block: the fields (so only their columns are read) and the GeoJSON
 * shapes (read in the same statement as the page). {@code fields == null} means every column.
 */
public record ParcelSelection(Set<String> fields, List<GeometryRequest> geometries) {
}
