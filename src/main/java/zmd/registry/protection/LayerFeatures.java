package zmd.registry.protection;

import static zmd.registry.db.generated.Tables.FARMLAND_PATCH;
import static zmd.registry.db.generated.Tables.MOUNTAIN_PROTECTION_AREA;
import static zmd.registry.db.generated.Tables.PLANNED_MINING_ZONE;
import static zmd.registry.db.generated.Tables.RED_LINE_AREA;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.features.FeatureAccess;
import zmd.registry.features.FeatureCollection;
import zmd.registry.features.FeatureProperty;
import zmd.registry.features.Queryable.Type;

/**
 * The protected and planning layers as feature collections, each its current dataset only, for staff only (as in
 * GraphQL: the layers are not public before an auction). Feature ids are the registry's row ids; the source's own
 * id is the property sourceId.
 */
public final class LayerFeatures {
    private final LayerRepository layers;

    public LayerFeatures(LayerRepository layers) {
        this.layers = layers;
    }

    /** The collection id of a layer: red-lines, basic-farmland, mountain-protection, planned-zones. */
    public static String collectionId(LayerCode layer) {
        return switch (layer) {
            case RED_LINE -> "red-lines";
            case BASIC_FARMLAND -> "basic-farmland";
            case MOUNTAIN_PROTECTION -> "mountain-protection";
            case PLANNED_ZONE -> "planned-zones";
        };
    }

    public List<FeatureCollection> collections() {
        var r = RED_LINE_AREA;
        var f = FARMLAND_PATCH;
        var m = MOUNTAIN_PROTECTION_AREA;
        var z = PLANNED_MINING_ZONE;
        List<FeatureCollection> out = new ArrayList<>();
        out.add(layer(LayerCode.RED_LINE, "Ecological protection red lines", r, r.ID, r.GEOM, r.DATASET_ID, List.of(
                FeatureProperty.of("code", "red-line code (红线编号)", Type.STRING, r.CODE),
                FeatureProperty.of("name", "name (名称)", Type.STRING, r.NAME),
                FeatureProperty.of("category", "category (类型)", Type.STRING, r.CATEGORY),
                FeatureProperty.required("areaM2", "area in m²", Type.NUMBER, r.AREA_M2),
                FeatureProperty.of("sourceId", "the feature's id in the source data", Type.STRING, r.SOURCE_ID))));
        out.add(layer(LayerCode.BASIC_FARMLAND, "Permanent basic farmland patches", f, f.ID, f.GEOM, f.DATASET_ID, List.of(
                FeatureProperty.of("patchCode", "patch code (图斑编号)", Type.STRING, f.PATCH_CODE),
                FeatureProperty.of("countyCode", "county code (行政区代码)", Type.STRING, f.COUNTY_CODE),
                FeatureProperty.of("landClass", "land class (地类编码)", Type.STRING, f.LAND_CLASS),
                FeatureProperty.required("areaM2", "area in m²", Type.NUMBER, f.AREA_M2),
                FeatureProperty.of("sourceId", "the feature's id in the source data", Type.STRING, f.SOURCE_ID))));
        out.add(layer(LayerCode.MOUNTAIN_PROTECTION, "Key protected mountains", m, m.ID, m.GEOM, m.DATASET_ID, List.of(
                FeatureProperty.of("name", "mountain (山体名称)", Type.STRING, m.NAME),
                FeatureProperty.of("sourceId", "the feature's id in the source data", Type.STRING, m.SOURCE_ID))));
        out.add(layer(LayerCode.PLANNED_ZONE, "Planned mining zones", z, z.ID, z.GEOM, z.DATASET_ID, List.of(
                FeatureProperty.of("zoneCode", "zone code (开采区编号)", Type.STRING, z.ZONE_CODE),
                FeatureProperty.of("planName", "plan (规划名称)", Type.STRING, z.PLAN_NAME),
                FeatureProperty.of("planPeriod", "plan period (规划期)", Type.STRING, z.PLAN_PERIOD),
                FeatureProperty.of("sourceId", "the feature's id in the source data", Type.STRING, z.SOURCE_ID))));
        return out;
    }

    private FeatureCollection layer(LayerCode code, String title, Table<?> table, Field<Long> id, Field<Geometry> geom, Field<Long> dataset,
            List<FeatureProperty> properties) {
        return new FeatureCollection(collectionId(code), title + " (" + code.nameZh() + ")",
                "The layer's current dataset; staff only. No time property.",
                true, table, id, geom, properties, null,
                // The catalog refuses the layer to others already; the rows say it again, so that no reader
                // that forgets to ask the catalog can show a layer to the public.
                caller -> caller.isStaff() ? dataset.eq(LayerRepository.currentDatasetId(code)) : DSL.falseCondition(),
                caller -> {
                    LayerDataset current = caller.isStaff() ? layers.currentDatasets().get(code) : null;
                    return current == null ? DSL.falseCondition() : dataset.eq(current.id());
                },
                caller -> {
                    LayerDataset current = layers.currentDatasets().get(code);
                    return current == null ? 0L : (long) current.featureCount();
                },
                FeatureAccess.layer(code.name()));
    }
}
