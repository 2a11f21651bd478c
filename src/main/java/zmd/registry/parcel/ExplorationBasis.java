package zmd.registry.parcel;

/** What was done to know a block (schema ExplorationBasis, the CHECK list of mine_parcel.basis). */
public enum ExplorationBasis {
    /** 经勘查. */
    EXPLORED,
    /** 野外踏勘. */
    RECONNAISSANCE
}
