package zmd.registry.fuzz;

import java.io.IOException;
import zmd.registry.Registry;
import zmd.registry.access.Role;
import zmd.registry.db.Database;
import zmd.registry.db.DatabaseUrl;
import zmd.registry.demo.DemoData;
import zmd.registry.http.App;
import zmd.registry.http.Limits;

/**
 * The registry server in a child JVM for the fuzz suite: a request that exhausts its heap or stack takes down
 * this process, not the test JVM, and the suite sees it as what it is, a server that went down.
 * Arguments: JDBC URL, user, password, and {@code demo} to load the demo data (only on the first start).
 * Prints {@code READY <port> <editorKey> <viewerKey> <platformKey>}, then serves until stdin closes.
 */
public final class ForkedServerMain {
    private ForkedServerMain() {
    }

    public static void main(String[] args) throws IOException {
        Database database = Database.connect(new DatabaseUrl(args[0], args[1], args[2]), 8, "registry-fuzz");
        Registry registry = new Registry(database);
        if (args.length > 3 && args[3].equals("demo")) {
            DemoData.load(registry);
        }
        String editor = registry.apiKeys().create(Role.STAFF_EDITOR, "fuzz editor").key();
        String viewer = registry.apiKeys().create(Role.STAFF_VIEWER, "fuzz viewer").key();
        String platform = registry.apiKeys().create(Role.PLATFORM, "fuzz platform").key();
        // Rate limits off: thousands of requests from one key and address would otherwise mostly prove the limiter.
        var app = App.create(registry, Limits.NO_RATE_LIMITS).start("127.0.0.1", 0);
        System.out.println("READY " + app.port() + " " + editor + " " + viewer + " " + platform);
        System.out.flush();
        // The parent holds our stdin: when it exits or closes it, so do we (no orphan servers).
        while (System.in.read() >= 0) {
            // Nothing is ever sent; reading only waits for the end of the stream.
        }
        app.stop();
        database.close();
        System.exit(0);
    }
}
