package city.tsunagu.adapters.expression;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A transform of the IoT Agents' expression language, applied with a pipe:
 * {@code value|trim}, {@code name|substr(0,3)}. JEXL reads {@code a|b} as its bitwise-or
 * operator; {@link IotAgentArithmetic} applies the transform when the right side is one.
 */
public record Transform(String name, List<Object> args) {
    /** Transforms written without arguments, which JEXL reads as variables. */
    static final Set<String> WITHOUT_ARGUMENTS = Set.of(
            "trim", "length", "parseint", "parsefloat", "tostring", "toisodate", "urlencode", "urldecode",
            "touppercase", "tolowercase");

    Object apply(Object value) {
        return switch (name) {
            case "trim" -> string(value).trim();
            case "length" -> string(value).length();
            case "touppercase" -> string(value).toUpperCase(java.util.Locale.ROOT);
            case "tolowercase" -> string(value).toLowerCase(java.util.Locale.ROOT);
            case "tostring" -> string(value);
            case "parseint" -> parseInt(value);
            case "parsefloat" -> parseFloat(value);
            case "toisodate" -> Instant.ofEpochMilli(((Number) parseFloat(value)).longValue()).toString();
            case "urlencode" -> URLEncoder.encode(string(value), StandardCharsets.UTF_8);
            case "urldecode" -> URLDecoder.decode(string(value), StandardCharsets.UTF_8);
            case "indexOf" -> string(value).indexOf(string(args.get(0)));
            case "substr" -> substr(string(value), integer(args.get(0)), integer(args.get(1)));
            case "replacestr" -> string(value).replaceFirst(java.util.regex.Pattern.quote(string(args.get(0))),
                    java.util.regex.Matcher.quoteReplacement(string(args.get(1))));
            case "replaceallstr" -> string(value).replace(string(args.get(0)), string(args.get(1)));
            case "split" -> Arrays.asList(string(value).split(java.util.regex.Pattern.quote(string(args.get(0))), -1));
            default -> throw new IllegalArgumentException("unknown transform " + name);
        };
    }

    private static String string(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }

    private static int integer(Object value) {
        return value instanceof Number n ? n.intValue() : Integer.parseInt(string(value).trim());
    }

    /** JavaScript's substr: {@code length} characters from {@code start}, clipped to the string. */
    private static String substr(String s, int start, int length) {
        int from = Math.max(0, start < 0 ? s.length() + start : Math.min(start, s.length()));
        int to = Math.min(s.length(), from + Math.max(0, length));
        return s.substring(from, to);
    }

    /** As JavaScript's parseInt: the leading integer, NaN-like null when there is none. */
    private static Object parseInt(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*([+-]?\\d+)").matcher(string(value));
        return m.find() ? Long.parseLong(m.group(1)) : null;
    }

    private static Object parseFloat(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*([+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)")
                .matcher(string(value));
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }
}
