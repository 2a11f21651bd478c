package zmd.registry.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import zmd.registry.db.TestDatabase;

/**
 * A real registry server in a child JVM over a {@link TestDatabase} of the test JVM, restarted when a request
 * took it down. The child's heap is small on purpose: a request that needs gigabytes fails in seconds.
 */
final class ForkedServer implements AutoCloseable {
    /** Longer than any honest request on demo data; a request past it counts as a failure. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Answers are read up to this size: a larger one is a failure (one hostile number made a 1 GB answer). */
    static final int MAX_ANSWER_BYTES = 8 << 20;

    record Answer(int status, String contentType, String body, long millis, String failure) {
    }

    private final TestDatabase db;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int port;
    String editorKey;
    String viewerKey;
    String platformKey;
    int starts;

    ForkedServer(TestDatabase db) {
        this.db = db;
        start(true);
    }

    private void start(boolean demo) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-Xss1m", "-cp", System.getProperty("java.class.path"),
                ForkedServerMain.class.getName(), db.jdbcUrl(), db.user(), db.password()));
        if (demo) {
            cmd.add("demo");
        }
        try {
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
                // Log lines before the server is up are of no interest here.
            }
            if (line == null) {
                throw new IllegalStateException("the forked server exited before it was ready: " + process.waitFor());
            }
            String[] f = line.split(" ");
            port = Integer.parseInt(f[1]);
            editorKey = f[2];
            viewerKey = f[3];
            platformKey = f[4];
            starts++;
            Thread drain = new Thread(() -> drain(process.getInputStream()), "fuzz-server-stdout");
            drain.setDaemon(true);
            drain.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void drain(InputStream in) {
        try (in) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // The child is gone: nothing left to drain.
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Sends the request; a timeout, a reset connection or an oversized answer comes back as a failure text. */
    Answer send(HttpRequest.Builder request) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<InputStream> r = http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (body.length > MAX_ANSWER_BYTES) {
                return new Answer(r.statusCode(), type, "", ms, "answer larger than " + MAX_ANSWER_BYTES + " bytes");
            }
            return new Answer(r.statusCode(), type, new String(body, StandardCharsets.UTF_8), ms, null);
        } catch (HttpTimeoutException e) {
            return new Answer(0, "", "", (System.nanoTime() - t0) / 1_000_000, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return new Answer(0, "", "", (System.nanoTime() - t0) / 1_000_000, "connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * After a failed request: whether the server still answers a trivial query within 5 s; if not it is
     * restarted (keeping the database) so the suite goes on, and false is returned.
     */
    boolean aliveOrRestarted() {
        HttpRequest.Builder ping = HttpRequest.newBuilder(URI.create(url("/graphql")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"{__typename}\"}"))
                .timeout(Duration.ofSeconds(5));
        try {
            HttpResponse<String> r = http.send(ping.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && process.isAlive()) {
                return true;
            }
        } catch (IOException e) {
            // Down: restarted below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        stop();
        start(false);
        return false;
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

}
