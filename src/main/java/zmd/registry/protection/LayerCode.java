package zmd.registry.protection;

/** The protected-land and planning layers (the {@code layer} table's codes). */
public enum LayerCode {
    RED_LINE("生态保护红线"),
    BASIC_FARMLAND("永久基本农田"),
    MOUNTAIN_PROTECTION("山体保护重点保护名录"),
    PLANNED_ZONE("规划开采区");

    private final String nameZh;

    LayerCode(String nameZh) {
        this.nameZh = nameZh;
    }

    public String nameZh() {
        return nameZh;
    }

    public static LayerCode parse(String code, String field) {
        try {
            return valueOf(code);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw zmd.registry.core.RegistryException.badInput(field, field + " must be one of RED_LINE, BASIC_FARMLAND, "
                    + "MOUNTAIN_PROTECTION, PLANNED_ZONE, got " + code);
        }
    }
}
