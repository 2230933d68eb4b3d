package city.tsunagu.broker.temporal;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.entity.model.NgsiLd;
import java.time.Instant;

/**
 * The temporal part of a temporal query (4.11): {@code timerel} before (time &lt; timeAt), after
 * (time &ge; timeAt) or between (timeAt &le; time &lt; endTimeAt) on the chosen {@code timeproperty};
 * no timerel = the whole history. {@code lastN} keeps the most recent N instances per attribute
 * (0 = no limit).
 */
public record TimeQuery(Timerel timerel, Instant timeAt, Instant endTimeAt, TimeProperty property, int lastN) {
    public enum Timerel { BEFORE, AFTER, BETWEEN }

    public static final TimeQuery ALL = new TimeQuery(null, null, null, TimeProperty.OBSERVED_AT, 0);

    public static TimeQuery parse(String timerel, String timeAt, String endTimeAt, String timeproperty, String lastN) {
        TimeProperty property = TimeProperty.parse(timeproperty);
        int last = parseLastN(lastN);
        if (timerel == null || timerel.isEmpty()) {
            if (timeAt != null && !timeAt.isEmpty()) {
                throw new BadRequestDataException("timeAt needs timerel (before, after or between)");
            }
            return new TimeQuery(null, null, null, property, last);
        }
        Timerel rel = switch (timerel) {
            case "before" -> Timerel.BEFORE;
            case "after" -> Timerel.AFTER;
            case "between" -> Timerel.BETWEEN;
            default -> throw new BadRequestDataException("timerel must be before, after or between, got '" + timerel + "'");
        };
        Instant at = time("timeAt", timeAt);
        if (at == null) {
            throw new BadRequestDataException("timerel " + timerel + " needs timeAt");
        }
        Instant end = null;
        if (rel == Timerel.BETWEEN) {
            end = time("endTimeAt", endTimeAt);
            if (end == null) {
                throw new BadRequestDataException("timerel between needs endTimeAt");
            }
            if (!end.isAfter(at)) {
                throw new BadRequestDataException("endTimeAt must be later than timeAt");
            }
        }
        return new TimeQuery(rel, at, end, property, last);
    }

    private static Instant time(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!NgsiLd.isDateTime(value)) {
            throw new BadRequestDataException(name + " must be a DateTime such as 2024-05-01T08:00:00Z, got '" + value + "'");
        }
        return TemporalInstance.parseTime(value);
    }

    private static int parseLastN(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new BadRequestDataException("lastN must be a positive integer, got '" + value + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequestDataException("lastN must be a positive integer, got '" + value + "'");
        }
    }

    /** Start of the range (inclusive), null = unbounded. */
    public Instant from() {
        return timerel == Timerel.AFTER || timerel == Timerel.BETWEEN ? timeAt : null;
    }

    /** End of the range (exclusive), null = unbounded. */
    public Instant to() {
        return switch (timerel == null ? Timerel.AFTER : timerel) {
            case BEFORE -> timeAt;
            case BETWEEN -> endTimeAt;
            case AFTER -> null;
        };
    }

    public boolean contains(Instant time) {
        if (time == null) {
            return false;
        }
        Instant from = from();
        Instant to = to();
        return (from == null || !time.isBefore(from)) && (to == null || time.isBefore(to));
    }

    /** The same range starting no earlier than {@code floor} (the retention's limit); null floor = unchanged. */
    public TimeQuery atLeast(Instant floor) {
        if (floor == null) {
            return this;
        }
        Instant from = from();
        if (from != null && !from.isBefore(floor)) {
            return this;
        }
        Instant to = to();
        if (to == null) {
            return new TimeQuery(Timerel.AFTER, floor, null, property, lastN);
        }
        if (!to.isAfter(floor)) {
            return new TimeQuery(Timerel.BETWEEN, floor, floor, property, lastN); // an empty range
        }
        return new TimeQuery(Timerel.BETWEEN, floor, to, property, lastN);
    }
}
