package city.tsunagu.broker.query;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.store.EntityStore;
import city.tsunagu.broker.query.language.Condition;
import city.tsunagu.broker.tenant.Tenant;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Purge Entities (ETSI GS CIM 009 v1.9.1, 5.6.21): deletes the entities a query selects, or
 * some of their attributes. Matches are read a page at a time after the last id seen, so
 * deleting or changing them does not shift later pages. Each entity is read again and written
 * with a compare-and-set on its version, and only while it still matches, so an entity that a
 * concurrent writer moved out of the selection is left alone.
 */
@Service
public class EntityPurge {
    static final int PAGE_SIZE = 200;
    private static final int MAX_CONFLICT_RETRIES = 16;

    private final EntityQueryStore queries;
    private final EntityStore store;
    private final Clock clock;

    public EntityPurge(EntityQueryStore queries, EntityStore store, Clock clock) {
        this.queries = queries;
        this.store = store;
        this.clock = clock;
    }

    /** What a purge removes from each matching entity: the entity, all but some attributes, or some attributes. */
    public record Target(Mode mode, Set<String> attributes) {
        public enum Mode { ENTITY, KEEP, DROP }

        public static final Target ENTITY = new Target(Mode.ENTITY, Set.of());

        public Target {
            attributes = Set.copyOf(attributes);
        }

        boolean removes(String attribute) {
            return mode == Mode.KEEP ? !attributes.contains(attribute) : attributes.contains(attribute);
        }
    }

    /**
     * Purges what {@code selection} matches ({@code recheck}: the same selection evaluated on one
     * entity, null if it selects by id only). The selection's offset and limit are not used.
     */
    public Mono<Void> purge(Tenant tenant, EntityQuery selection, Condition recheck, Target target) {
        EntityQuery paged = new EntityQuery(selection.selectors(), selection.attrs(), selection.condition(), selection.geo(),
                0, PAGE_SIZE);
        return idsAfter(tenant, paged, null)
                .expand(ids -> ids.size() < PAGE_SIZE ? Mono.empty() : idsAfter(tenant, paged, ids.get(ids.size() - 1)))
                .concatMap(ids -> Flux.fromIterable(ids).concatMap(id -> purgeOne(tenant, id, recheck, target)))
                .then();
    }

    private Mono<List<String>> idsAfter(Tenant tenant, EntityQuery query, String afterId) {
        return queries.findAfter(tenant, query, afterId).map(Entity::id).collectList().filter(ids -> !ids.isEmpty());
    }

    private Mono<Void> purgeOne(Tenant tenant, String id, Condition recheck, Target target) {
        return Mono.defer(() -> store.find(tenant, id)
                        .filter(stored -> recheck == null || recheck.matches(stored.entity()))
                        .flatMap(stored -> write(tenant, stored, target)))
                .retryWhen(Retry.max(MAX_CONFLICT_RETRIES).filter(ConcurrentChange.class::isInstance));
    }

    private Mono<Void> write(Tenant tenant, EntityStore.Stored stored, Target target) {
        Entity current = stored.entity();
        if (target.mode() == Target.Mode.ENTITY) {
            return store.delete(tenant, stored).flatMap(EntityPurge::orConflict);
        }
        LinkedHashMap<String, List<Attribute>> attrs = current.attributesCopy();
        if (!attrs.keySet().removeIf(target::removes)) {
            return Mono.empty(); // nothing to remove: the entity and its modifiedAt stay as they are
        }
        // as Delete Entity Attribute (5.6.5): the entity's modifiedAt moves, the remaining attributes keep theirs
        Entity next = current.withAttributes(attrs)
                .withTimestamps(current.createdAt(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        return store.replace(tenant, stored, next).flatMap(EntityPurge::orConflict);
    }

    private static Mono<Void> orConflict(boolean written) {
        return written ? Mono.empty() : Mono.error(new ConcurrentChange());
    }

    /** Another writer changed the entity between our read and our write: read again. */
    private static final class ConcurrentChange extends RuntimeException {
        ConcurrentChange() {
            super("entity changed concurrently", null, false, false);
        }
    }
}
