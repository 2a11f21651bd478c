package zmd.registry.compliance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * Checks a report against a public key: the signature over the exact bytes of the body, and, for a report file
 * (the envelope {@link #envelope} writes), the body re-written canonically with its digest and key named.
 */
public final class ReportVerifier {
    public static final String ENVELOPE_FORMAT = "zmd-registry/compliance-report-file/v1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private ReportVerifier() {
    }

    /** {@code valid} only when the key signed exactly these bytes; {@code reason} says what was found either way. */
    public record Result(boolean valid, String reason, String keyFingerprint, String sha256) {
    }

    public static Result verify(PublicKey key, byte[] body, String signature) {
        String fingerprint = ReportSigner.fingerprint(key);
        String sha = ComplianceService.sha256(body);
        if (ReportSigner.verifies(key, body, signature)) {
            return new Result(true, "the signature is valid: key " + fingerprint + " signed exactly these bytes", fingerprint, sha);
        }
        return new Result(false, whyNot(body, signature, fingerprint), fingerprint, sha);
    }

    private static String whyNot(byte[] body, String signature, String fingerprint) {
        if (!signature.strip().matches("[A-Za-z0-9+/]{86}==")) {
            return "the signature is not a base64 Ed25519 signature (64 bytes)";
        }
        try {
            byte[] canonical = CanonicalJson.bytes(JSON.readTree(body));
            if (!Arrays.equals(canonical, body)) {
                return "the report is not in canonical form (spacing, key order or escapes differ from the signed bytes);"
                        + " verify the exact text served, or a report file with verify-report";
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            return "the report is not a canonical report body: " + e.getMessage().lines().findFirst().orElse("");
        }
        return "the signature does not match: the report was changed after signing, or key " + fingerprint + " did not sign it";
    }

    /** A report file: the body (as a JSON object), its signature, digest and key, and when it was generated. */
    public static String envelope(ComplianceRepository.Stored report) {
        // The body is put in as its own bytes, so the file shows exactly what was signed.
        return "{\"format\":\"" + ENVELOPE_FORMAT + "\",\"id\":\"" + report.id() + "\",\"generatedAt\":\"" + report.createdAt().toInstant()
                + "\",\"generatedBy\":" + quote(report.createdBy()) + ",\"keyFingerprint\":\"" + report.keyFingerprint()
                + "\",\"sha256\":\"" + report.sha256() + "\",\"signature\":\"" + report.signature() + "\",\"report\":" + report.body() + "}";
    }

    /** Verifies a report file: its body written canonically, its signature, and the digest and key it names. */
    public static Result verifyFile(PublicKey key, byte[] file) {
        JsonNode envelope;
        try {
            envelope = JSON.readTree(file);
        } catch (java.io.IOException e) {
            return new Result(false, "the file is not JSON: " + e.getMessage().lines().findFirst().orElse(""), ReportSigner.fingerprint(key), null);
        }
        if (envelope == null || !envelope.path("report").isObject() || !envelope.path("signature").isTextual()) {
            return new Result(false, "not a report file: it needs a report object and a signature string", ReportSigner.fingerprint(key), null);
        }
        byte[] body;
        try {
            body = CanonicalJson.bytes(envelope.get("report"));
        } catch (IllegalArgumentException e) {
            return new Result(false, "the report is not a canonical report body: " + e.getMessage(), ReportSigner.fingerprint(key), null);
        }
        Result r = verify(key, body, envelope.get("signature").asText());
        String claimedSha = envelope.path("sha256").asText(null);
        if (r.valid() && claimedSha != null && !claimedSha.equals(r.sha256())) {
            return new Result(false, "the signature is valid but the file's sha256 " + claimedSha + " is not the body's " + r.sha256(),
                    r.keyFingerprint(), r.sha256());
        }
        String claimedKey = envelope.path("keyFingerprint").asText(null);
        if (!r.valid() && claimedKey != null && !claimedKey.equals(r.keyFingerprint())) {
            return new Result(false, r.reason() + " (the file names key " + claimedKey + ", not this one)", r.keyFingerprint(), r.sha256());
        }
        return r;
    }

    private static String quote(String s) {
        return new String(CanonicalJson.bytes(s), StandardCharsets.UTF_8);
    }
}
