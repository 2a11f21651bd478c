package zmd.registry.access;

import java.util.Collection;
import java.util.UUID;
import org.locationtech.jts.geom.Envelope;
import zmd.registry.core.Author;
import zmd.registry.core.RegistryException;

/**
 * The authenticated caller of one request. {@code keyId} is null for the public and for the system itself;
 * {@code requestId} names the request (its X-Request-Id) in the change and access logs, null outside a request;
 * {@code reads} gathers the sensitive coordinates the request returns, for the access log (null outside a request:
 * the server's own reads, at the command line or for demo data, are not a caller's).
 */
public record Caller(Role role, UUID keyId, String name, String requestId, AccessRecord reads) implements Author {
    public Caller(Role role, UUID keyId, String name) {
        this(role, keyId, name, null, null);
    }

    public static final Caller PUBLIC = new Caller(Role.PUBLIC, null, "public");
    /** The server itself (demo data, command line), with editor rights. */
    public static final Caller SYSTEM = new Caller(Role.STAFF_EDITOR, null, "system");

    /** A staff member at the server's command line, named by their login (recorded as importer). */
    public static Caller commandLine() {
        return new Caller(Role.STAFF_EDITOR, null, "command line (" + System.getProperty("user.name") + ")");
    }

    /** This caller, making the request named {@code requestId}, with nothing read yet. */
    public Caller withRequestId(String requestId) {
        return new Caller(role, keyId, name, requestId, new AccessRecord());
    }

    /**
     * This caller for the server's own reads on its behalf, whose coordinates do not leave the server (the report the
     * announce gate checks): nothing they read is recorded.
     */
    public Caller unrecorded() {
        return new Caller(role, keyId, name, requestId, null);
    }

    /** Records that the answer holds coordinates of these PLANNED blocks (see {@link AccessRecord}). */
    public void readPlannedBlocks(Collection<UUID> ids) {
        if (reads != null && !ids.isEmpty()) {
            reads.plannedBlocks(ids);
        }
    }

    /**
     * Records that the answer holds features of a protected layer (a LayerCode name) within {@code extent}, in EPSG:4490
     * or EPSG:4547 ({@code srid}); null if unknown.
     */
    public void readLayer(String code, Envelope extent, int srid) {
        if (reads != null) {
            reads.layer(code, extent, srid);
        }
    }

    /** Names what the request asked for, in the access log's detail (kept only if it reads something sensitive). */
    public void readDetail(String what) {
        if (reads != null) {
            reads.detail(what);
        }
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
            throw RegistryException.forbidden(action + " needs a staff key (STAFF_EDITOR, STAFF_VIEWER or AUDITOR); this request has role " + role);
        }
    }

    /** The change log and the access log are for inspectors: neither editors nor viewers read who read what. */
    public void requireAuditor(String action) {
        if (role != Role.AUDITOR) {
            throw RegistryException.forbidden(action + " needs an API key with role AUDITOR; this request is "
                    + (role == Role.PUBLIC ? "anonymous (no Authorization: Bearer key)" : "made with role " + role));
        }
    }
}
