package city.tsunagu.broker.query.language;

import java.util.Objects;

/**
 * The target value within {@code [min, max]}, both included ({@code attr==min..max}); when
 * {@code negated} ({@code attr!=min..max}), the target exists and no value of it is within.
 * Both bounds are of the same comparable kind.
 */
public record Range(AttributePath path, boolean negated, Value min, Value max) implements Condition {
    public Range {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
    }
}
