package zmd.registry.features.cql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import zmd.registry.core.Texts;

/** Splits CQL2 text into tokens, each with where it starts, so that every error can say at which character. */
final class CqlLexer {
    enum Kind { IDENT, QUOTED_IDENT, STRING, NUMBER, SYMBOL, EOF }

    /** {@code text}: the identifier, the string's value (quotes undone), the number or symbol as written. */
    record Token(Kind kind, String text, int start, int end) {
        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        /** An unquoted identifier spelled {@code word} in any case. */
        boolean isWord(String word) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(word);
        }

        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }

        /** The token as an error message names it. */
        String describe() {
            return switch (kind) {
                case EOF -> "end of text";
                case STRING -> "the string " + Texts.quoted(text);
                case NUMBER -> "the number " + Texts.quoted(text);
                case QUOTED_IDENT -> "the property \"" + Texts.shortened(text) + "\"";
                case IDENT, SYMBOL -> Texts.quoted(text);
            };
        }
    }

    private final String text;
    private int i;

    private CqlLexer(String text) {
        this.text = text;
    }

    static List<Token> tokens(String text) {
        CqlLexer lexer = new CqlLexer(text);
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            out.add(t);
        } while (t.kind() != Kind.EOF);
        return out;
    }

    /** "at character N, " for an index into the text, counting characters as a reader does (code points, from 1). */
    static String at(String text, int index) {
        return "at character " + (text.codePointCount(0, Math.min(index, text.length())) + 1) + ", ";
    }

    private Token next() {
        while (i < text.length() && isSpace(text.charAt(i))) {
            i++;
        }
        int start = i;
        if (i >= text.length()) {
            return new Token(Kind.EOF, "", start, start);
        }
        char c = text.charAt(i);
        if (c == '\'') {
            return string(start);
        }
        if (c == '"') {
            int close = text.indexOf('"', start + 1);
            if (close < 0) {
                throw CqlLimits.refuse(at(text, start) + "the quoted property name is not closed: expected '\"'");
            }
            if (close == start + 1) {
                throw CqlLimits.refuse(at(text, start) + "a quoted property name cannot be empty");
            }
            i = close + 1;
            return new Token(Kind.QUOTED_IDENT, text.substring(start + 1, close), start, i);
        }
        if (isDigit(c) || c == '.' && isDigitAt(i + 1)
                || (c == '-' || c == '+') && (isDigitAt(i + 1) || charAt(i + 1) == '.' && isDigitAt(i + 2))) {
            return number(start);
        }
        int cp = text.codePointAt(i);
        if (isIdentifierStart(cp)) {
            i += Character.charCount(cp);
            while (i < text.length() && isIdentifierPart(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
            }
            return new Token(Kind.IDENT, text.substring(start, i), start, i);
        }
        for (String symbol : new String[] {"<>", "<=", ">=", "!=", "=", "<", ">", "(", ")", ",", "+", "-", "*", "/", "[", "]"}) {
            if (text.startsWith(symbol, i)) {
                i += symbol.length();
                return new Token(Kind.SYMBOL, symbol, start, i);
            }
        }
        throw CqlLimits.refuse(at(text, start) + "unexpected character " + Texts.quoted(new String(Character.toChars(cp))));
    }

    /** A character literal: {@code ''} and {@code \'} are a quote; a backslash before anything else stays, for LIKE. */
    private Token string(int start) {
        StringBuilder value = new StringBuilder();
        i = start + 1;
        while (true) {
            if (i >= text.length()) {
                throw CqlLimits.refuse(at(text, start) + "the string is not closed: expected a closing quote (')");
            }
            char c = text.charAt(i);
            if (c == '\'' && charAt(i + 1) == '\'' || c == '\\' && charAt(i + 1) == '\'') {
                value.append('\'');
                i += 2;
            } else if (c == '\\' && i + 1 < text.length()) {
                // Kept as the pair so that a doubled backslash does not escape the quote after it.
                value.append(c).append(text.charAt(i + 1));
                i += 2;
            } else if (c == '\'') {
                i++;
                return new Token(Kind.STRING, value.toString(), start, i);
            } else {
                value.append(c);
                i++;
            }
        }
    }

    private Token number(int start) {
        if (text.charAt(i) == '-' || text.charAt(i) == '+') {
            i++;
        }
        while (isDigitAt(i)) {
            i++;
        }
        if (charAt(i) == '.') {
            i++;
            while (isDigitAt(i)) {
                i++;
            }
        }
        if ((charAt(i) == 'e' || charAt(i) == 'E')
                && (isDigitAt(i + 1) || (charAt(i + 1) == '-' || charAt(i + 1) == '+') && isDigitAt(i + 2))) {
            i += 2;
            while (isDigitAt(i)) {
                i++;
            }
        }
        if (i < text.length() && (isIdentifierPart(text.codePointAt(i)) || text.charAt(i) == '.')) {
            int end = i;
            while (end < text.length() && (isIdentifierPart(text.codePointAt(end)) || text.charAt(end) == '.')) {
                end += Character.charCount(text.codePointAt(end));
            }
            throw CqlLimits.refuse(at(text, start) + "malformed number " + Texts.quoted(text.substring(start, end)));
        }
        return new Token(Kind.NUMBER, text.substring(start, i), start, i);
    }

    private char charAt(int index) {
        return index < text.length() ? text.charAt(index) : '\0';
    }

    private boolean isDigitAt(int index) {
        return isDigit(charAt(index));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** CQL2's whitespace: the ASCII controls, NEL, no-break and the Unicode spaces. */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** CQL2's identifierStart: colon, underscore and letters (Latin, CJK and the other scripts). */
    static boolean isIdentifierStart(int cp) {
        return cp == ':' || cp == '_' || Character.isLetter(cp);
    }

    static boolean isIdentifierPart(int cp) {
        return isIdentifierStart(cp) || cp == '.' || cp >= '0' && cp <= '9' || Character.getType(cp) == Character.NON_SPACING_MARK
                || cp == 0x203F || cp == 0x2040;
    }
}
