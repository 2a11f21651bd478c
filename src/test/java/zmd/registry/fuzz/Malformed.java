package zmd.registry.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Request bodies and documents that are broken before any field is resolved, and the worst requests. */
final class Malformed {
    /** A raw request: body bytes as text, its Content-Type (null for none) and what it is, for reports. */
    record Body(String what, String contentType, String body, Expect expect) {
        Body(String what, String contentType, String body) {
            this(what, contentType, body, Expect.EITHER);
        }
    }

    /** What the answer must be besides clean: refused (4xx or errors), answered without errors, or either. */
    enum Expect {
        EITHER,
        REFUSED,
        ANSWERED
    }

    private static final String JSON_TYPE = "application/json";
    private static final String GOOD = "{\"query\":\"{ apiVersion whoAmI { role } }\"}";

    private Malformed() {
    }

    /** The fixed catalogue: each a kind of malformed body a careless or hostile client sends. */
    static List<Body> catalogue() {
        List<Body> b = new ArrayList<>();
        b.add(new Body("trailing garbage", JSON_TYPE, "{\"query\":\"{__typename}\"} xyz", Expect.REFUSED));
        b.add(new Body("two JSON values", JSON_TYPE, "{\"query\":\"{__typename}\"}{\"query\":\"{apiVersion}\"}", Expect.REFUSED));
        b.add(new Body("duplicate query key", JSON_TYPE, "{\"query\":\"{apiVersion}\",\"query\":\"{__typename}\"}", Expect.REFUSED));
        b.add(new Body("duplicate variables key", JSON_TYPE, "{\"query\":\"{__typename}\",\"variables\":{},\"variables\":{}}", Expect.REFUSED));
        b.add(new Body("duplicate variable name", JSON_TYPE,
                "{\"query\":\"query($c: String!){county(codeOrName:$c){code}}\",\"variables\":{\"c\":\"泌阳县\",\"c\":\"411726\"}}", Expect.REFUSED));
        for (String v : List.of("[]", "\"x\"", "1", "null", "true", "", " ", "[{\"query\":\"{__typename}\"}]", "{}")) {
            b.add(new Body("non-object body " + v, JSON_TYPE, v, Expect.REFUSED));
        }
        for (String t : List.of("application/json; charset=nope", "application/json; charset=utf-16", "application/json; charset=",
                "application/json; charset=ISO-8859-1", "application/json;;;", "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/graphql", "application/xml", "*/*", "application/json; charset=\"utf-8\"")) {
            b.add(new Body("content type " + t, t, GOOD));
        }
        b.add(new Body("no content type", null, GOOD));
        b.add(new Body("query is a number", JSON_TYPE, "{\"query\":123}", Expect.REFUSED));
        b.add(new Body("query is null", JSON_TYPE, "{\"query\":null}", Expect.REFUSED));
        b.add(new Body("query is an object", JSON_TYPE, "{\"query\":{\"a\":1}}", Expect.REFUSED));
        b.add(new Body("variables a string", JSON_TYPE, "{\"query\":\"{__typename}\",\"variables\":\"x\"}", Expect.REFUSED));
        b.add(new Body("variables a list", JSON_TYPE, "{\"query\":\"{__typename}\",\"variables\":[1]}", Expect.REFUSED));
        b.add(new Body("operationName unknown", JSON_TYPE, "{\"query\":\"query A{__typename}\",\"operationName\":\"B\"}"));
        b.add(new Body("operationName a number", JSON_TYPE, "{\"query\":\"{__typename}\",\"operationName\":5}"));
        b.add(new Body("extensions a string", JSON_TYPE, "{\"query\":\"{__typename}\",\"extensions\":\"x\"}"));
        b.add(new Body("BOM before JSON", JSON_TYPE, "\ufeff" + GOOD));
        b.add(new Body("NaN literal", JSON_TYPE, "{\"query\":\"query($f:Float){__typename}\",\"variables\":{\"f\":NaN}}", Expect.REFUSED));
        b.add(new Body("comment in JSON", JSON_TYPE, "/* x */" + GOOD, Expect.REFUSED));
        b.add(new Body("single quotes", JSON_TYPE, "{'query':'{__typename}'}", Expect.REFUSED));
        b.add(new Body("lone surrogate escape in query", JSON_TYPE, "{\"query\":\"{__typename} # \\ud800\"}"));
        b.add(new Body("NUL escape in query", JSON_TYPE, "{\"query\":\"{__type\\u0000name}\"}"));
        b.add(new Body("bad escape", JSON_TYPE, "{\"query\":\"\\x41\"}", Expect.REFUSED));
        b.add(new Body("nested JSON 100000 deep", JSON_TYPE, "{\"query\":\"{__typename}\",\"variables\":{\"a\":"
                + "[".repeat(100_000) + "]".repeat(100_000) + "}}"));
        b.add(new Body("body of 6 MB", JSON_TYPE, "{\"query\":\"{__typename}\",\"variables\":{\"a\":\"" + "x".repeat(6 << 20) + "\"}}"));
        b.add(new Body("query of 2 MB", JSON_TYPE, "{\"query\":\"{__typename" + " ".repeat(2 << 20) + "}\"}"));
        b.add(new Body("number of a million digits", JSON_TYPE, "{\"query\":\"{__typename}\",\"variables\":{\"a\":" + "9".repeat(1_000_000) + "}}"));
        b.add(new Body("exponent 1e1000000000 in variables", JSON_TYPE, "{\"query\":\"{__typename}\",\"variables\":{\"a\":1e1000000000}}"));
        b.add(new Body("key of 1 MB", JSON_TYPE, "{\"" + "k".repeat(1 << 20) + "\":1,\"query\":\"{__typename}\"}"));
        documents().forEach((q, expect) -> b.add(new Body("document " + Json.abbreviate(q.replace('\n', ' '), 60), JSON_TYPE,
                Json.write(java.util.Map.of("query", q)), expect)));
        b.add(new Body("overlap check of a 20 000-vertex zig-zag", JSON_TYPE, Json.write(java.util.Map.of(
                "query", "query($g: GeometryInput!) { overlapCheck(geometry: $g) { verdict } }",
                "variables", java.util.Map.of("g", java.util.Map.of("wkt", Hostile.zigZag(20_000)))))));
        return b;
    }

