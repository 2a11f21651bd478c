package zmd.registry.access;

import java.util.UUID;
import zmd.registry.core.RegistryException;

/** The authenticated caller of one request. {@code keyId} is null for the public and for the system itself. */
public record Caller(Role role, UUID keyId, String name) {
    public static final Caller PUBLIC = new Caller(Role.PUBLIC, null, "public");
    /** The server itself (demo data, command line), with editor rights. */
    public static final Caller SYSTEM = new Caller(Role.STAFF_EDITOR, null, "system");

    /** A staff member at the server's command line, named by their login (recorded as importer). */
    public static Caller commandLine() {
        return new Caller(Role.STAFF_EDITOR, null, "command line (" + System.getProperty("user.name") + ")");
    }

    public boolean isStaff() {
        return role.isStaff();
    }

    public void requireEditor(String action) {
        if (role != Role.STAFF_EDITOR) {
            throw RegistryException.forbidden(action + " needs an API key with role STAFF_EDITOR; this request is "
                    + (role == Role.PUBLIC ? "anonymous (no Authorization: Bearer key)" : "made with role " + role));
        }
    }

    public void requireStaff(String action) {
        if (!isStaff()) {
            throw RegistryException.forbidden(action + " needs a staff key (STAFF_EDITOR or STAFF_VIEWER); this request has role " + role);
        }
    }
}
