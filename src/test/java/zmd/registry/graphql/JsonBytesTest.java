package zmd.registry.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** JsonBytes writes strings and numbers byte for byte as the response mapper does. */
class JsonBytesTest {
    private static final String ALPHABET = "aZ09 \"\\/\b\t\n\f\r\u0000\u001f\u007f\u0080\u00e9亩矿业权出让\ud83d\ude00'<>&";

    @Test
    void stringsAreEscapedAsTheMapperEscapesThem() throws Exception {
        Random random = new Random(4358665);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(30); n > 0; n--) {
                int at = random.nextInt(ALPHABET.length());
                char c = ALPHABET.charAt(at);
                text.append(Character.isHighSurrogate(c) ? ALPHABET.substring(at, at + 2) : Character.isLowSurrogate(c) ? "x" : String.valueOf(c));
            }
            JsonBytes out = new JsonBytes(1);
            out.string(text.toString());
            assertEquals(mapper(text.toString()), written(out), text.toString());
        }
    }

    @Test
    void aLoneHalfOfASurrogatePairIsEscapedAsTheMapperEscapesIt() throws Exception {
        for (String text : new String[] {"a\ud800b", "\udc00", "x\ud83d", "\ude00\ud83d"}) {
            JsonBytes out = new JsonBytes(1);
            out.string(text);
            assertEquals(mapper(text), written(out), text);
        }
    }

    @Test
    void numbersAreWrittenAsTheMapperWritesThem() throws Exception {
        Random random = new Random(20201121);
        for (int i = 0; i < 5_000; i++) {
            int n = random.nextInt();
            long l = random.nextLong();
            BigDecimal d = new BigDecimal(new BigInteger(random.nextInt(1, 80), random), random.nextInt(-12, 12));
            double x = switch (i % 3) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextDouble() * 1e6;
                default -> random.nextInt(100_000) / 100.0;
            };
            JsonBytes out = new JsonBytes(1);
            out.number(n);
            out.raw((byte) ',');
            out.number(l);
            out.raw((byte) ',');
            out.number(d);
            String expected = mapper(n) + "," + mapper(l) + "," + mapper(d);
            if (out.number(x)) {
                expected += mapper(x);
            } else {
                assertFalse(Double.isFinite(x), "a finite double is written");
            }
            assertEquals(expected, written(out));
        }
        assertFalse(new JsonBytes(1).number(new BigDecimal(BigInteger.ONE, 10_000)), "a scale the mapper refuses to write plain");
        assertFalse(new JsonBytes(1).number(Double.NaN), "the mapper writes NaN as text");
    }

    @Test
    void literalsAndRawBytes() {
        JsonBytes out = new JsonBytes(1);
        out.raw((byte) '[');
        out.nullValue();
        out.raw((byte) ',');
        out.bool(true);
        out.raw((byte) ',');
        out.bool(false);
        out.raw((byte) ',');
        byte[] id = "08d0acb5".getBytes(StandardCharsets.US_ASCII);
        out.quotedAscii(id, id.length);
        out.raw((byte) ']');
        assertEquals("[null,true,false,\"08d0acb5\"]", written(out));
    }

    private static String mapper(Object value) throws JsonProcessingException {
        return new String(ResponseJson.MAPPER.writeValueAsBytes(value), StandardCharsets.UTF_8);
    }

    private static String written(JsonBytes out) {
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }
}
