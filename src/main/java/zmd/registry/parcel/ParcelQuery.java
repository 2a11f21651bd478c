package zmd.registry.parcel;

import java.util.List;
import org.jooq.Condition;
import org.locationtech.jts.geom.Geometry;

/**
 * A validated list request. {@code intersects} is already parsed (with its SRID); county codes are resolved;
 * {@code overlap} is the overlap-verdict condition built by the protection feature (null when not asked).
 */
public record ParcelQuery(
        List<String> countyCodes,
        String mineral,
        List<String> statuses,
        Double minAreaM2,
        Double maxAreaM2,
        String nameContains,
        double[] bbox,
        Geometry intersects,
        Condition overlap,
        Order order,
        int first,
        List<?> after) {

    public enum Order { CODE_ASC, NAME_ASC, AREA_ASC, AREA_DESC, CREATED_AT_DESC, UPDATED_AT_DESC }
}