    /** Broken or abusive GraphQL documents, the fragment doubling and alias flood among them. */
    static java.util.Map<String, Expect> documents() {
        java.util.Map<String, Expect> d = new java.util.LinkedHashMap<>();
        d.put(fragmentDoubling(40, "mineParcels { nodes { ...F39 } }", "MineParcel", "code"), Expect.REFUSED);
        d.put(fragmentDoubling(40, "listings { nodes { ...F39 } }", "Listing", "id"), Expect.REFUSED);
        d.put(fragmentDoubling(40, "listingChanges { changes { ...F39 } }", "ListingChange", "seq"), Expect.REFUSED);
        d.put(fragmentDoubling(30, "__schema { types { ...F29 } }", "__Type", "name"), Expect.REFUSED);
        StringBuilder aliases = new StringBuilder("{");
        for (int i = 0; i < 5_000; i++) {
            aliases.append(" a").append(i).append(": __typename");
        }
        d.put(aliases.append(" }").toString(), Expect.REFUSED);
        StringBuilder apiAliases = new StringBuilder("{");
        for (int i = 0; i < 3_000; i++) {
            apiAliases.append(" c").append(i).append(": counties { code }");
        }
        d.put(apiAliases.append(" }").toString(), Expect.REFUSED);
        d.put("{".repeat(10_000) + "}".repeat(10_000), Expect.REFUSED);
        d.put("{ mineParcels " + "{ nodes { county ".repeat(500) + "}".repeat(1_001), Expect.REFUSED);
        d.put("{ __typename" + " @skip(if: false)".repeat(5_000) + " }", Expect.REFUSED);
        d.put("fragment A on Query { ...B } fragment B on Query { ...A } { ...A }", Expect.REFUSED);
        d.put("{ mineParcels { nodes { code } }", Expect.REFUSED);
        d.put("{ mineParcels(first: 1e1000000000) { totalCount } }", Expect.REFUSED);
        d.put("{ mineParcels(first: 99999999999999999999) { totalCount } }", Expect.REFUSED);
        d.put("{ mineParcels(first: -1) { totalCount } }", Expect.REFUSED);
        d.put("{ county(codeOrName: \"" + "名".repeat(50_000) + "\") { code } }", Expect.EITHER);
        d.put("{ county(codeOrName: \"\\u0000\") { code } }", Expect.EITHER);
        d.put("{ county(codeOrName: \"\\ud800\") { code } }", Expect.EITHER);
        d.put("query Q($a: Int) { __typename } query Q { __typename }", Expect.REFUSED);
        d.put("subscription { listingChanged { seq } }", Expect.REFUSED);
        d.put("{ nope }", Expect.REFUSED);
        d.put("mutation { createMineParcel }", Expect.REFUSED);
        // graphql-java's copy of the standard introspection query: what GraphiQL and codegen tools send.
        d.put(graphql.introspection.IntrospectionQuery.INTROSPECTION_QUERY, Expect.ANSWERED);
        d.put("{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }", Expect.REFUSED);
        d.put("{ __type(name: \"" + "x".repeat(100_000) + "\") { name } }", Expect.EITHER);
        for (String paged : List.of("mineParcels", "listings", "basePrices")) {
            d.put("{ " + paged + "(after: \"bnVsbA==\") { totalCount } }", Expect.REFUSED);
        }
        d.put("{ listingChanges(after: \"bnVsbA==\") { endCursor } }", Expect.REFUSED);
        return d;
    }

    /** F0 selects {@code leaf}; each next fragment spreads the one before twice: 2^n fields from n short lines. */
    static String fragmentDoubling(int n, String root, String type, String leaf) {
        StringBuilder b = new StringBuilder("fragment F0 on ").append(type).append(" { ").append(leaf).append(" }\n");
        for (int i = 1; i < n; i++) {
            b.append("fragment F").append(i).append(" on ").append(type).append(" { ...F").append(i - 1).append(" ...F").append(i - 1).append(" }\n");
        }
        return b.append("{ ").append(root).append(" }").toString();
    }

    /** A valid body cut at a random point, or with random bytes flipped: JSON that almost parses. */
    static Body damaged(Random random, String validBody) {
        if (random.nextBoolean()) {
            int cut = random.nextInt(Math.max(1, validBody.length() - 1));
            return new Body("truncated at " + cut, JSON_TYPE, validBody.substring(0, cut));
        }
        char[] c = validBody.toCharArray();
        int at = random.nextInt(c.length);
        char was = c[at];
        String junk = "{}[]\",:\\\u0000x9 ";
        c[at] = junk.charAt(random.nextInt(junk.length()));
        return new Body("char " + at + " '" + was + "' replaced", JSON_TYPE, new String(c));
    }
}
