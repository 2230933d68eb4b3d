package city.tsunagu.broker.entity.web;

import city.tsunagu.broker.common.error.InvalidRequestException;

/** The representations of an entity (ETSI GS CIM 009 v1.9.1, 4.5): normalized, concise, simplified. */
public enum Format {
    NORMALIZED, CONCISE, SIMPLIFIED;

    /** From the {@code format} parameter and the {@code options} list; format wins if both are given. */
    public static Format of(String format, java.util.Set<String> options) {
        if (format != null && !format.isEmpty()) {
            return switch (format) {
                case "normalized" -> NORMALIZED;
                case "concise" -> CONCISE;
                case "simplified", "keyValues" -> SIMPLIFIED;
                default -> throw new InvalidRequestException("format '" + format
                        + "' is unknown; use normalized, concise, simplified or keyValues");
            };
        }
        if (options.contains("keyValues") || options.contains("simplified")) {
            return SIMPLIFIED;
        }
        if (options.contains("concise")) {
            return CONCISE;
        }
        return NORMALIZED;
    }
}
