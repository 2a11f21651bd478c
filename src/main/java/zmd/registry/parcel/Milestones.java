package zmd.registry.parcel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jooq.JSONB;
import zmd.registry.core.Texts;

/** Plan milestones stored as a JSON array of {date, what}. */
final class Milestones {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Milestones() {
    }

    static List<MineParcel.Milestone> read(JSONB json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<MineParcel.Milestone> out = new ArrayList<>();
            for (JsonNode n : JSON.readTree(json.data())) {
                out.add(new MineParcel.Milestone(LocalDate.parse(n.get("date").asText()), n.get("what").asText()));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("milestones column holds invalid JSON", e);
        }
    }

    /** The milestones as stored; none for null. */
    static JSONB write(List<MineParcel.Milestone> milestones) {
        ArrayNode array = JSON.createArrayNode();
        if (milestones != null) {
            for (int i = 0; i < milestones.size(); i++) {
                MineParcel.Milestone m = milestones.get(i);
                String what = Texts.required(m.what(), "milestones[" + i + "].what", 2000);
                array.addObject().put("date", m.date().toString()).put("what", what);
            }
        }
        return JSONB.valueOf(array.toString());
    }
}
