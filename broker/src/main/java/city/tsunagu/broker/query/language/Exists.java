package city.tsunagu.broker.query.language;

import java.util.Objects;

/** The target element exists (a query term that is only an attribute path, 4.9). */
public record Exists(AttributePath path) implements Condition {
    public Exists {
        Objects.requireNonNull(path, "path");
    }
}
