package zmd.registry.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.language.AstPrinter;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.SourceLocation;
import graphql.parser.Parser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import zmd.registry.Registry;
import zmd.registry.TestServer;

/**
 * Golden contract tests of the GraphQL API, in the style of OpenTripPlanner's snapshot tests: every document under
 * {@code src/test/resources/graphql/<feature>/<name>.graphql} is sent over HTTP to a server with the demo data, once
 * per caller (no key, the platform, viewer and editor keys of {@link TestServer}), and each whole response (data and
 * errors), normalised, must equal {@code <name>.<caller>.json} beside it.
 *
 * <ul>
 * <li>A missing expectation is written into the source tree and the test fails, so that a person reviews it.
 * {@code -Dgolden.update=true} rewrites every expectation that differs (and deletes orphans) instead of failing.</li>
 * <li>Every caller meets the state its document needs as prepared: the demo data as loaded, plus the document's setup
 * if it has one. Servers are reused while their register is unchanged (read back after every mutation), and a server
 * whose register a caller changed is retired, so the next caller gets a fresh one. Callers run in the order public,
 * platform, viewer, editor (then any extra caller). Queries are sent twice per caller, the second time with the
 * server's direct JSON writing off (graphql-java builds the whole answer); both answers must match the expectation.
 * {@code # golden: writes-nothing} on a mutation (a refusal) also fails the test if any caller changed the
 * register.</li>
 * <li>What varies from run to run is normalised before comparing and writing: see {@link Normalizer}.</li>
 * </ul>
 *
 * <p>Beside a document, optionally: {@code <name>.variables.json} (variables), {@code <name>.setup.graphql} (run once
 * per server with the editor key before the callers, must succeed), {@code <name>.imports/} (the server's import
 * directory, for importLayer by path). In documents and variables, {@code ${...}} is replaced before sending: see
 * {@link Placeholders}. Directives are comment lines {@code # golden: <directive>} in the document.
 */
class GoldenContractTest {
    static final Path ROOT = Path.of("src", "test", "resources", "graphql");
    static final Path SCHEMA = Path.of("schema");
    static final Path README = Path.of("README.md");
    static final boolean UPDATE = Boolean.getBoolean("golden.update");
    /** The zone the demo data's dates are relative to (the register's, China Standard Time). */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** The callers, in the order they run on a mutation's server. */
    enum Who {
        PUBLIC("public"), PLATFORM("platform"), VIEWER("viewer"), EDITOR("editor"),
        /** Only for documents that ask for it ({@code # golden: caller unknown-key}): a well-formed key nobody holds. */
        UNKNOWN_KEY("unknown-key");

        final String file;

        Who(String file) {
            this.file = file;
        }

        String key(TestServer server) {
            return switch (this) {
                case PUBLIC -> null;
                case PLATFORM -> server.platformKey;
                case VIEWER -> server.viewerKey;
                case EDITOR -> server.editorKey;
                case UNKNOWN_KEY -> "mrr_goldenContractTestUnknownKey0000000000";
            };
        }

        static final List<Who> ALWAYS = List.of(PUBLIC, PLATFORM, VIEWER, EDITOR);
    }

    /** One golden document and what lies beside it. */
    record Doc(String feature, String name, Path file, String text, boolean mutation, Set<String> directives) {
        Path sibling(String suffix) {
            return file.resolveSibling(name + suffix);
        }

        Path expected(Who who) {
            return sibling("." + who.file + ".json");
        }

        List<Who> callers() {
            List<Who> out = new ArrayList<>(Who.ALWAYS);
            for (Who extra : Who.values()) {
                if (!Who.ALWAYS.contains(extra) && directives.contains("caller " + extra.file)) {
                    out.add(extra);
                }
            }
            return out;
        }

        String id() {
            return feature + "/" + name;
        }
    }

    /** A mutation that must write nothing for any caller (a refusal): checked, and the test fails if it did. */
    static final String WRITES_NOTHING = "writes-nothing";
    /** A document that is not GraphQL on purpose (a parse error is what it pins): sent as a query, never parsed here. */
    static final String UNPARSED = "unparsed";
    private static final Pattern DIRECTIVE = Pattern.compile("^\\s*#\\s*golden:\\s*(.+?)\\s*$", Pattern.MULTILINE);

