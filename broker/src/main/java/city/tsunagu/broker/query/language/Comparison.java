package city.tsunagu.broker.query.language;

import java.util.Objects;

/** The target value compared with one value: {@code attr==v}, {@code attr>v}, ... */
public record Comparison(AttributePath path, Operator operator, Value value) implements Condition {
    public Comparison {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(value, "value");
    }
}
