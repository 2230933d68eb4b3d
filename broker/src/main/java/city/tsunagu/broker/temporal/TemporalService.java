package city.tsunagu.broker.temporal;

import city.tsunagu.broker.common.error.ResourceNotFoundException;
import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.query.EntityQuery;
import city.tsunagu.broker.query.EntityQueryStore;
import city.tsunagu.broker.temporal.store.TemporalStore;
import city.tsunagu.broker.tenant.Tenant;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The temporal API's operations (5.6.11-5.6.17, 5.7.3, 5.7.4) on the history store: reading
 * histories with the temporal query, lastN and the instance limit of one answer, aggregating, and
 * writing instances directly (which changes the history only, never the entity's current state).
 */
@Service
public class TemporalService {
    private final TemporalStore store;
    private final TemporalProperties properties;
    private final EntityQueryStore queries;
    private final Aggregator aggregator;
    private final Clock clock;

    public TemporalService(TemporalStore store, TemporalProperties properties, EntityQueryStore queries) {
        this.store = store;
        this.properties = properties;
        this.queries = queries;
        this.aggregator = new Aggregator(store);
        this.clock = Clock.systemUTC();
    }

    public static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("Entity " + id + " has no temporal representation");
    }

    /** The last known state of an entity with a history; ResourceNotFound if it has none. */
    public Mono<Entity> state(Tenant tenant, String id) {
        return store.findEntity(tenant, id).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** A page of the entities with a history that match the query (on their last known state). */
    public Flux<Entity> states(Tenant tenant, EntityQuery query) {
        return queries.find(store.entities(tenant), query);
    }

    /** The instances of an entity's attributes ({@code attributes} empty = all) that the query selects, in time order. */
    public Mono<TemporalEntity> history(Tenant tenant, Entity state, Collection<String> attributes, Predicate<String> includesDataset,
                                        TimeQuery query) {
        TimeQuery bounded = query.atLeast(retentionFloor());
        boolean byBucket = bounded.property() == TimeProperty.OBSERVED_AT;
        return store.instances(tenant, state.id(), attributes, byBucket ? bounded.from() : null, byBucket ? bounded.to() : null)
                .filter(i -> includesDataset.test(i.datasetId()) && bounded.contains(i.time(bounded.property())))
                .collectList()
                .map(instances -> {
                    Map<String, List<TemporalInstance>> byAttribute = new LinkedHashMap<>();
                    instances.stream()
                            .sorted(Comparator.comparing((TemporalInstance i) -> i.time(bounded.property())).thenComparing(TemporalInstance::instanceId))
                            .forEach(i -> byAttribute.computeIfAbsent(i.attribute(), a -> new ArrayList<>()).add(i));
                    return new TemporalEntity(state, byAttribute);
                });
    }

    /**
     * Whether the entity has an instance the query selects. For observedAt it reads the
     * summaries of the hours that overlap the range, and instances only when the range lies
     * between two instances of an hour, so that long ranges are decided without reading them.
     */
    public Mono<Boolean> hasInstances(Tenant tenant, Entity state, Collection<String> attributes, Predicate<String> includesDataset,
                                      TimeQuery query) {
        TimeQuery bounded = query.atLeast(retentionFloor());
        if (bounded.property() != TimeProperty.OBSERVED_AT) {
            return history(tenant, state, attributes, includesDataset, query).map(h -> h.attributes().values().stream().anyMatch(l -> !l.isEmpty()));
        }
        return store.buckets(tenant, state.id(), attributes, bounded.from(), bounded.to())
                .filter(b -> b.count() > 0 && includesDataset.test(b.datasetId()))
                .collectList()
                .flatMap(buckets -> {
                    // an hour's first or last instance inside the range is an instance inside it
                    boolean edgeInside = buckets.stream().anyMatch(b -> bounded.contains(b.first()) || bounded.contains(b.last()));
                    if (edgeInside || buckets.isEmpty()) {
                        return Mono.just(edgeInside);
                    }
                    return store.instancesOf(tenant, buckets)
                            .any(i -> includesDataset.test(i.datasetId()) && bounded.contains(i.time(TimeProperty.OBSERVED_AT)));
                });
    }

    /**
     * Cuts a history to lastN and to the most instances one answer holds (6.3.10). When an
     * attribute had more, every attribute is cut at the same time, so that the answer covers one
     * time range completely, and the range is returned for the Content-Range header; null when
     * nothing was cut.
     */
    public Limited limit(TemporalEntity history, TimeQuery query) {
        int max = properties.maxInstances();
        TimeProperty property = query.property();
        boolean newestFirst = query.lastN() > 0;
        int keep = newestFirst ? Math.min(query.lastN(), max) : max;
        Instant cut = null;
        Map<String, List<TemporalInstance>> kept = new LinkedHashMap<>();
        for (Map.Entry<String, List<TemporalInstance>> attribute : history.attributes().entrySet()) {
            List<TemporalInstance> all = attribute.getValue();
            List<TemporalInstance> part = newestFirst ? all.subList(Math.max(0, all.size() - keep), all.size())
                    : all.subList(0, Math.min(keep, all.size()));
            if (part.size() < all.size() && part.size() == max) {
                Instant edge = (newestFirst ? part.get(0) : part.get(part.size() - 1)).time(property);
                cut = cut == null ? edge : newestFirst ? (edge.isAfter(cut) ? edge : cut) : (edge.isBefore(cut) ? edge : cut);
            }
            kept.put(attribute.getKey(), part);
        }
        if (cut != null) {
            Instant edge = cut;
            kept.replaceAll((name, part) -> part.stream()
                    .filter(i -> newestFirst ? !i.time(property).isBefore(edge) : !i.time(property).isAfter(edge)).toList());
        }
        // an attribute the cut emptied stays, empty: the answer says its instances lie beyond the range
        TemporalEntity limited = new TemporalEntity(history.state(), kept);
        if (cut == null && !newestFirst) {
            return new Limited(limited, null);
        }
        if (cut == null && kept.values().stream().mapToInt(List::size).sum() == 0) {
            return new Limited(limited, null);
        }
        Instant first = kept.values().stream().flatMap(List::stream).map(i -> i.time(property)).min(Comparator.naturalOrder()).orElse(null);
        Instant last = kept.values().stream().flatMap(List::stream).map(i -> i.time(property)).max(Comparator.naturalOrder()).orElse(null);
        if (first == null) {
            return new Limited(limited, null);
        }
        ContentRange range = newestFirst
                ? new ContentRange(Objects.requireNonNullElse(query.to(), last), cut != null ? cut : first, Integer.toString(query.lastN()))
                : new ContentRange(Objects.requireNonNullElse(query.from(), first), cut, "*");
        return new Limited(limited, cut != null ? range : null, range);
    }

    /**
     * A history cut for one answer; {@code truncated}: the range covered when the answer is
     * partial (206), null when complete; {@code range}: the range covered (also for lastN answers).
     */
    public record Limited(TemporalEntity entity, ContentRange truncated, ContentRange range) {
        Limited(TemporalEntity entity, ContentRange truncated) {
            this(entity, truncated, truncated);
        }
    }

    public Mono<Aggregated> aggregate(Tenant tenant, Entity state, Collection<String> attributes, Predicate<String> includesDataset,
                                      TimeQuery query, AggregationPeriod period, Set<AggregationMethod> methods) {
        return aggregator.aggregate(tenant, state, attributes, includesDataset, query.atLeast(retentionFloor()), period, methods);
    }

    private Instant retentionFloor() {
        return properties.retention() == null ? null : clock.instant().minus(properties.retention());
    }

    // ---- writing through the temporal API ---------------------------------------------------

    /**
     * Create or Update Temporal Representation of an Entity (5.6.11): true if the entity had no
     * history before. The instances are added; the last known state takes the newest of them.
     */
    public Mono<Boolean> createOrAdd(Tenant tenant, Entity entity) {
        Instant now = clock.instant();
        return store.findEntity(tenant, entity.id()).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(existing -> {
                    Entity base = existing.orElseGet(() -> new Entity(entity.id(), entity.types(), entity.scopes(), Map.of(), now, now));
                    Set<String> types = new LinkedHashSet<>(base.types());
                    types.addAll(entity.types());
                    List<String> scopes = entity.scopes().isEmpty() ? base.scopes() : entity.scopes();
                    Entity merged = new Entity(base.id(), List.copyOf(types), scopes, base.attributesCopy(), base.createdAt(), now);
                    return write(tenant, merged, entity.attributes(), now).thenReturn(existing.isEmpty());
                });
    }

    /** Add Attributes to Temporal Representation of an Entity (5.6.12). */
    public Mono<Void> addAttributes(Tenant tenant, String id, Map<String, List<Attribute>> attributes) {
        Instant now = clock.instant();
        return state(tenant, id).flatMap(state -> write(tenant, state.withTimestamps(state.createdAt(), now), attributes, now));
    }

    private Mono<Void> write(Tenant tenant, Entity state, Map<String, List<Attribute>> attributes, Instant now) {
        List<TemporalInstance> instances = new ArrayList<>();
        attributes.forEach((name, values) -> values.forEach(v -> instances.add(TemporalInstance.of(state.id(), name, v.withTimestamps(now, now)))));
        Entity latest = state.withAttributes(newest(state, instances));
        return store.append(tenant, instances).then(store.putEntity(tenant, latest));
    }

    /** The state's attributes with, for each attribute and datasetId, the newest of its instance and the new ones. */
    private static Map<String, List<Attribute>> newest(Entity state, List<TemporalInstance> instances) {
        Map<String, List<Attribute>> attributes = state.attributesCopy();
        for (TemporalInstance instance : instances) {
            List<Attribute> current = new ArrayList<>(attributes.getOrDefault(instance.attribute(), List.of()));
            int index = -1;
            for (int i = 0; i < current.size(); i++) {
                if (current.get(i).sameDataset(instance.datasetId())) {
                    index = i;
                }
            }
            if (index < 0) {
                current.add(instance.value());
            } else if (!TemporalInstance.timeOf(current.get(index)).isAfter(instance.time())) {
                current.set(index, instance.value());
            }
            attributes.put(instance.attribute(), current);
        }
        return attributes;
    }

    /**
     * Modify Attribute Instance (5.6.15): the members given replace those of the instance, which
     * keeps its instanceId and datasetId. ResourceNotFound if the entity or instance is unknown.
     */
    public Mono<Void> modifyInstance(Tenant tenant, String id, String attribute, String instanceId, Attribute change) {
        Instant now = clock.instant();
        return state(tenant, id)
                .flatMap(state -> store.removeInstance(tenant, id, attribute, instanceId)
                        .switchIfEmpty(Mono.error(() -> new ResourceNotFoundException("Attribute " + attribute + " of entity " + id
                                + " has no instance " + instanceId)))
                        .flatMap(old -> {
                            Attribute merged = new Attribute(change.kind(), change.value(), old.value().datasetId(),
                                    change.observedAt() != null ? change.observedAt() : old.value().observedAt(),
                                    change.unitCode() != null ? change.unitCode() : old.value().unitCode(),
                                    change.objectType() != null ? change.objectType() : old.value().objectType(),
                                    mergeSubAttributes(old.value(), change), old.value().createdAt(), now);
                            return store.append(tenant, List.of(old.withValue(merged)));
                        }));
    }

    private static Map<String, Attribute> mergeSubAttributes(Attribute old, Attribute change) {
        Map<String, Attribute> subs = new LinkedHashMap<>(old.subAttributes());
        subs.putAll(change.subAttributes());
        return subs;
    }

    /** Delete Temporal Representation of an Entity (5.6.16). */
    public Mono<Void> deleteEntity(Tenant tenant, String id) {
        return store.deleteEntity(tenant, id).flatMap(deleted -> deleted ? Mono.<Void>empty() : Mono.error(notFound(id)));
    }

    /** Delete Attribute from Temporal Representation of an Entity (5.6.13). */
    public Mono<Void> deleteAttribute(Tenant tenant, String id, String attribute, String datasetId, boolean deleteAll) {
        return state(tenant, id).flatMap(state -> store.deleteAttribute(tenant, id, attribute, datasetId, deleteAll))
                .flatMap(deleted -> deleted ? Mono.<Void>empty() : Mono.error(new ResourceNotFoundException("Entity " + id
                        + " has no history of attribute " + attribute + (deleteAll || datasetId == null ? "" : " with datasetId " + datasetId))));
    }

    /** Delete Attribute Instance from Temporal Representation of an Entity (5.6.17). */
    public Mono<Void> deleteInstance(Tenant tenant, String id, String attribute, String instanceId) {
        return state(tenant, id).flatMap(state -> store.removeInstance(tenant, id, attribute, instanceId))
                .switchIfEmpty(Mono.error(() -> new ResourceNotFoundException("Attribute " + attribute + " of entity " + id
                        + " has no instance " + instanceId)))
                .then();
    }
}