    static List<Doc> documents() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            List<Doc> docs = new ArrayList<>();
            for (Path file : files.filter(p -> p.toString().endsWith(".graphql") && !p.toString().endsWith(".setup.graphql"))
                    .sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - ".graphql".length());
                String feature = ROOT.relativize(file.getParent()).toString().replace('\\', '/');
                Set<String> directives = new LinkedHashSet<>();
                Matcher m = DIRECTIVE.matcher(text);
                while (m.find()) {
                    directives.add(m.group(1));
                }
                boolean mutation = false;
                if (!directives.contains(UNPARSED)) {
                    List<OperationDefinition> ops = Parser.parse(Placeholders.blank(text)).getDefinitionsOfType(OperationDefinition.class);
                    if (ops.size() != 1) {
                        throw new IllegalStateException(file + ": one operation per golden document, found " + ops.size());
                    }
                    mutation = ops.getFirst().getOperation() == OperationDefinition.Operation.MUTATION;
                }
                docs.add(new Doc(feature, name, file, text, mutation, directives));
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Servers

    /** A server with the demo data, the day its data is relative to, and what was looked up on it. */
    static final class Env implements AutoCloseable {
        final TestServer server;
        final LocalDate today;
        final Placeholders placeholders;
        /** The register as set up (see {@link #FINGERPRINT}). */
        JsonNode fingerprint;

        Env(TestServer server) {
            this.server = server;
            this.today = LocalDate.now(ZONE);
            this.placeholders = new Placeholders(server, today);
        }

