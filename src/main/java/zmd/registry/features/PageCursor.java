package zmd.registry.features;

import java.util.ArrayList;
import java.util.List;
import zmd.registry.core.Cursors;
import zmd.registry.core.RegistryException;

/** A page link's cursor: ["n" or "p", the sort's tag, its values…]; values are converted back to the columns' types. */
record PageCursor(boolean backwards, List<Object> values) {
    static String encode(boolean backwards, String tag, List<Object> values) {
        List<Object> all = new ArrayList<>();
        all.add(backwards ? "p" : "n");
        all.add(tag);
        all.addAll(values);
        return Cursors.encode(all);
    }

    static PageCursor decode(String text, String tag, List<FeatureReader.SortField> sort) {
        List<?> all = Cursors.decode(text, "cursor");
        if (all.size() != sort.size() + 2 || !("n".equals(all.get(0)) || "p".equals(all.get(0))) || !tag.equals(all.get(1))) {
            throw RegistryException.badInput("cursor", "cursor belongs to another collection or another sortby; follow the links of this page");
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < sort.size(); i++) {
            try {
                Object v = sort.get(i).field().getDataType().convert(all.get(i + 2));
                if (v == null) {
                    throw new IllegalArgumentException("null");
                }
                values.add(v);
            } catch (RuntimeException e) {
                throw RegistryException.badInput("cursor", "cursor is not one this API returned");
            }
        }
        return new PageCursor("p".equals(all.get(0)), values);
    }
}
