package zmd.registry.compliance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ed25519 signatures over canonical report bodies. The key is a PKCS#8 file (PEM or DER): the one REPORT_SIGNING_KEY
 * names, else {@code report-signing-key.pem} in the data directory, created on first use (owner-only) so that a
 * private server signs with the same key across restarts. The fingerprint is the hex SHA-256 of the public key's
 * X.509 SubjectPublicKeyInfo: what reports and printed copies name.
 */
public final class ReportSigner {
    public static final String DEFAULT_FILE = "report-signing-key.pem";
    private static final String PEM_PRIVATE = "PRIVATE KEY";
    private static final String PEM_PUBLIC = "PUBLIC KEY";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String fingerprint;

    private ReportSigner(KeyPair pair) {
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
        this.fingerprint = fingerprint(publicKey);
    }

    /** The key REPORT_SIGNING_KEY names (which must exist), else the data directory's, created when missing. */
    public static ReportSigner fromEnv(Map<String, String> env, Path dataDir) {
        String named = env.get("REPORT_SIGNING_KEY");
        if (named != null && !named.isBlank()) {
            return load(Path.of(named));
        }
        return loadOrCreate(dataDir.resolve(DEFAULT_FILE));
    }

    public static ReportSigner load(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the report signing key " + file + " (REPORT_SIGNING_KEY): " + e.getMessage(), e);
        }
        try {
            return new ReportSigner(pairOf(privateKey(content)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the report signing key " + file + " is not an Ed25519 PKCS#8 key: " + e.getMessage(), e);
        }
    }

    /** Loads {@code file}, or writes a new key there first; two processes racing to create it end with one key. */
    public static ReportSigner loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".report-key", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, pem(PEM_PRIVATE, pair.getPrivate().getEncoded()), StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException lost) {
                    // Another process made one first: use theirs.
                } finally {
                    Files.delete(tmp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the report signing key " + file, e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK cannot generate Ed25519 keys", e);
            }
        }
        return load(file);
    }

    /** A fresh key kept in memory only (tests). */
    public static ReportSigner generate() {
        try {
            return new ReportSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate Ed25519 keys", e);
        }
    }

    /** Base64 Ed25519 signature of {@code body}; deterministic (RFC 8032), so the same body gets the same signature. */
    public String sign(byte[] body) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(body);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the report key", e);
        }
    }

    /** Whether {@code signature} (base64) is this key's over {@code body}; false for malformed base64 too. */
    public boolean verifies(byte[] body, String signature) {
        return verifies(publicKey, body, signature);
    }

    static boolean verifies(PublicKey key, byte[] body, String signature) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(body);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public String fingerprint() {
        return fingerprint;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String publicKeyPem() {
        return pem(PEM_PUBLIC, publicKey.getEncoded());
    }

    /** The public key as a JWK (RFC 8037: OKP, Ed25519, x = the raw 32-byte key), kid = the fingerprint. */
    public Map<String, String> publicKeyJwk() {
        byte[] spki = publicKey.getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        jwk.put("kid", fingerprint);
        jwk.put("use", "sig");
        jwk.put("alg", "EdDSA");
        return jwk;
    }

    /** A public key from PEM or DER X.509 SubjectPublicKeyInfo (for verifying with someone else's key). */
    public static PublicKey publicKey(byte[] content) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(content, PEM_PUBLIC)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public static String fingerprint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey(byte[] content) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(content, PEM_PRIVATE)));
    }

    /**
     * The JDK derives no public key from a private one; its generator computes the pair from 32 random bytes, so
     * feeding it the private key's seed as its randomness gives the matching public key (checked below).
     */
    private static KeyPair pairOf(PrivateKey key) throws GeneralSecurityException {
        byte[] seed = ((EdECPrivateKey) key).getBytes().orElseThrow(() -> new GeneralSecurityException("the private key has no bytes"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        });
        KeyPair pair = g.generateKeyPair();
        byte[] check = new byte[] {1, 2, 3};
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(check);
        byte[] sig = s.sign();
        s.initVerify(pair.getPublic());
        s.update(check);
        if (!s.verify(sig)) {
            throw new GeneralSecurityException("could not derive the public key of the private key");
        }
        return new KeyPair(pair.getPublic(), key);
    }

    private static byte[] der(byte[] content, String label) {
        String text = new String(content, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        int start = text.indexOf(begin);
        if (start < 0) {
            return content;
        }
        int end = text.indexOf("-----END " + label + "-----", start);
        if (end < 0) {
            throw new IllegalArgumentException("PEM without its END line");
        }
        return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
