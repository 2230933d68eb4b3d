package city.tsunagu.broker.query.language;

import java.util.Objects;

/** The entity has this type (an expanded IRI), possibly among others (4.17). */
public record TypeMatch(String type) implements Condition {
    public TypeMatch {
        Objects.requireNonNull(type, "type");
    }
}
