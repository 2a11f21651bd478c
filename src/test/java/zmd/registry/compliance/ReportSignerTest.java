package zmd.registry.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the key comes from: the data directory's (made once, owner-only) or the PKCS#8 file REPORT_SIGNING_KEY names. */
class ReportSignerTest {
    @Test
    void theDataDirectoryKeyIsMadeOnceAndKept(@TempDir Path dataDir) throws Exception {
        ReportSigner first = ReportSigner.fromEnv(Map.of(), dataDir);
        Path file = dataDir.resolve(ReportSigner.DEFAULT_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        ReportSigner again = ReportSigner.fromEnv(Map.of(), dataDir);
        assertEquals(first.fingerprint(), again.fingerprint(), "a restart signs with the same key");
        byte[] body = "{\"a\":\"1\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(first.sign(body), again.sign(body));
        assertTrue(again.verifies(body, first.sign(body)));
        assertFalse(ReportSigner.generate().verifies(body, first.sign(body)));
    }

    @Test
    void aNamedKeyIsReadAndAMissingOneRefusesToStart(@TempDir Path dir) {
        Path named = Path.of("src/test/resources/report-signing-test-key.pem");
        ReportSigner signer = ReportSigner.fromEnv(Map.of("REPORT_SIGNING_KEY", named.toString()), dir);
        assertEquals(signer.fingerprint(), ReportSigner.fingerprint(ReportSigner.publicKey(signer.publicKeyPem().getBytes(StandardCharsets.US_ASCII))));
        assertFalse(Files.exists(dir.resolve(ReportSigner.DEFAULT_FILE)), "no key is made when one is named");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ReportSigner.fromEnv(Map.of("REPORT_SIGNING_KEY", dir.resolve("none.pem").toString()), dir));
        assertTrue(e.getMessage().contains("REPORT_SIGNING_KEY"), e.getMessage());
    }
}
