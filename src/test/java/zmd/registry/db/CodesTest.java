package zmd.registry.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import zmd.registry.auction.ListingStatus;

class CodesTest {
    @Test
    void textColumnsAreReadAsTheirCodes() throws Exception {
        Codes<ListingStatus> statuses = Codes.of(ListingStatus.class);
        Codes<String> methods = Codes.of(List.of("AUCTION", "LISTING", "TENDER"));
        try (TestDatabase db = TestDatabase.create();
             Connection c = db.database().dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 'SOLD'::text, 'TENDER'::text, NULL::text, '拍卖'::text, 'SOLDX'::text")) {
            rs.next();
            assertSame(ListingStatus.SOLD, statuses.read(rs, 1));
            assertSame("TENDER", methods.read(rs, 2), "a known text is read as the same String");
            assertNull(statuses.read(rs, 3));
            assertNull(methods.read(rs, 3));
            assertEquals("拍卖", methods.read(rs, 4), "any other text is read as it is");
            assertThrows(IllegalArgumentException.class, () -> statuses.read(rs, 5), "a text that is no constant of the enum");
        }
    }
}
