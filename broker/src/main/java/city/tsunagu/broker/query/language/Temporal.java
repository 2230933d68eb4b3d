package city.tsunagu.broker.query.language;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DateTimes, Dates and Times of the query language (4.6.3) and of stored values.
 *
 * <p>Stored strings count as temporal values only in their canonical UTC form
 * ({@code 2026-04-01T08:00:00Z}, {@code 2026-04-01T08:00:00.250Z}, {@code 2026-04-01T08:00Z};
 * {@code 2026-04-01}; {@code 08:00:00Z}). Such strings begin with their minute
 * ({@code 2026-04-01T08:00}), so the store can narrow a comparison on that fixed-width prefix even
 * though the strings themselves do not sort as instants (".5Z" sorts before "Z").
 */
final class Temporal {
    private static final Pattern CANONICAL_DATE_TIME = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?Z");
    private static final Pattern CANONICAL_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern CANONICAL_TIME = Pattern.compile("(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?Z?");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME_MINUTE = DateTimeFormatter.ofPattern("HH:mm");
    private static final Instant FIRST_CANONICAL = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant PAST_CANONICAL = Instant.parse("+10000-01-01T00:00:00Z");

    private Temporal() {
    }

    /** A stored string as an instant, if it is a canonical UTC DateTime; else null. */
    static Instant canonicalDateTime(String text) {
        if (text == null || text.length() < 17 || text.length() > 30) {
            return null;
        }
        Matcher m = CANONICAL_DATE_TIME.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000000").substring(0, 9));
            return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                            Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                            m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** A stored string as a date, if it is a canonical Date; else null. */
    static LocalDate canonicalDate(String text) {
        if (text == null || text.length() != 10 || !CANONICAL_DATE.matcher(text).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A stored string as a time of day, if it is a canonical Time; else null. */
    static LocalTime canonicalTime(String text) {
        if (text == null || text.length() < 5 || text.length() > 19) {
            return null;
        }
        Matcher m = CANONICAL_TIME.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            int nanos = m.group(4) == null ? 0 : Integer.parseInt((m.group(4) + "00000000").substring(0, 9));
            return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * A DateTime written in a query: ISO 8601 with Z or an offset; without either it is taken
     * as UTC. Null when it is not one.
     */
    static Instant parseDateTime(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** A Date written in a query, or null. */
    static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A Time written in a query ({@code HH:mm[:ss[.fraction]][Z]}), or null. */
    static LocalTime parseTime(String text) {
        return CANONICAL_TIME.matcher(text).matches() ? canonicalTime(text) : null;
    }

    /** The minute prefix of the canonical form of {@code instant}, or null outside years 0000-9999. */
    static String minutePrefix(Instant instant) {
        if (instant.isBefore(FIRST_CANONICAL) || !instant.isBefore(PAST_CANONICAL)) {
            return null;
        }
        return MINUTE.format(instant);
    }

    /** The minute prefix ("HH:mm") of the canonical form of a time. */
    static String minutePrefix(LocalTime time) {
        return TIME_MINUTE.format(time);
    }
}
