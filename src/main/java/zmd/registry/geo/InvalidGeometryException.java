package zmd.registry.geo;

import java.util.Map;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;

/** Geometry that cannot be a block: malformed, invalid, in the wrong order or in the wrong place. */
public final class InvalidGeometryException extends RegistryException {
    public InvalidGeometryException(String message) {
        super(ErrorCode.INVALID_GEOMETRY, message);
    }

    public InvalidGeometryException(String message, Map<String, ?> details) {
        super(ErrorCode.INVALID_GEOMETRY, message, details);
    }
}
