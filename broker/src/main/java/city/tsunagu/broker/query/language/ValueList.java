package city.tsunagu.broker.query.language;

import java.util.List;
import java.util.Objects;

/**
 * The target value equal to any of the values ({@code attr==v1,v2}); when {@code negated}
 * ({@code attr!=v1,v2}), the target exists and equals none of them.
 */
public record ValueList(AttributePath path, boolean negated, List<Value> values) implements Condition {
    public ValueList {
        Objects.requireNonNull(path, "path");
        values = List.copyOf(values);
    }
}
