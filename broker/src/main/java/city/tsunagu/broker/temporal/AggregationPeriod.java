package city.tsunagu.broker.temporal;

import city.tsunagu.broker.common.error.BadRequestDataException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code aggrPeriodDuration} (4.5.19): an ISO 8601 duration P[n]Y[n]M[n]DT[n]H[n]M[n]S or
 * P[n]W; calendar parts (years, months, days) step in UTC. A zero duration (PT0S, P0D, or none
 * given) is one period spanning the whole queried range.
 */
public record AggregationPeriod(Period calendar, Duration time) {
    public static final AggregationPeriod WHOLE_RANGE = new AggregationPeriod(Period.ZERO, Duration.ZERO);

    private static final Pattern ISO = Pattern.compile(
            "P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?=\\d)(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?");

    public static AggregationPeriod parse(String text) {
        if (text == null || text.isEmpty()) {
            return WHOLE_RANGE;
        }
        Matcher m = ISO.matcher(text);
        if (text.equals("P") || !m.matches()) {
            throw new BadRequestDataException("aggrPeriodDuration must be an ISO 8601 duration such as PT15M, PT1H or P1D, got '"
                    + text + "'");
        }
        try {
            Period calendar = Period.of(number(m.group(1)), number(m.group(2)), Math.addExact(Math.multiplyExact(number(m.group(3)), 7),
                    number(m.group(4))));
            BigDecimal seconds = m.group(7) == null ? BigDecimal.ZERO : new BigDecimal(m.group(7));
            Duration time = Duration.ofHours(number(m.group(5))).plusMinutes(number(m.group(6)))
                    .plusNanos(seconds.movePointRight(9).longValueExact());
            return new AggregationPeriod(calendar, time);
        } catch (ArithmeticException e) {
            throw new BadRequestDataException("aggrPeriodDuration '" + text + "' is too long");
        }
    }

    private static int number(String digits) {
        return digits == null ? 0 : Integer.parseInt(digits);
    }

    public boolean wholeRange() {
        return calendar.isZero() && time.isZero();
    }

    /** The start of the period after the one starting at {@code start}. */
    public Instant next(Instant start) {
        return start.atOffset(ZoneOffset.UTC).plus(calendar).plus(time).toInstant();
    }
}
