package zmd.registry.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import graphql.GraphQLContext;
import graphql.scalars.ExtendedScalars;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The DateTime and Date texts are exactly what extended-scalars writes, for any value; UUID text is the JDK's. */
class ScalarsTest {
    private static final GraphQLContext CONTEXT = GraphQLContext.getDefault();

    @Test
    void dateTimeTextIsTheLibrarys() {
        Random random = new Random(20201121);
        ZoneOffset[] offsets = {ZoneOffset.UTC, ZoneOffset.ofHours(8), ZoneOffset.ofHoursMinutes(-3, -30), ZoneOffset.ofHoursMinutes(5, 45),
            ZoneOffset.ofHours(-12), ZoneOffset.ofHours(14)};
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                default -> random.nextInt(1_000_000_000);
            };
            OffsetDateTime t = Instant.ofEpochSecond(seconds, nanos).atOffset(offsets[i % offsets.length]);
            assertEquals(library(t), Scalars.DATE_TIME.getCoercing().serialize(t, CONTEXT, Locale.ROOT), t.toString());
        }
    }

    @Test
    void outsideTheFastPathTheLibraryWrites() {
        OffsetDateTime farFuture = OffsetDateTime.of(12345, 1, 2, 3, 4, 5, 6_000_000, ZoneOffset.UTC);
        OffsetDateTime oddOffset = OffsetDateTime.of(2020, 1, 2, 3, 4, 5, 0, ZoneOffset.ofTotalSeconds(3600 + 30 * 60 + 15));
        assertNull(Scalars.formatDateTime(farFuture));
        assertNull(Scalars.formatDateTime(oddOffset));
        assertEquals(library(farFuture), Scalars.DATE_TIME.getCoercing().serialize(farFuture, CONTEXT, Locale.ROOT));
        assertEquals(library(oddOffset), Scalars.DATE_TIME.getCoercing().serialize(oddOffset, CONTEXT, Locale.ROOT));
        assertEquals("2020-11-21T00:00:00.000+08:00", Scalars.formatDateTime(OffsetDateTime.of(2020, 11, 21, 0, 0, 0, 0, ZoneOffset.ofHours(8))));
    }

    private static Object library(OffsetDateTime t) {
        return ExtendedScalars.DateTime.getCoercing().serialize(t, CONTEXT, Locale.ROOT);
    }

    @Test
    void dateTextIsTheLibrarys() {
        Random random = new Random(20200101);
        byte[] b = new byte[10];
        for (int i = 0; i < 20_000; i++) {
            LocalDate d = i == 0 ? LocalDate.of(1, 1, 1) : i == 1 ? LocalDate.of(9999, 12, 31) : LocalDate.ofEpochDay(random.nextLong(-719_162, 2_932_897));
            int n = Scalars.formatDate(d, b);
            assertEquals(ExtendedScalars.Date.getCoercing().serialize(d, CONTEXT, Locale.ROOT), new String(b, 0, n, StandardCharsets.ISO_8859_1),
                    d.toString());
        }
        assertEquals(-1, Scalars.formatDate(LocalDate.of(10_000, 1, 1), b), "the library writes years past 9999");
        assertEquals(-1, Scalars.formatDate(LocalDate.of(0, 1, 1), b), "the library writes year 0 as the year 1 BC");
    }

    @Test
    void uuidTextIsTheJdks() {
        Random random = new Random(43586);
        byte[] b = new byte[36];
        for (int i = 0; i < 20_000; i++) {
            UUID id = i == 0 ? new UUID(0, 0) : i == 1 ? new UUID(-1, -1) : new UUID(random.nextLong(), random.nextLong());
            Scalars.formatUuid(id, b);
            assertEquals(id.toString(), new String(b, StandardCharsets.ISO_8859_1));
        }
    }
}
