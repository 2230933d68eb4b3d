package city.tsunagu.adapters.measure;

import java.time.Instant;
import java.util.Map;

/**
 * One reading of a device: its measures by the names the device uses (values as decoded: text,
 * numbers, booleans, maps and lists for JSON), and when it was observed if the device said so
 * (its {@code TimeInstant} measure).
 */
public record Reading(Map<String, Object> measures, Instant observedAt) {
    public static final String TIME_INSTANT = "TimeInstant";
}
