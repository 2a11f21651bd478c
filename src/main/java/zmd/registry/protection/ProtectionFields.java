package zmd.registry.protection;

import java.util.List;
import zmd.registry.core.FieldTable;

/**
 * The fields of the protection types (schema/protection.graphqls). Layers, reports and import results are computed
 * whole, so no field needs a column of its own. Every root that returns them is for staff only, so no field is
 * hidden on its own. The geometries take output arguments and are loaded by the adapter.
 */
final class ProtectionFields {
    static final FieldTable<OverlapService.LayerView> LAYER = FieldTable.<OverlapService.LayerView>of("Layer")
            .value("code", List.of(), OverlapService.LayerView::code)
            .value("nameZh", List.of(), OverlapService.LayerView::nameZh)
            .object("current", "LayerDataset", List.of(), OverlapService.LayerView::current)
            .objects("datasets", "LayerDataset", List.of(), OverlapService.LayerView::datasets);

    static final FieldTable<LayerDataset> DATASET = FieldTable.<LayerDataset>of("LayerDataset")
            .value("id", List.of(), LayerDataset::id)
            .value("layer", List.of(), LayerDataset::layer)
            .value("name", List.of(), LayerDataset::name)
            .value("source", List.of(), LayerDataset::source)
            .value("version", List.of(), LayerDataset::version)
            .value("importedAt", List.of(), LayerDataset::importedAt)
            .value("importedBy", List.of(), LayerDataset::importedBy)
            .value("featureCount", List.of(), LayerDataset::featureCount)
            .value("current", List.of(), LayerDataset::current);

    static final FieldTable<OverlapReport> REPORT = FieldTable.<OverlapReport>of("OverlapReport")
            .value("verdict", List.of(), OverlapReport::verdict)
            .objects("rules", "RuleResult", List.of(), OverlapReport::rules)
            .value("parcelId", List.of(), OverlapReport::parcelId)
            .value("parcelCode", List.of(), OverlapReport::parcelCode)
            .value("blockAreaM2", List.of(), OverlapReport::blockAreaM2)
            .value("blockAreaMu", List.of(), OverlapReport::blockAreaMu)
            .value("toleranceM2", List.of(), OverlapReport::toleranceM2)
            .value("checkedAt", List.of(), OverlapReport::checkedAt)
            .value("asOf", List.of(), OverlapReport::asOf);

    static final FieldTable<OverlapReport.RuleResult> RULE = FieldTable.<OverlapReport.RuleResult>of("RuleResult")
            .value("rule", List.of(), OverlapReport.RuleResult::rule)
            .value("verdict", List.of(), OverlapReport.RuleResult::verdict)
            .value("summary", List.of(), OverlapReport.RuleResult::summary)
            .object("dataset", "LayerDataset", List.of(), OverlapReport.RuleResult::dataset)
            .objects("features", "OverlapFeature", List.of(), OverlapReport.RuleResult::features)
            .value("featureCount", List.of(), OverlapReport.RuleResult::featureCount)
            .value("conflictCount", List.of(), OverlapReport.RuleResult::conflictCount)
            .value("totalAreaM2", List.of(), OverlapReport.RuleResult::totalAreaM2)
            .value("totalAreaMu", List.of(), OverlapReport.RuleResult::totalAreaMu)
            .value("totalSharePercent", List.of(), OverlapReport.RuleResult::totalSharePercent)
            .value("conflictAreaM2", List.of(), OverlapReport.RuleResult::conflictAreaM2)
            .value("conflictAreaMu", List.of(), OverlapReport.RuleResult::conflictAreaMu)
            .value("outsideAreaM2", List.of(), OverlapReport.RuleResult::outsideAreaM2)
            .value("outsideAreaMu", List.of(), OverlapReport.RuleResult::outsideAreaMu)
            .value("outsideSharePercent", List.of(), OverlapReport.RuleResult::outsideSharePercent)
            .loaded("outsideGeometry");

