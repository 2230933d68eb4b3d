package city.tsunagu.broker.query.language;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;

/** A value in a query term (4.9: Number, quotedStr, true/false, dateTime, date, time, URI). */
public sealed interface Value {

    /** Whether ordering operators and ranges accept this kind of value (ComparableValue of 4.9). */
    default boolean isComparable() {
        return !(this instanceof BooleanValue) && !(this instanceof UriValue);
    }

    /**
     * A JSON number. {@code number} is the value the store compares with, so that both
     * evaluators agree: integers exactly, other numbers as the nearest double.
     */
    record NumberValue(BigDecimal number) implements Value {
        public NumberValue {
            Objects.requireNonNull(number, "number");
        }
    }

    /** A string: quoted ("..." with JSON escapes), or a bare term (expanded when expandValues names the attribute). */
    record TextValue(String text) implements Value {
        public TextValue {
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code true} or {@code false}. */
    record BooleanValue(boolean value) implements Value {
    }

    /** A DateTime ({@code 2026-01-01T00:00:00Z}); compared as an instant. */
    record DateTimeValue(Instant instant) implements Value {
        public DateTimeValue {
            Objects.requireNonNull(instant, "instant");
        }
    }

    /** A Date ({@code 2026-01-01}). */
    record DateValue(LocalDate date) implements Value {
        public DateValue {
            Objects.requireNonNull(date, "date");
        }
    }

    /** A Time ({@code 08:30:00Z}). */
    record TimeValue(LocalTime time) implements Value {
        public TimeValue {
            Objects.requireNonNull(time, "time");
        }
    }

    /** An unquoted URI ({@code urn:ngsi-ld:Route:1}): equal to the same string, e.g. a Relationship's object. */
    record UriValue(String uri) implements Value {
        public UriValue {
            Objects.requireNonNull(uri, "uri");
        }
    }
}
