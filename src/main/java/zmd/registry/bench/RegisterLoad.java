package zmd.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The register's own benchmark (make bench, issue 12), as a GraphQL client of a running server: a block with its
 * reserves and geometry read now and as of an instant in its history, and the two mutations the change log adds to,
 * updateMineParcel (each client editing blocks of its own, with their versions) and createListing (on PLANNED blocks
 * with no listing but withdrawn ones, each draft withdrawn again so that its block can take the next: a cycle of two mutations, of which the
 * createListing is timed). Prints one {@code BENCH} line per run: requests/s and latency percentiles.
 */
public final class RegisterLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String USAGE = "bench-register --url URL --viewer-key K --editor-key K --block ID [--clients 8] [--seconds 20]"
            + " [--warmup 10] [--runs reads,updates,listings]";

    private static final String READ = "query($id: ID!, $t: DateTime) { mineParcel(id: $id, asOf: $t) { id code name status version areaM2"
            + " reserves { mineral category quantity unit } designCapacities { mineral quantityPerYear unit } geometry } }";
    private static final String UPDATE = "mutation($id: ID!, $v: Int!, $p: MineParcelPatch!) { updateMineParcel(id: $id, version: $v, patch: $p) { version } }";
    private static final String CREATE = "mutation($in: ListingInput!) { createListing(input: $in) { id } }";
    private static final String WITHDRAW = "mutation($id: ID!) { withdrawListing(id: $id, reason: \"bench\") { status } }";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final URI graphql;

    private RegisterLoad(String url) {
        this.graphql = URI.create(url + "/graphql");
    }

    public static void command(List<String> args) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of("--clients", "8", "--seconds", "20", "--warmup", "10", "--runs", "reads,updates,listings"));
        for (int i = 0; i + 1 < args.size(); i += 2) {
            o.put(args.get(i), args.get(i + 1));
        }
        for (String required : List.of("--url", "--viewer-key", "--editor-key", "--block")) {
            if (!o.containsKey(required)) {
                throw new IllegalArgumentException(required + " is required; usage: " + USAGE);
            }
        }
        RegisterLoad load = new RegisterLoad(o.get("--url"));
        int clients = Integer.parseInt(o.get("--clients"));
        Duration run = Duration.ofSeconds(Long.parseLong(o.get("--seconds")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(o.get("--warmup")));
        List<String> runs = Arrays.asList(o.get("--runs").split(","));
        String viewer = o.get("--viewer-key");
        String editor = o.get("--editor-key");
        if (runs.contains("reads")) {
            String block = o.get("--block");
            OffsetDateTime then = load.midHistory(editor, block);
            Map<String, Object> now = Map.of("id", block);
            Map<String, Object> asOf = Map.of("id", block, "t", then.toString());
            load.reads("read_now", viewer, now, clients, warmup, run);
            load.reads("read_as_of", viewer, asOf, clients, warmup, run);
        }
        if (runs.contains("updates")) {
            load.updates(editor, clients, warmup, run);
        }
        if (runs.contains("listings")) {
            load.listings(editor, clients, warmup, run);
        }
    }

    /** An instant halfway through the block's history: between two of its entries. */
    private OffsetDateTime midHistory(String key, String block) throws IOException, InterruptedException {
        List<OffsetDateTime> times = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> vars = after == null ? Map.of("id", block) : Map.of("id", block, "after", after);
            JsonNode page = data(key, "query($id: ID!, $after: String) { mineParcel(id: $id) { history(first: 100, after: $after) {"
                    + " pageInfo { hasNextPage endCursor } nodes { at table } } } }", vars).at("/mineParcel/history");
            page.get("nodes").forEach(n -> {
                if (n.get("table").asText().equals("mine_parcel")) {
                    times.add(OffsetDateTime.parse(n.get("at").asText()));
                }
            });
            after = page.at("/pageInfo/hasNextPage").asBoolean() ? page.at("/pageInfo/endCursor").asText() : null;
        } while (after != null);
        if (times.size() < 2) {
            throw new IllegalStateException("block " + block + " has " + times.size() + " versions in the change log; make bench-data edits them");
        }
        // Newest first: the instant just after the middle version was written.
        return times.get(times.size() / 2).plusNanos(1000);
    }

    private void reads(String name, String key, Map<String, Object> variables, int clients, Duration warmup, Duration run) throws Exception {
        String body = JSON.writeValueAsString(Map.of("query", READ, "variables", variables));
        JsonNode sample = data(key, READ, variables).get("mineParcel");
        if (sample == null || sample.isNull() || sample.get("reserves").isEmpty()) {
            throw new IllegalStateException(name + ": the block read is " + sample + "; a block with reserves is needed");
        }
        Work work = client -> post(key, body);
        drive(null, clients, warmup, work);
        report(name, drive(name, clients, run, work));
    }

    private void updates(String key, int clients, Duration warmup, Duration run) throws Exception {
        JsonNode nodes = data(key, "{ mineParcels(filter: {status: [PLANNED]}, first: 200) { nodes { id version } } }", Map.of()).at("/mineParcels/nodes");
        if (nodes.size() < clients) {
            throw new IllegalStateException("updates: " + nodes.size() + " PLANNED blocks for " + clients + " clients; each client needs blocks of its own");
        }
        List<List<String[]>> own = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            own.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            own.get(i % clients).add(new String[] {nodes.get(i).get("id").asText(), nodes.get(i).get("version").asText()});
        }
        AtomicLong counter = new AtomicLong();
        Work work = client -> {
            List<String[]> mine = own.get(client);
            String[] block = mine.get((int) (counter.incrementAndGet() % mine.size()));
            String life = (counter.get() % 2 == 0) ? "12.5" : "13.5";
            JsonNode r = JSON.readTree(post(key, JSON.writeValueAsString(Map.of("query", UPDATE,
                    "variables", Map.of("id", block[0], "v", Integer.parseInt(block[1]), "p", Map.of("serviceLifeYears", life))))));
            JsonNode v = r.at("/data/updateMineParcel/version");
            if (!v.isInt()) {
                throw new IllegalStateException("updateMineParcel: " + r);
            }
            block[1] = v.asText();
            return null;
        };
        drive(null, clients, warmup, work);
        report("update_mine_parcel", drive("update_mine_parcel", clients, run, work));
    }

    private void listings(String key, int clients, Duration warmup, Duration run) throws Exception {
        ConcurrentLinkedQueue<String> free = new ConcurrentLinkedQueue<>();
        String after = null;
        do {
            Map<String, Object> vars = after == null ? Map.of() : Map.of("after", after);
            JsonNode page = data(key, "query($after: String) { mineParcels(filter: {status: [PLANNED]}, first: 200, after: $after) {"
                    + " pageInfo { hasNextPage endCursor } nodes { id listings { status } } } }", vars).get("mineParcels");
            page.get("nodes").forEach(n -> {
                // Free: never listed, or every draft withdrawn (an earlier run's, as each run withdraws its own).
                boolean unlisted = true;
                for (JsonNode l : n.get("listings")) {
                    unlisted &= "WITHDRAWN".equals(l.get("status").asText());
                }
                if (unlisted) {
                    free.add(n.get("id").asText());
                }
            });
            after = page.at("/pageInfo/hasNextPage").asBoolean() ? page.at("/pageInfo/endCursor").asText() : null;
        } while (after != null);
        int pool = free.size();
        LocalDate today = LocalDate.now(ZoneOffset.ofHours(8));
        OffsetDateTime start = today.plusDays(30).atTime(9, 0).atOffset(ZoneOffset.ofHours(8));
        AtomicLong withdrawNanos = new AtomicLong();
        java.util.concurrent.atomic.AtomicInteger out = new java.util.concurrent.atomic.AtomicInteger();
        Work work = client -> {
            String block = free.poll();
            while (block == null) {
                // Every block is out with another client: wait for one to come back, or stop if none will.
                if (out.get() == 0) {
                    return Work.EXHAUSTED;
                }
                Thread.sleep(1);
                block = free.poll();
            }
            out.incrementAndGet();
            String taken = block;
            Map<String, Object> in = Map.of("parcelId", taken, "method", "LISTING", "startPriceYuan", "90000000.00", "depositYuan", "1000000.00",
                    "bidIncrementYuan", "100000.00", "announcementDate", today.toString(), "biddingStart", start.toString(),
                    "biddingEnd", start.plusDays(10).toString(), "conditions", "bench");
            JsonNode r;
            try {
                r = JSON.readTree(post(key, JSON.writeValueAsString(Map.of("query", CREATE, "variables", Map.of("in", in)))));
            } catch (IOException e) {
                free.add(taken);
                out.decrementAndGet();
                throw e;
            }
            if (!r.at("/data/createListing/id").isTextual()) {
                throw new IllegalStateException("createListing: " + r);
            }
            return (Runnable) () -> {
                long t = System.nanoTime();
                try {
                    post(key, JSON.writeValueAsString(Map.of("query", WITHDRAW, "variables", Map.of("id", r.at("/data/createListing/id").asText()))));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException("withdrawListing: " + e.getMessage(), e);
                } finally {
                    out.decrementAndGet();
                }
                free.add(taken);
                withdrawNanos.addAndGet(System.nanoTime() - t);
            };
        };
        drive(null, clients, warmup, work);
        withdrawNanos.set(0);
        Result r = drive("create_listing", clients, run, work);
        report("create_listing", r);
        System.out.printf(Locale.ROOT, "# create_listing: %d blocks without a listing (or only withdrawn ones), each draft withdrawn after (untimed: %.0f ms per withdrawal);"
                + " create_listing req/s counts createListing calls per second of the whole cycle%n", pool, withdrawNanos.get() / 1e6 / Math.max(1, r.nanos().length));
    }

    @FunctionalInterface
    private interface Work {
        Object EXHAUSTED = new Object();

        /**
         * One request of a client; {@link #EXHAUSTED} when there is nothing left to do, or a {@link Runnable} to run
         * after the request's time is taken (its untimed follow-up).
         */
        Object call(int client) throws Exception;
    }

    private record Result(long[] nanos, long errors, double seconds) {
    }

    /** Runs the clients for the duration (or until the work is exhausted); latencies of the requests that completed. */
    private Result drive(String name, int clients, Duration duration, Work work) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        long begin = System.nanoTime();
        AtomicLong errors = new AtomicLong();
        AtomicLong finished = new AtomicLong(begin);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    long[] lat = new long[1024];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        Object outcome;
                        long took;
                        try {
                            outcome = work.call(client);
                            took = System.nanoTime() - t;
                            if (outcome == Work.EXHAUSTED) {
                                break;
                            }
                            if (outcome instanceof Runnable followUp) {
                                followUp.run();
                            }
                        } catch (Exception e) {
                            if (errors.incrementAndGet() <= 3) {
                                System.err.println((name == null ? "warm-up" : name) + ": " + e.getMessage());
                            }
                            continue;
                        }
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = took;
                    }
                    finished.accumulateAndGet(System.nanoTime(), Math::max);
                    return Arrays.copyOf(lat, n);
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> f : futures) {
                all.add(f.get());
            }
            long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(merged, errors.get(), (finished.get() - begin) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Prints the run's line; a run with errors, or with nothing measured, fails the benchmark after printing it. */
    private static void report(String name, Result r) {
        long[] s = r.nanos();
        System.out.printf(Locale.ROOT, "BENCH name=%s requests=%d seconds=%.1f rps=%.1f p50=%.2f p95=%.2f p99=%.2f errors=%d%n", name, s.length,
                r.seconds(), s.length / r.seconds(), ms(s, 0.50), ms(s, 0.95), ms(s, 0.99), r.errors());
        if (r.errors() > 0 || s.length == 0) {
            throw new IllegalStateException(name + ": " + r.errors() + " failed requests, " + s.length + " measured (see the messages above)");
        }
    }

    private static double ms(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private String post(String key, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(graphql).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.body().contains("\"errors\"")) {
            throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private JsonNode data(String key, String query, Map<String, Object> variables) throws IOException, InterruptedException {
        return JSON.readTree(post(key, JSON.writeValueAsString(Map.of("query", query, "variables", variables)))).get("data");
    }
}
