package city.tsunagu.broker.query.language;

/**
 * Regular expressions that mean the same to java.util.regex (with UNIX_LINES, as
 * {@link PatternMatch} compiles them), to MongoDB's PCRE and to mongo-java-server (which compiles
 * with java.util.regex without UNIX_LINES): literals, {@code . ^ $ * + ? | {n,m}}, groups
 * {@code (...)} and {@code (?:...)}, simple character classes, the escapes {@code \d \w \s}
 * (and upper case) and escaped punctuation, and a leading {@code (?i)}. Anything else (look-around,
 * back references, {@code \p{..}}, nested classes, {@code &&}, ...) is not pushed to the store.
 *
 * <p>For the store, {@code .} becomes {@code [^\n]} and {@code $} becomes {@code (?=\n?\z)}, the
 * UNIX_LINES meanings, which every engine then reads alike.
 */
final class MongoRegex {
    static final String CASE_INSENSITIVE = "(?i)";

    private MongoRegex() {
    }

    /** The regular expression to give the store, or null when it is outside the common subset. */
    static String translate(String regex) {
        if (regex.indexOf('\u0000') >= 0) {
            return null; // a BSON regular expression is a C string
        }
        StringBuilder out = new StringBuilder(regex.length() + 16);
        int i = 0;
        int n = regex.length();
        if (regex.startsWith(CASE_INSENSITIVE)) {
            out.append(CASE_INSENSITIVE);
            i = CASE_INSENSITIVE.length();
        }
        while (i < n) {
            char c = regex.charAt(i);
            switch (c) {
                case '\\' -> {
                    String escape = escape(regex, i);
                    if (escape == null) {
                        return null;
                    }
                    out.append(escape);
                    i += 2;
                }
                case '[' -> {
                    int end = characterClass(regex, i, out);
                    if (end < 0) {
                        return null;
                    }
                    i = end;
                }
                case '(' -> {
                    if (i + 1 < n && regex.charAt(i + 1) == '?') {
                        if (!regex.startsWith("(?:", i)) {
                            return null;
                        }
                        out.append("(?:");
                        i += 3;
                    } else {
                        out.append('(');
                        i++;
                    }
                }
                case '{' -> {
                    int close = regex.indexOf('}', i);
                    if (close < 0 || !regex.substring(i + 1, close).matches("\\d{1,4}(,\\d{0,4})?")) {
                        return null;
                    }
                    out.append(regex, i, close + 1);
                    i = close + 1;
                }
                case '.' -> {
                    out.append("[^\\n]");
                    i++;
                }
                case '$' -> {
                    out.append("(?=\\n?\\z)");
                    i++;
                }
                case '}', ']' -> {
                    return null;
                }
                default -> {
                    out.append(c);
                    i++;
                }
            }
        }
        return out.toString();
    }

    /** Whether the expression asks for case-insensitive matching, which engines fold differently outside ASCII. */
    static boolean isCaseInsensitive(String regex) {
        return regex.startsWith(CASE_INSENSITIVE);
    }

    private static String escape(String regex, int at) {
        if (at + 1 >= regex.length()) {
            return null;
        }
        char e = regex.charAt(at + 1);
        if ("dDwWsS".indexOf(e) >= 0) {
            return "\\" + e;
        }
        if (e < 128 && !Character.isLetterOrDigit(e) && e >= 0x20 && e != 0x7f) {
            return "\\" + e;
        }
        return null;
    }

    /** Copies a simple character class starting at '[' and returns the index after its ']', or -1. */
    private static int characterClass(String regex, int at, StringBuilder out) {
        int i = at + 1;
        int n = regex.length();
        StringBuilder cls = new StringBuilder("[");
        if (i < n && regex.charAt(i) == '^') {
            cls.append('^');
            i++;
        }
        if (i < n && regex.charAt(i) == ']') {
            return -1;
        }
        while (i < n) {
            char c = regex.charAt(i);
            if (c == ']') {
                out.append(cls).append(']');
                return i + 1;
            }
            if (c == '[' || (c == '&' && i + 1 < n && regex.charAt(i + 1) == '&')) {
                return -1;
            }
            if (c == '\\') {
                String escape = escape(regex, i);
                if (escape == null) {
                    return -1;
                }
                cls.append(escape);
                i += 2;
                continue;
            }
            cls.append(c);
            i++;
        }
        return -1;
    }
}
