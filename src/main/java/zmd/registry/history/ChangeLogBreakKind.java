package zmd.registry.history;

/** What verification found wrong, in the order it looks: the chain first, then the register against it. */
public enum ChangeLogBreakKind {
    /** An entry's hash does not match its content. */
    CONTENT_CHANGED,
    /** An entry does not link to the hash of the one before it. */
    CHAIN_BROKEN,
    /** A position in the sequence is missing. */
    ENTRY_MISSING,
    /** A row differs from the after-image of its last entry, or has none. */
    ROW_MISMATCH
}
