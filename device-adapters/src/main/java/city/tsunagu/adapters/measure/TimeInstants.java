package city.tsunagu.adapters.measure;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Readings' TimeInstant: ISO 8601 with an offset or Z, as the IoT Agents accept it. */
final class TimeInstants {
    private TimeInstants() {
    }

    static Instant parse(Object value) {
        String text = String.valueOf(value);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new MeasureException("bad-timestamp", "TimeInstant '" + text
                    + "' is not an ISO 8601 date-time with an offset, e.g. 2026-04-01T09:30:00Z");
        }
    }

    static boolean looksLikeOne(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
