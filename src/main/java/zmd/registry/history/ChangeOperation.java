package zmd.registry.history;

/** What a write did to a row (change_log.operation). */
public enum ChangeOperation {
    INSERT,
    UPDATE,
    DELETE
}
