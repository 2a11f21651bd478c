package zmd.registry.parcel;

/** 开采方式 (schema MiningMethod, the CHECK list of mine_parcel.mining_method; base prices know the first two only). */
public enum MiningMethod {
    OPEN_PIT,
    UNDERGROUND,
    OPEN_PIT_AND_UNDERGROUND
}
