package city.tsunagu.broker.query.language;

import city.tsunagu.broker.common.error.BadRequestDataException;

/**
 * Reads one query parameter character by character and words its errors alike:
 * "q: unexpected ')' at position 14; expected a value". Positions count characters from 1.
 */
final class Cursor {
    private final String param;
    private final String text;
    private int pos;

    Cursor(String param, String text) {
        this.param = param;
        this.text = text;
    }

    String param() {
        return param;
    }

    String text() {
        return text;
    }

    int pos() {
        return pos;
    }

    void reset(int position) {
        pos = position;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    /** The current character, or 0 at the end. */
    char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    /** The character {@code ahead} places further, or 0 past the end. */
    char peek(int ahead) {
        int at = pos + ahead;
        return at < text.length() ? text.charAt(at) : 0;
    }

    boolean startsWith(String prefix) {
        return text.startsWith(prefix, pos);
    }

    char next() {
        return text.charAt(pos++);
    }

    void skip(int count) {
        pos = Math.min(text.length(), pos + count);
    }

    void skipWhitespace() {
        while (pos < text.length() && isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    String substring(int from) {
        return text.substring(from, pos);
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** An error at a position (0-based index into the text). */
    BadRequestDataException error(String message, int at) {
        return new BadRequestDataException(param + ": " + message + " at position " + (at + 1));
    }

    /** An error about the whole parameter. */
    BadRequestDataException error(String message) {
        return new BadRequestDataException(param + ": " + message);
    }

    /** "unexpected 'x' at position n; expected ..." for the current character, or "unexpected end". */
    BadRequestDataException unexpected(String expected) {
        if (atEnd()) {
            return new BadRequestDataException(param + ": unexpected end of the expression; expected " + expected);
        }
        return new BadRequestDataException(param + ": unexpected " + describe(text.codePointAt(pos)) + " at position "
                + (pos + 1) + "; expected " + expected);
    }

    static String describe(int codePoint) {
        if (Character.isISOControl(codePoint) || Character.isWhitespace(codePoint) || !Character.isDefined(codePoint)) {
            return String.format("character U+%04X", codePoint);
        }
        return "'" + new String(Character.toChars(codePoint)) + "'";
    }

    /** Checks the length limit and that there is something to parse. */
    void checkSize(int maxLength) {
        if (text.length() > maxLength) {
            throw error("the expression has " + text.length() + " characters; at most " + maxLength + " are accepted");
        }
        skipWhitespace();
        if (atEnd()) {
            throw error("the expression is empty");
        }
    }

    /** Reads the JSON string starting at the current '"' (RFC 8259 escapes) and returns its content. */
    String readJsonString() {
        int start = pos;
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw error("the string starting with '\"' is not closed", start);
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("control characters must be escaped in strings; found " + describe(c), pos - 1);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (atEnd()) {
                throw error("the string starting with '\"' is not closed", start);
            }
            char escape = text.charAt(pos++);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("\\u must be followed by four hexadecimal digits", pos - 2);
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(text.charAt(pos + i), 16);
                        if (digit < 0) {
                            throw error("\\u must be followed by four hexadecimal digits", pos - 2);
                        }
                        code = code * 16 + digit;
                    }
                    pos += 4;
                    out.append((char) code);
                }
                default -> throw error("invalid escape '\\" + escape + "' in a string; use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX", pos - 2);
            }
        }
    }
}
