package city.tsunagu.broker.entity.store;

/**
 * MongoDB field names may not contain '.' nor start with '$'; expanded IRIs are full of dots.
 * Those two characters are swapped for full-width look-alikes that IRIs and JSON keys in
 * practice never use, and swapped back on reading.
 */
public final class KeyCodec {
    private static final char DOT = '.';
    private static final char DOT_STAND_IN = '\uFF0E';
    private static final char DOLLAR = '$';
    private static final char DOLLAR_STAND_IN = '\uFF04';

    private KeyCodec() {
    }

    public static String encode(String key) {
        String encoded = key.indexOf(DOT) >= 0 ? key.replace(DOT, DOT_STAND_IN) : key;
        if (!encoded.isEmpty() && encoded.charAt(0) == DOLLAR) {
            encoded = DOLLAR_STAND_IN + encoded.substring(1);
        }
        return encoded;
    }

    public static String decode(String key) {
        String decoded = key.indexOf(DOT_STAND_IN) >= 0 ? key.replace(DOT_STAND_IN, DOT) : key;
        if (!decoded.isEmpty() && decoded.charAt(0) == DOLLAR_STAND_IN) {
            decoded = DOLLAR + decoded.substring(1);
        }
        return decoded;
    }
}