    static final FieldTable<OverlapReport.OverlapFeature> FEATURE = FieldTable.<OverlapReport.OverlapFeature>of("OverlapFeature")
            .value("id", List.of(), OverlapReport.OverlapFeature::id)
            .value("sourceId", List.of(), OverlapReport.OverlapFeature::sourceId)
            .value("sourceIdProperty", List.of(), OverlapReport.OverlapFeature::sourceIdProperty)
            .value("code", List.of(), OverlapReport.OverlapFeature::code)
            .value("name", List.of(), OverlapReport.OverlapFeature::name)
            .value("kind", List.of(), OverlapReport.OverlapFeature::kind)
            .value("featureAreaM2", List.of(), OverlapReport.OverlapFeature::featureAreaM2)
            .value("areaM2", List.of(), OverlapReport.OverlapFeature::areaM2)
            .value("areaMu", List.of(), OverlapReport.OverlapFeature::areaMu)
            .value("sharePercent", List.of(), OverlapReport.OverlapFeature::sharePercent)
            .value("sliver", List.of(), OverlapReport.OverlapFeature::sliver)
            .value("whollyInside", List.of(), OverlapReport.OverlapFeature::whollyInside)
            .loaded("intersection");

    static final FieldTable<ImportResult> IMPORT = FieldTable.<ImportResult>of("LayerImportResult")
            .value("status", List.of(), ImportResult::status)
            .value("message", List.of(), ImportResult::message)
            .object("dataset", "LayerDataset", List.of(), ImportResult::dataset)
            .value("srid", List.of(), ImportResult::srid)
            .value("featuresRead", List.of(), ImportResult::featuresRead)
            .value("featuresLoaded", List.of(), ImportResult::featuresLoaded)
            .objects("problems", "FeatureProblem", List.of(), ImportResult::problems)
            .value("problemCount", List.of(), ImportResult::problemCount)
            .objects("repairs", "FeatureRepair", List.of(), ImportResult::repairs)
            .value("repairCount", List.of(), ImportResult::repairCount)
            .value("seconds", List.of(), ImportResult::seconds)
            .value("featuresPerSecond", List.of(), ImportResult::featuresPerSecond);

    static final FieldTable<ImportResult.FeatureProblem> PROBLEM = FieldTable.<ImportResult.FeatureProblem>of("FeatureProblem")
            .value("index", List.of(), ImportResult.FeatureProblem::index)
            .value("line", List.of(), ImportResult.FeatureProblem::line)
            .value("featureId", List.of(), ImportResult.FeatureProblem::featureId)
            .value("reason", List.of(), ImportResult.FeatureProblem::reason);

    static final FieldTable<ImportResult.FeatureRepair> REPAIR = FieldTable.<ImportResult.FeatureRepair>of("FeatureRepair")
            .value("index", List.of(), ImportResult.FeatureRepair::index)
            .value("line", List.of(), ImportResult.FeatureRepair::line)
            .value("featureId", List.of(), ImportResult.FeatureRepair::featureId)
            .value("reason", List.of(), ImportResult.FeatureRepair::reason)
            .value("areaBeforeM2", List.of(), ImportResult.FeatureRepair::areaBeforeM2)
            .value("areaAfterM2", List.of(), ImportResult.FeatureRepair::areaAfterM2)
            .value("accepted", List.of(), ImportResult.FeatureRepair::accepted);

    static final FieldTable<DatasetPurge.Result> PURGE = FieldTable.<DatasetPurge.Result>of("LayerDatasetPurge")
            .value("layer", List.of(), DatasetPurge.Result::layer)
            .value("importedBefore", List.of(), DatasetPurge.Result::importedBefore)
            .value("dryRun", List.of(), DatasetPurge.Result::dryRun)
            .objects("purged", "LayerDataset", List.of(), DatasetPurge.Result::purged)
            .objects("kept", "KeptLayerDataset", List.of(), DatasetPurge.Result::kept)
            .value("featuresDeleted", List.of(), DatasetPurge.Result::featuresDeleted);

    static final FieldTable<DatasetPurge.Kept> KEPT = FieldTable.<DatasetPurge.Kept>of("KeptLayerDataset")
            .object("dataset", "LayerDataset", List.of(), DatasetPurge.Kept::dataset)
            .value("reasons", List.of(), k -> k.reasons().stream().map(Enum::name).toList());

    static final List<FieldTable<?>> ALL = List.of(LAYER, DATASET, REPORT, RULE, FEATURE, IMPORT, PROBLEM, REPAIR, PURGE, KEPT);

    private ProtectionFields() {
    }
}
