package zmd.registry.protection;

import java.util.List;
import java.util.Map;
import zmd.registry.core.Texts;

/**
 * Which feature properties fill which columns of a layer's table. Each column takes the first property
 * present among its names, compared without case: the registry's own English names first, then field
 * names common in Chinese land-survey and planning deliverables (图斑编号 TBBH, 地类编码 DLBM, …).
 */
enum LayerColumns {
    RED_LINE(LayerCode.RED_LINE,
            new Column("code", List.of("code", "hxbh", "bsm")),
            new Column("name", List.of("name", "hxmc", "mc")),
            new Column("category", List.of("category", "hxlx", "lx"))),
    BASIC_FARMLAND(LayerCode.BASIC_FARMLAND,
            new Column("patch_code", List.of("patch_code", "jbnttbbh", "tbbh", "bsm")),
            new Column("county_code", List.of("county_code", "xzqdm", "zldwdm")),
            new Column("land_class", List.of("land_class", "dlbm"))),
    MOUNTAIN_PROTECTION(LayerCode.MOUNTAIN_PROTECTION,
            new Column("name", List.of("name", "stmc", "mc"))),
    PLANNED_ZONE(LayerCode.PLANNED_ZONE,
            new Column("zone_code", List.of("zone_code", "code", "kqbh")),
            new Column("plan_name", List.of("plan_name", "ghmc")),
            new Column("plan_period", List.of("plan_period", "ghq")));

    /** A column and the property names it is filled from, in order of preference (lower case). */
    record Column(String column, List<String> properties) {
    }

    private final LayerCode layer;
    private final List<Column> columns;

    LayerColumns(LayerCode layer, Column... columns) {
        this.layer = layer;
        this.columns = List.of(columns);
    }

    static LayerColumns of(LayerCode layer) {
        for (LayerColumns c : values()) {
            if (c.layer == layer) {
                return c;
            }
        }
        throw new IllegalArgumentException(layer.name());
    }

    List<Column> columns() {
        return columns;
    }

    /**
     * Values of this layer's columns (up to three) from a feature's scalar properties, null where absent,
     * then the name (as in the file) of the property the first column came from.
     */
    String[] values(Map<String, String> properties) {
        String[] out = new String[4];
        if (properties == null || properties.isEmpty()) {
            return out;
        }
        int[] rank = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String value = e.getValue();
            if (value == null || value.isBlank()) {
                continue;
            }
            for (int i = 0; i < columns.size(); i++) {
                List<String> names = columns.get(i).properties();
                for (int r = 0; r < names.size() && r < rank[i]; r++) {
                    if (names.get(r).equalsIgnoreCase(e.getKey())) {
                        out[i] = value.strip();
                        rank[i] = r;
                        if (i == 0) {
                            out[3] = e.getKey();
                        }
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** Checks and normalises the values; returns a problem or null. */
    String normalise(String[] values) {
        if (this == BASIC_FARMLAND && values[1] != null) {
            // 行政区代码 / 坐落单位代码 may carry township and village digits after the county's six.
            String code = values[1];
            if (!code.matches("\\d{6,19}")) {
                return "county code " + Texts.quoted(code) + " is not a GB/T 2260 code (6 digits, or a longer 坐落单位代码 starting with one)";
            }
            values[1] = code.substring(0, 6);
        }
        return null;
    }
}
