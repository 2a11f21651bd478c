package zmd.registry.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Connection coordinates from {@code DATABASE_URL} in either form operators use:
 * {@code postgres://user:pass@host:5432/db?sslmode=require} or {@code jdbc:postgresql://host/db}.
 * {@code DATABASE_USER} and {@code DATABASE_PASSWORD} override what the URL carries.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

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
