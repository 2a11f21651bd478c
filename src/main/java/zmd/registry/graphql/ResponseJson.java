package zmd.registry.graphql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Map;

/** The JSON mapper of requests and responses, shared by HTTP, WebSocket and {@link DirectJson}, so all write alike. */
public final class ResponseJson {
    /** Exact decimals are written as plain digits (no exponent): prices and areas are read by people and ledgers. */
    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private ResponseJson() {
    }

    /**
     * About how many bytes a response with this data takes: the results written directly under it, plus room for
     * the rest. A response buffer this large is written without growing (each growth copied the whole page).
     */
    public static int estimatedLength(Object data) {
        int length = 512;
        if (data instanceof Map<?, ?> fields) {
            for (Object value : fields.values()) {
                if (value instanceof RawValue raw && raw.rawValue() instanceof Utf8Json json) {
                    length += json.length();
                }
            }
        }
        return length;
    }
}
