package city.tsunagu.broker.temporal.web;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.InvalidRequestException;
import java.util.Set;

/** The temporal representations (4.5.7, 4.5.9, 4.5.19), chosen by {@code format} or {@code options}. */
enum Representation {
    NORMALIZED, TEMPORAL_VALUES, AGGREGATED_VALUES;

    static Representation of(String format, Set<String> options) {
        if (format != null && !format.isEmpty()) {
            return switch (format) {
                case "normalized" -> NORMALIZED;
                case "temporalValues", "simplified", "keyValues" -> TEMPORAL_VALUES;
                case "aggregatedValues" -> AGGREGATED_VALUES;
                default -> throw new InvalidRequestException("format '" + format
                        + "' is not a temporal representation; use normalized, temporalValues or aggregatedValues");
            };
        }
        boolean temporalValues = options.contains("temporalValues") || options.contains("simplified") || options.contains("keyValues");
        boolean aggregated = options.contains("aggregatedValues");
        if (temporalValues && aggregated) {
            throw new BadRequestDataException("options temporalValues and aggregatedValues exclude each other");
        }
        return aggregated ? AGGREGATED_VALUES : temporalValues ? TEMPORAL_VALUES : NORMALIZED;
    }
}
