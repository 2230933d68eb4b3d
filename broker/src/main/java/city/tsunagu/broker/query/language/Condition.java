package city.tsunagu.broker.query.language;

import city.tsunagu.broker.entity.model.Entity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A node of the query AST: what an entity must satisfy. Attribute names and entity types are
 * expanded IRIs, so a condition means the same whatever @context the request used.
 */
public sealed interface Condition
        permits And, Or, Exists, NotExists, Comparison, Range, ValueList, PatternMatch, LinkedMatch,
        ScopeMatch, TypeMatch {

    /** Whether the entity satisfies this condition; Linked Entity conditions never match. */
    default boolean matches(Entity entity) {
        return Evaluator.matches(this, entity, LinkedEntities.NONE);
    }

    /**
     * Whether the entity satisfies this condition, following Relationships to the entities
     * {@code linked} finds for Linked Entity conditions ({@code rel{attr}==x}).
     */
    default boolean matches(Entity entity, LinkedEntities linked) {
        return Evaluator.matches(this, entity, linked);
    }

    /**
     * The conjunction of the given conditions, nulls skipped (e.g. {@code and(q, scopeQ, types)}
     * with the parameters a request did not give as null); null when none is left.
     */
    static Condition and(Condition... conditions) {
        List<Condition> present = new ArrayList<>();
        Arrays.stream(conditions).filter(Objects::nonNull).forEach(present::add);
        return present.isEmpty() ? null : And.of(present);
    }
}
