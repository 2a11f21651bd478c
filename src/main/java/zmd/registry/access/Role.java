package zmd.registry.access;

/** Who is calling. The role decides what may be read and written, in the services that read the data. */
public enum Role {
    /** Natural-resources staff who keep the register. */
    STAFF_EDITOR,
    /** Staff with read access to everything, including unpublished planned blocks. */
    STAFF_VIEWER,
    /** An inspector or auditor (监督检查): reads what staff read, and the change and access logs; writes nothing. */
    AUDITOR,
    /** An auction platform (公共资源交易平台), named by its key. */
    PLATFORM,
    /** No key: the public, read-only view. */
    PUBLIC;

    public boolean isStaff() {
        return this == STAFF_EDITOR || this == STAFF_VIEWER || this == AUDITOR;
    }
}