        static Env demo(Doc doc) {
            Path imports = doc == null ? null : doc.sibling(".imports");
            if (imports != null && Files.isDirectory(imports)) {
                // The one thing the HTTP API cannot be told: where importLayer(path:) reads from.
                Path dir = imports.toAbsolutePath();
                return new Env(TestServer.withDemoData(db -> new Registry(db, dir)));
            }
            return new Env(TestServer.withDemoData());
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /**
     * Servers by the state they hold: the demo data as loaded (key ""), or that plus a setup document (and import
     * directory). A server is used for as long as nothing changes its register; a caller's request that changes it
     * retires the server, so every caller of every document meets its state as prepared. Whether the register changed
     * is read with {@link #FINGERPRINT} after every mutation.
     */
    private static final Map<String, Env> SERVERS = new HashMap<>();

    /** The server in the state the document needs (queries: the demo data), set up if there is none. */
    static synchronized Env acquire(Doc doc) {
        String key = stateKey(doc);
        Env env = SERVERS.get(key);
        if (env == null) {
            env = Env.demo(doc);
            try {
                setup(env, doc);
                env.fingerprint = fingerprint(env);
            } catch (RuntimeException | Error e) {
                env.close();
                throw e;
            }
            SERVERS.put(key, env);
        }
        return env;
    }

    /** Whether the register of the server changed since it was set up; if so the server is retired. */
    static synchronized boolean retireIfChanged(Doc doc, Env env, List<String> changes) {
        JsonNode now = fingerprint(env);
        if (now.equals(env.fingerprint)) {
            return false;
        }
        changes.add(Diff.firstDifference(env.fingerprint, now, ""));
        SERVERS.remove(stateKey(doc), env);
        env.close();
        return true;
    }

    private static String stateKey(Doc doc) {
        if (!doc.mutation()) {
            return "";
        }
        Path setup = doc.sibling(".setup.graphql");
        Path setupVariables = doc.sibling(".setup.variables.json");
        Path imports = doc.sibling(".imports");
        return (Files.exists(setup) ? read(setup) : "") + "\u0000" + (Files.exists(setupVariables) ? read(setupVariables) : "")
                + "\u0000" + (Files.isDirectory(imports) ? imports.toAbsolutePath() : "");
    }

    @AfterAll
    static synchronized void stop() {
        SERVERS.values().forEach(Env::close);
        SERVERS.clear();
    }

    /**
     * What a mutation could change, read by the editor: blocks, listings, the change feed, base prices, layers and keys,
     * with their versions and times. Equal before and after = nothing was written.
     */
    private static final String FINGERPRINT = """
            { mineParcels(orderBy: UPDATED_AT_DESC, first: 200) { totalCount nodes { id version updatedAt } }
              listings(first: 200) { totalCount nodes { id version updatedAt } }
              listingChanges(first: 1000) { endCursor }
              basePrices(first: 500) { totalCount nodes { id validTo } }
              basePriceEditions { id }
              layers { current { id } datasets { id } }
              apiKeys { id revokedAt } }""";

    private static JsonNode fingerprint(Env env) {
        return env.server.data(env.server.editorKey, FINGERPRINT);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The golden tests

    /**
     * What one caller got: the answer to the document, and for queries a second answer (with direct writing off); today is the
     * day the server's demo data are relative to.
     */
    record Answer(LocalDate today, JsonNode first, JsonNode second, String secondLabel) {
    }

    @TestFactory
    Stream<DynamicNode> goldenResponses() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (Doc doc : documents()) {
            Supplier<Map<Who, Answer>> answers = memoize(() -> run(doc));
            List<DynamicTest> tests = new ArrayList<>();
            for (Who who : doc.callers()) {
                tests.add(DynamicTest.dynamicTest(doc.id() + " as " + who.file, doc.file().toUri(), () -> check(doc, who, answers.get().get(who))));
            }
            nodes.add(DynamicContainer.dynamicContainer(doc.id(), doc.file().toUri(), tests.stream()));
        }
        return nodes.stream();
    }

    /** Every caller's answers to the document, in the order public, platform, viewer, editor (then any extra caller). */
    static Map<Who, Answer> run(Doc doc) {
        Map<Who, Answer> out = new EnumMap<>(Who.class);
        if (!doc.mutation()) {
            Env env = acquire(doc);
            for (Who who : doc.callers()) {
                out.put(who, query(env, doc, who));
            }
            return out;
        }
        List<String> changes = new ArrayList<>();
        for (Who who : doc.callers()) {
            Env env = acquire(doc);
            out.put(who, new Answer(env.today, send(env, doc, doc.text(), who), null, null));
            if (retireIfChanged(doc, env, changes) && doc.directives().contains(WRITES_NOTHING)) {
                throw new AssertionError(doc.id() + " is marked '# golden: " + WRITES_NOTHING + "' but as " + who.file
                        + " it changed the register: " + changes.getLast());
            }
        }
        return out;
    }

    /** A query's answer, and its answer again with direct writing off: both paths must give the expectation. */
    private static Answer query(Env env, Doc doc, Who who) {
        JsonNode first = send(env, doc, doc.text(), who);
        env.server.registry.graphql().directWriting(false);
        try {
            return new Answer(env.today, first, send(env, doc, doc.text(), who), "the same document with direct writing off");
        } finally {
            env.server.registry.graphql().directWriting(true);
        }
    }

    private static void setup(Env env, Doc doc) {
        Path setup = doc.sibling(".setup.graphql");
        if (!Files.exists(setup)) {
            return;
        }
        String text = read(setup);
        Path vars = doc.sibling(".setup.variables.json");
        Map<String, Object> variables = Files.exists(vars) ? env.placeholders.variables(read(vars)) : null;
        JsonNode response = env.server.graphql(env.server.editorKey, env.placeholders.apply(text), variables);
        if (response.has("errors") || !response.has("data")) {
            throw new AssertionError(setup + " failed: " + response);
        }
        env.placeholders.setup(response);
    }

    private static JsonNode send(Env env, Doc doc, String text, Who who) {
        Path vars = doc.sibling(".variables.json");
        Map<String, Object> variables = Files.exists(vars) ? env.placeholders.variables(read(vars)) : null;
        return env.server.graphql(who.key(env.server), env.placeholders.apply(text), variables);
    }

    private static void check(Doc doc, Who who, Answer answer) throws IOException {
        LocalDate today = answer.today();
        String actual = GoldenJson.write(new Normalizer(today).normalize(answer.first()));
        if (answer.second() != null) {
            String again = GoldenJson.write(new Normalizer(today).normalize(answer.second()));
            if (!again.equals(actual)) {
                throw Diff.failure(doc.id() + " as " + who.file + ": " + answer.secondLabel() + " answered otherwise than the document",
                        answer.first(), answer.second(), actual, again);
            }
        }
        Path file = doc.expected(who);
        if (!Files.exists(file)) {
            write(file, actual);
            if (!UPDATE) {
                fail("wrote the missing expectation " + file + ": review it, then commit it");
            }
            return;
        }
        String expected = read(file);
        if (expected.equals(actual)) {
            return;
        }
        if (UPDATE) {
            write(file, actual);
            return;
        }
        throw Diff.failure(doc.id() + " as " + who.file + " differs from " + file + " (rerun with -Dgolden.update=true to accept)",
                TestServer.JSON.readTree(expected), TestServer.JSON.readTree(actual), expected, actual);
    }

    /** Expectation files that belong to no document and caller: stale after a rename (deleted with -Dgolden.update=true). */
    @Test
    void everyExpectationBelongsToADocument() throws IOException {
        Set<Path> known = new java.util.HashSet<>();
        for (Doc doc : documents()) {
            doc.callers().forEach(who -> known.add(doc.expected(who)));
            known.add(doc.sibling(".variables.json"));
            known.add(doc.sibling(".setup.variables.json"));
        }
        List<Path> orphans;
        try (Stream<Path> files = Files.walk(ROOT)) {
            orphans = files.filter(p -> p.toString().endsWith(".json") && !p.toString().contains(".imports"))
                    .filter(p -> !known.contains(p)).sorted().toList();
        }
        if (UPDATE) {
            for (Path p : orphans) {
                Files.delete(p);
            }
            return;
        }
        assertTrue(orphans.isEmpty(), "expectations without a document (rerun with -Dgolden.update=true to delete): " + orphans);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Coverage

    /** Every field of every object type of the SDL is selected by at least one golden document. */
    @Test
    void everyObjectTypeFieldIsSelectedByAGoldenDocument() {
        Coverage coverage = Coverage.ofSchema(SCHEMA);
        for (Doc doc : documents()) {
            if (doc.directives().contains(UNPARSED)) {
                continue;
            }
            coverage.select(Parser.parse(Placeholders.blank(doc.text())));
        }
        List<String> missing = coverage.unselected();
        assertTrue(missing.isEmpty(), missing.size() + " object-type fields no golden document selects (add them to a document under "
                + ROOT + "):\n  " + String.join("\n  ", missing));
    }

    /**
     * Every GraphQL operation of README.md is a golden document, as written. The only differences allowed are the ones the
     * README asks the reader to make: an id shown as "…" (a {@code ${...}} placeholder in the document), and decidedAt.
     */
    @Test
    void everyReadmeOperationIsAGoldenDocument() throws IOException {
        Set<String> golden = new java.util.HashSet<>();
        for (Doc doc : documents()) {
            if (doc.directives().contains(UNPARSED)) {
                continue;
            }
            golden.add(readmeForm(Placeholders.blank(doc.text())));
        }
        List<String> missing = new ArrayList<>();
        Matcher blocks = Pattern.compile("```graphql\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README, StandardCharsets.UTF_8));
        int n = 0;
        while (blocks.find()) {
            for (OperationDefinition op : Parser.parse(blocks.group(1)).getDefinitionsOfType(OperationDefinition.class)) {
                n++;
                String form = readmeForm(AstPrinter.printAst(op));
                if (!golden.contains(form)) {
                    missing.add(form);
                }
            }
        }
        assertTrue(n >= 12, "README operations found: " + n);
        assertTrue(missing.isEmpty(), "README operations without a golden document:\n  " + String.join("\n  ", missing));
    }

    /** A document in a comparable form: compact, ids shown as "…" and decidedAt values blanked. */
    static String readmeForm(String text) {
        Document document = Parser.parse(text);
        String compact = AstPrinter.printAstCompact(document.getDefinitionsOfType(OperationDefinition.class).getFirst());
        return compact.replace(Placeholders.BLANK, "…").replaceAll("decidedAt:\"[^\"]*\"", "decidedAt:\"…\"");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The supplier's value, computed once (by the first test of a document); its failure is every test's failure. */
    static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;
            private Throwable failure;

            @Override
            public synchronized T get() {
                if (value == null && failure == null) {
                    try {
                        value = supplier.get();
                    } catch (RuntimeException | Error e) {
                        failure = e;
                    }
                }
                if (failure instanceof RuntimeException r) {
                    throw r;
                }
                if (failure instanceof Error e) {
                    throw e;
                }
                return value;
            }
        };
    }

    /** Where a field's selection set opens in the document text (1-based line and column of its "{"). */
    static int offset(String text, SourceLocation at) {
        int line = 1;
        int i = 0;
        while (line < at.getLine()) {
            i = text.indexOf('\n', i) + 1;
            line++;
        }
        return i + at.getColumn() - 1;
    }

    /** The operation's root fields. */
    static List<Field> rootFields(Document document) {
        return document.getDefinitionsOfType(OperationDefinition.class).getFirst().getSelectionSet().getSelectionsOfType(Field.class);
    }
}
