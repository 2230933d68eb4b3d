package city.tsunagu.broker.query.language;

import city.tsunagu.broker.entity.model.Entity;
import java.util.Optional;

/** Finds the entity a Relationship points to, for evaluating {@link LinkedMatch} in memory. */
@FunctionalInterface
public interface LinkedEntities {
    /** Finds nothing: Linked Entity conditions do not match. */
    LinkedEntities NONE = id -> Optional.empty();

    Optional<Entity> find(String entityId);
}
