package zmd.registry.ogc.clients;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import zmd.registry.TestServer;

/**
 * A GIS client (ogrinfo, ogr2ogr, Debian's python3 with OWSLib or PyQGIS) run as a child process with a timeout. A run that
 * fails, or outlives its timeout, fails the test with the command and everything the client printed.
 */
final class ClientProcess {
    /** Debian's python3: it has python3-owslib; the python3 on PATH may be another one without it. */
    static final String PYTHON = "/usr/bin/python3";

    private ClientProcess() {
    }

    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** The command and its output, for an assertion message. */
        String describe() {
            return "$ " + String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout ---\n" + clip(stdout) + "\n--- stderr ---\n" + clip(stderr);
        }

        private static String clip(String s) {
            return s.length() <= 20_000 ? s : s.substring(0, 10_000) + "\n[… " + (s.length() - 20_000) + " characters …]\n" + s.substring(s.length() - 10_000);
        }
    }

    /**
     * Skips the test when {@code what} is not installed, unless the environment says CI: there a missing client
     * fails, since scripts/ensure-deps.sh (make test) installs it.
     */
    static void requireInstalled(boolean installed, String what, String debianPackage) {
        if (installed) {
            return;
        }
        String ci = System.getenv("CI");
        String message = what + " is not installed (Debian package " + debianPackage + "; make test installs it through scripts/ensure-deps.sh)";
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0")) {
            fail(message + ", and CI=" + ci + " says it must be");
        }
        Assumptions.abort(message);
    }

    /** Whether an executable of this name is on PATH. */
    static boolean onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }

    /** Whether Debian's python3 can import this module. */
    static boolean importable(String module) {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the command to its end and returns what it printed, whatever its exit code. */
    static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        // The clients talk to the test server on 127.0.0.1 only; a proxy from the environment must not get between.
        for (String proxy : List.of("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy")) {
            pb.environment().remove(proxy);
        }
        // Nor a key a developer exported for the README's examples: a client run without one must be anonymous.
        for (String secret : List.of("REGISTRY_KEY", "GDAL_HTTP_HEADERS", "GDAL_HTTP_AUTH", "GDAL_HTTP_USERPWD")) {
            pb.environment().remove(secret);
        }
        pb.environment().put("NO_PROXY", "127.0.0.1,localhost");
        pb.environment().put("no_proxy", "127.0.0.1,localhost");
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // nothing to tell a client that reads no input
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        out.start();
        err.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                out.join(5000);
                err.join(5000);
                fail("timed out after " + timeout.toSeconds() + " s:\n" + new Result(command, -1, out.text(), err.text()).describe());
            }
            out.join();
            err.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while " + command + " ran", e);
        }
        return new Result(List.copyOf(command), p.exitValue(), out.text(), err.text());
    }

    /** Runs the command and fails the test with its output unless it exits with 0. */
    static Result ok(List<String> command, Map<String, String> env, Duration timeout) {
        Result r = run(command, env, timeout);
        if (r.exitCode() != 0) {
            fail("the client failed:\n" + r.describe());
        }
        return r;
    }

    /**
     * Runs one of the test's Python clients with Debian's python3 and returns the JSON document it prints last on
     * stdout; fails the test with everything it printed when it exits non-zero, prints no JSON, or reports an
     * {@code error}. {@code key}, if any, reaches the script as REGISTRY_KEY.
     */
    static JsonNode python(String client, Path script, List<String> args, String key, Map<String, String> moreEnv, Duration timeout) {
        List<String> command = cmd(PYTHON, script.toString());
        command.addAll(args);
        Map<String, String> env = new HashMap<>(moreEnv);
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        if (key != null) {
            env.put("REGISTRY_KEY", key);
        }
        Result r = run(command, env, timeout);
        JsonNode out;
        try {
            String[] lines = r.stdout().strip().split("\n");
            out = TestServer.JSON.readTree(lines[lines.length - 1]);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(client + " printed no JSON:\n" + r.describe(), e);
        }
        if (r.exitCode() != 0 || out == null || out.has("error")) {
            fail(client + " failed:\n" + r.describe());
        }
        return out;
    }

    static List<String> cmd(String... parts) {
        return new ArrayList<>(List.of(parts));
    }

    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buffer);
            } catch (IOException ignored) {
                // the process is gone; what was read is kept
            }
        }

        String text() {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
