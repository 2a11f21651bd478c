package zmd.registry.compliance;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

/**
 * {@code verify-report FILE [--public-key KEY.pem]}: checks a report file (as /reports/{id}.json serves it) without
 * the database. The key is the one given, else this installation's signing key (REPORT_SIGNING_KEY, or the data
 * directory's, never created here). Exit 0 valid, 1 not valid, 2 usage or unreadable input.
 */
public final class VerifyReportCommand {
    public static final String USAGE = "verify-report FILE.json [--public-key KEY.pem]";

    private VerifyReportCommand() {
    }

    public static int run(List<String> args, Map<String, String> env, Path dataDir, PrintStream out, PrintStream err) {
        Path file = null;
        Path keyFile = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--public-key") && i + 1 < args.size()) {
                keyFile = Path.of(args.get(++i));
            } else if (file == null && !args.get(i).startsWith("--")) {
                file = Path.of(args.get(i));
            } else {
                err.println("usage: registry.jar " + USAGE);
                return 2;
            }
        }
        if (file == null) {
            err.println("usage: registry.jar " + USAGE);
            return 2;
        }
        PublicKey key;
        byte[] content;
        try {
            key = keyFile != null ? ReportSigner.publicKey(Files.readAllBytes(keyFile)) : ownKey(env, dataDir);
            content = Files.readAllBytes(file);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println(e.getMessage());
            return 2;
        }
        ReportVerifier.Result r = ReportVerifier.verifyFile(key, content);
        (r.valid() ? out : err).println((r.valid() ? "VALID: " : "NOT VALID: ") + r.reason());
        out.println("key " + r.keyFingerprint() + (r.sha256() == null ? "" : ", body sha256 " + r.sha256()));
        return r.valid() ? 0 : 1;
    }

    private static PublicKey ownKey(Map<String, String> env, Path dataDir) {
        String named = env.get("REPORT_SIGNING_KEY");
        Path file = named != null && !named.isBlank() ? Path.of(named) : dataDir.resolve(ReportSigner.DEFAULT_FILE);
        if (!Files.exists(file)) {
            throw new IllegalStateException("no signing key at " + file + ": give the server's public key with --public-key"
                    + " (GET /reports/public-key)");
        }
        return ReportSigner.load(file).publicKey();
    }
}
