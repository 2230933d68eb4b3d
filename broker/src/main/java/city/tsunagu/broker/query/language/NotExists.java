package city.tsunagu.broker.query.language;

import java.util.Objects;

/**
 * The target element does not exist: {@code !attr}. Not in the ABNF of 4.9, but offered by
 * Orion-LD and used by conformance tests, so accepted.
 */
public record NotExists(AttributePath path) implements Condition {
    public NotExists {
        Objects.requireNonNull(path, "path");
    }
}
