package city.tsunagu.broker.query;

import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.store.EntityDocuments;
import city.tsunagu.broker.entity.store.EntityStore;
import city.tsunagu.broker.entity.store.KeyCodec;
import city.tsunagu.broker.query.geo.GeoIndex;
import city.tsunagu.broker.query.geo.GeoPredicate;
import city.tsunagu.broker.query.language.Condition;
import city.tsunagu.broker.query.language.EntityFilter;
import city.tsunagu.broker.query.language.LinkedEntities;
import city.tsunagu.broker.tenant.Tenant;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs {@link EntityQuery}s: the store narrows with one MongoDB filter (ids, types, q, scopeQ,
 * the bounding boxes of geo-attributes); where that filter is not exact (some q forms,
 * geometry) the candidates are checked in memory with the same AST and JTS, and the page is
 * cut after that check so that offsets and counts stay right.
 */
@Repository
public class EntityQueryStore {
    private final EntityStore entities;

    public EntityQueryStore(EntityStore entities) {
        this.entities = entities;
    }

    /**
     * A query prepared for the store: the filter and, if the filter is not exact, the check after
     * it; {@code linked}: the condition, when its Linked Entity terms need entities read for it.
     */
    private record Plan(Bson filter, BiPredicate<Entity, LinkedEntities> check, Condition linked) {
    }

    /**
     * Candidates read in one reply when the store's filter is not exact: a typical query's
     * candidates then come in a single batch, without getMore round trips (under load a query
     * reading many batches from the embedded store was now and then never answered; see the
     * session notes — this narrows, not explains, that).
     */
    private static final int READ_BATCH = 10_000;

    /** Linked Entity terms are evaluated for this many candidates at a time, with one read per level. */
    private static final int LINKED_BATCH = 100;

    /** One page of matching entities, in id order (or the query's order) so that pages are stable. */
    public Flux<Entity> find(Tenant tenant, EntityQuery query) {
        return find(entities.collectionForRead(tenant), query);
    }

    /** One page of the matching entities of a collection of entity documents (the history's last known states). */
    public Flux<Entity> find(Mono<MongoCollection<Document>> collection, EntityQuery query) {
        return page(collection, plan(query), query.order(), query.offset(), query.limit());
    }

    /**
     * The first {@code query.limit()} matching entities with ids after {@code afterId} (null:
     * from the first), in id order; the query's offset is not used. Paging by the last id seen
     * stays right while the caller deletes or changes the entities it has been given.
     */
    public Flux<Entity> findAfter(Tenant tenant, EntityQuery query, String afterId) {
        Plan plan = plan(query);
        if (afterId != null) {
            plan = new Plan(Filters.and(plan.filter(), Filters.gt(EntityDocuments.ID, afterId)), plan.check(), plan.linked());
        }
        return page(entities.collectionForRead(tenant), plan, null, 0, query.limit());
    }

    private Flux<Entity> page(Mono<MongoCollection<Document>> collection, Plan plan, EntityOrder order, int offset, int limit) {
        if (limit == 0) {
            return Flux.empty();
        }
        return collection.flatMapMany(c -> {
            var find = c.find(plan.filter()).sort(Sorts.ascending(EntityDocuments.ID));
            if (order != null) {
                // 4.23 ordering is evaluated here (kinds, collations, distances): keep only the first offset + limit
                return checked(c, Flux.from(find.batchSize(READ_BATCH)).map(EntityDocuments::toEntity), plan)
                        .collect(() -> new TopN<>(order, (long) offset + limit), TopN::add)
                        .flatMapIterable(TopN::sorted)
                        .skip(offset);
            }
            if (plan.check() == null) {
                return Flux.from(find.skip(offset).limit(limit)).map(EntityDocuments::toEntity);
            }
            return checked(c, Flux.from(find.batchSize(READ_BATCH)).map(EntityDocuments::toEntity), plan).skip(offset).take(limit);
        });
    }


    public Mono<Long> count(Tenant tenant, EntityQuery query) {
        return count(entities.collectionForRead(tenant), query);
    }

    public Mono<Long> count(Mono<MongoCollection<Document>> collection, EntityQuery query) {
        Plan plan = plan(query);
        return collection.flatMap(c -> plan.check() == null
                ? Mono.from(c.countDocuments(plan.filter()))
                : checked(c, Flux.from(c.find(plan.filter()).batchSize(READ_BATCH)).map(EntityDocuments::toEntity), plan).count());
    }

    /**
     * The entities the Linked Entity terms of {@code condition} reach from {@code entity}, read
     * from the store now, for evaluating the condition in memory (a subscription's q at
     * notification time).
     */
    public Mono<LinkedEntities> linkedEntities(Tenant tenant, Entity entity, Condition condition) {
        return entities.collectionForRead(tenant).flatMap(c -> LinkedTargets.fetch(c, List.of(entity), condition));
    }

    /** The candidates that pass the plan's check, with the linked entities it needs read batch by batch. */
    private static Flux<Entity> checked(MongoCollection<Document> collection, Flux<Entity> candidates, Plan plan) {
        if (plan.check() == null) {
            return candidates;
        }
        if (plan.linked() == null) {
            return candidates.filter(e -> plan.check().test(e, LinkedEntities.NONE));
        }
        return candidates.buffer(LINKED_BATCH).concatMap(batch -> LinkedTargets.fetch(collection, batch, plan.linked())
                .flatMapIterable(links -> batch.stream().filter(e -> plan.check().test(e, links)).toList()));
    }

    private static Plan plan(EntityQuery query) {
        List<Bson> filters = new ArrayList<>();
        List<Bson> selectors = new ArrayList<>();
        for (EntityQuery.Selector selector : query.selectors()) {
            List<Bson> parts = new ArrayList<>();
            if (!selector.ids().isEmpty()) {
                parts.add(Filters.in(EntityDocuments.ID, selector.ids()));
            } else if (selector.idPattern() != null) {
                parts.add(Filters.regex(EntityDocuments.ID, selector.idPattern()));
            }
            if (selector.types() != null) {
                parts.add(EntityFilter.of(selector.types()).bson()); // type selection filters are exact
            }
            selectors.add(parts.isEmpty() ? new Document() : parts.size() == 1 ? parts.get(0) : Filters.and(parts));
        }
        if (!selectors.isEmpty()) {
            filters.add(selectors.size() == 1 ? selectors.get(0) : Filters.or(selectors));
        }
        if (!query.attrs().isEmpty()) {
            List<Bson> any = new ArrayList<>();
            query.attrs().forEach(a -> any.add(Filters.exists(EntityDocuments.ATTRS + "." + KeyCodec.encode(a))));
            filters.add(any.size() == 1 ? any.get(0) : Filters.or(any));
        }
        BiPredicate<Entity, LinkedEntities> check = null;
        Condition condition = query.condition();
        if (condition != null) {
            EntityFilter filter = EntityFilter.of(condition);
            filters.add(filter.bson());
            if (!filter.exact()) {
                check = condition::matches;
            }
        }
        if (query.geo() != null) {
            filters.add(GeoIndex.candidateFilter(query.geo()));
            GeoPredicate geo = GeoPredicate.of(query.geo());
            check = check == null ? (e, links) -> geo.test(e) : check.and((e, links) -> geo.test(e));
        }
        Bson filter = filters.isEmpty() ? new Document() : filters.size() == 1 ? filters.get(0) : Filters.and(filters);
        return new Plan(filter, check, LinkedTargets.needed(condition) ? condition : null);
    }
}
