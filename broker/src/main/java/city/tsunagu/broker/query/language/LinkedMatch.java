package city.tsunagu.broker.query.language;

import java.util.List;
import java.util.Objects;

/**
 * A condition on the entities a Relationship points to ({@code rel{attr}==v},
 * {@code rel{Type1,Type2:attr}==v}, 4.9 examples 13 and 14): some object of the Relationship
 * (or ListRelationship) {@code relationship} is an entity having one of {@code typeHints} (any
 * type when empty) and satisfying {@code condition}.
 */
public record LinkedMatch(String relationship, List<String> typeHints, Condition condition) implements Condition {
    public LinkedMatch {
        Objects.requireNonNull(relationship, "relationship");
        typeHints = List.copyOf(typeHints);
        Objects.requireNonNull(condition, "condition");
    }
}
