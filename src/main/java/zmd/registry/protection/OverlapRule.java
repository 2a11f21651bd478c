package zmd.registry.protection;

/** What a block is checked against. All but OTHER_MINING_RIGHT read the current dataset of a layer. */
public enum OverlapRule {
    RED_LINE(LayerCode.RED_LINE),
    BASIC_FARMLAND(LayerCode.BASIC_FARMLAND),
    MOUNTAIN_PROTECTION(LayerCode.MOUNTAIN_PROTECTION),
    OTHER_MINING_RIGHT(null),
    PLANNED_ZONE(LayerCode.PLANNED_ZONE);

    private final LayerCode layer;

    OverlapRule(LayerCode layer) {
        this.layer = layer;
    }

    /** The layer the rule reads, or null for other mining-right blocks (the register itself). */
    public LayerCode layer() {
        return layer;
    }
}
