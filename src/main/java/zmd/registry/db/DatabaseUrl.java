package zmd.registry.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Connection coordinates from {@code DATABASE_URL} in either form operators use:
 * {@code postgres://user:pass@host:5432/db?sslmode=require} or {@code jdbc:postgresql://host/db}.
 * {@code DATABASE_USER} and {@code DATABASE_PASSWORD} override what the URL carries.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {
    /**
     * The driver properties of a connection of its own (a watch, a listener, a monitor: never pooled): the
     * credentials, the bounds on connecting and on every read, and the name it shows in pg_stat_activity.
     */
    public java.util.Properties connectionProperties(String applicationName, int connectSeconds, int socketSeconds) {
        java.util.Properties p = new java.util.Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", Integer.toString(connectSeconds));
        p.setProperty("socketTimeout", Integer.toString(socketSeconds));
        p.setProperty("ApplicationName", applicationName);
        return p;
    }

    /** jdbc:postgresql://host[:port][/db][?query] or jdbc:postgresql:db[?query]. */
    private static final Pattern JDBC_PARTS = Pattern.compile("(jdbc:postgresql://[^/?]*|jdbc:postgresql:)(/?[^?]*)(\\?.*)?");

    public static DatabaseUrl parse(String url, String userOverride, String passwordOverride) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL is empty");
        }
        String user = null;
        String password = null;
        String jdbc;
        if (url.startsWith("jdbc:postgresql:")) {
            jdbc = url;
        } else if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("DATABASE_URL has no host: " + redact(url));
            }
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                password = parts.length > 1 ? decode(parts[1]) : null;
            }
            String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
            jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/" + db
                    + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        } else {
            throw new IllegalArgumentException("DATABASE_URL must start with postgres://, postgresql:// or jdbc:postgresql: — got " + redact(url));
        }
        return new DatabaseUrl(jdbc, blankToNull(userOverride) != null ? userOverride : user,
                blankToNull(passwordOverride) != null ? passwordOverride : password);
    }

    /** The same server and options, another database (names are plain identifiers, nothing to escape). */
    public DatabaseUrl withDatabase(String database) {
        if (database == null || !database.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a database name: " + database);
        }
        Matcher m = JDBC_PARTS.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot tell the database in " + redact(jdbcUrl));
        }
        String query = m.group(3) == null ? "" : m.group(3);
        String server = m.group(1).endsWith(":") ? m.group(1) : m.group(1) + "/";
        return new DatabaseUrl(server + database + query, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String redact(String url) {
        return url.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@");
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + ", user=" + user + "]";
    }
}
