package zmd.registry.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextsTest {
    private static String refusal(Object value) {
        RegistryException e = assertThrows(RegistryException.class, () -> Texts.optional(value, "name", 20));
        assertEquals(ErrorCode.BAD_USER_INPUT, e.code());
        assertEquals("name", e.details().get("field"));
        return e.getMessage();
    }

    @Test
    void textIsKeptAsSentOrRefused() {
        assertEquals("泌阳县 矿\t一号\n二号", Texts.optional("泌阳县 矿\t一号\n二号", "name", 20));
        assertNull(Texts.optional(null, "name", 20));
        assertTrue(refusal(" x").contains("whitespace"));
        assertTrue(refusal("x\n").contains("whitespace"));
        assertTrue(refusal("x\u3000").contains("whitespace"), "the ideographic space too");
        assertTrue(refusal("").contains("empty"));
        assertTrue(refusal("  ").contains("empty"));
        assertTrue(refusal("a\u0001b").contains("U+0001 at position 2"));
        assertTrue(refusal("x".repeat(21)).contains("longer than 20"));
        assertThrows(RegistryException.class, () -> Texts.required(null, "name", 20));
    }

    @Test
    void messagesShowAtMostFortyCharacters() {
        assertEquals("'short'", Texts.quoted("short"));
        String shown = Texts.quoted("名".repeat(100_000));
        assertTrue(shown.length() < 80, shown);
        assertTrue(shown.endsWith("…' (100000 characters)"), shown);
        String emoji = "a".repeat(39) + "😀" + "b".repeat(10);
        assertEquals("a".repeat(39) + "…", Texts.shortened(emoji), "a surrogate pair is never cut in half");
    }
}
