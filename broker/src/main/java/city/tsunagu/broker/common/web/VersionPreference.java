package city.tsunagu.broker.common.web;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The NGSI-LD version a client prefers (6.3.6): {@code Prefer: ngsi-ld=1.0} among the
 * preferences of the Prefer header (RFC 7240: a comma-separated list; names case-insensitive;
 * values a token or a quoted string; parameters after ";").
 */
public final class VersionPreference {
    private static final Pattern VERSION = Pattern.compile("1\\.[0-9]");

    private VersionPreference() {
    }

    /** The preferred version, e.g. "1.0", if the header names one this broker can honour; else null. */
    public static String of(String prefer) {
        if (prefer == null) {
            return null;
        }
        for (String preference : prefer.split(",")) {
            String token = preference.split(";", 2)[0].trim();
            int eq = token.indexOf('=');
            if (eq < 0 || !token.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("ngsi-ld")) {
                continue;
            }
            String value = token.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            return VERSION.matcher(value).matches() ? value : null;
        }
        return null;
    }

    /** The Preference-Applied header value for an honoured version. */
    public static String applied(String version) {
        return "ngsi-ld=" + version;
    }
}
