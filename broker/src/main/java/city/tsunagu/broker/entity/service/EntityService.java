package city.tsunagu.broker.entity.service;

import city.tsunagu.broker.common.error.ResourceNotFoundException;
import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.entity.model.EntityParser.EntityFragment;
import city.tsunagu.broker.entity.store.EntityStore;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.tenant.Tenant;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The entity operations of ETSI GS CIM 009 v1.9.1 clause 5.6 on expanded entities. Every change
 * is read-modify-write with a compare-and-set on the entity's version, retried on conflict, so
 * one entity's update is atomic and a rejected request changes nothing.
 */
@Service
public class EntityService {
    private static final int MAX_CONFLICT_RETRIES = 16;

    private final EntityStore store;
    private final Clock clock;
    private final AttributeMerge merger = new AttributeMerge();
    private final EntityParser parser = new EntityParser();

    public EntityService(EntityStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Create Entity (5.6.1). */
    public Mono<Void> create(Tenant tenant, Entity entity) {
        return store.insert(tenant, stampNew(entity));
    }

    /** Retrieve Entity (5.7.1). */
    public Mono<Entity> retrieve(Tenant tenant, String id) {
        return store.find(tenant, id).map(EntityStore.Stored::entity)
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** Delete Entity (5.6.6). */
    public Mono<Void> delete(Tenant tenant, String id) {
        return store.delete(tenant, id).flatMap(deleted -> deleted ? Mono.<Void>empty() : Mono.error(notFound(id)));
    }

    /** Delete Entity restricted to a type (the {@code type} parameter of 5.6.6): 404 when the type differs. */
    public Mono<Void> delete(Tenant tenant, String id, List<String> expandedTypes) {
        if (expandedTypes.isEmpty()) {
            return delete(tenant, id);
        }
        return store.find(tenant, id)
                .filter(s -> s.entity().types().stream().anyMatch(expandedTypes::contains))
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(s -> store.delete(tenant, id, s.version()))
                .flatMap(deleted -> deleted ? Mono.<Void>empty() : Mono.error(notFound(id)));
    }

    /** Replace Entity (5.6.18): everything but id and createdAt replaced. */
    public Mono<Void> replace(Tenant tenant, Entity replacement) {
        return modify(tenant, replacement.id(), current -> {
            Instant now = now();
            Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
            replacement.attributes().forEach((name, instances) -> attrs.put(name, stampAll(instances, null, now)));
            return Change.of(new Entity(current.id(), replacement.types(), replacement.scopes(), attrs,
                    current.createdAt(), now), null);
        }).then();
    }

    /** Merge Entity (5.6.17): merge-patch of attributes, "urn:ngsi-ld:null" deletes. */
    public Mono<Void> merge(Tenant tenant, String id, ObjectNode fragment, LdContext ctx) {
        EntityFragment parsed = parser.parseFragment(fragment, ctx, true);
        return modify(tenant, id, current -> {
            Instant now = now();
            LinkedHashMap<String, List<Attribute>> attrs = current.attributesCopy();
            for (Map.Entry<String, JsonNode> member : fragment.properties()) {
                String key = member.getKey();
                if (city.tsunagu.broker.entity.model.NgsiLd.ENTITY_MEMBERS.contains(key)) {
                    continue;
                }
                String iri = ctx.expand(key);
                List<Attribute> newInstances = parsed.attributes().get(iri);
                List<JsonNode> fragments = member.getValue().isArray() && newInstances.size() > 1
                        ? toList(member.getValue()) : List.of(member.getValue());
                for (int i = 0; i < newInstances.size(); i++) {
                    mergeInstance(attrs, key, iri, newInstances.get(i), fragments.get(Math.min(i, fragments.size() - 1)), ctx, now);
                }
            }
            List<String> types = mergeTypes(current.types(), parsed.types());
            List<String> scopes = parsed.scopes() == null ? current.scopes() : parsed.scopes();
            return Change.of(new Entity(current.id(), types, scopes, attrs, current.createdAt(), now), null);
        }).then();
    }

    private void mergeInstance(Map<String, List<Attribute>> attrs, String name, String iri, Attribute parsed,
                               JsonNode fragment, LdContext ctx, Instant now) {
        List<Attribute> instances = attrs.get(iri);
        Attribute existing = Attributes.instance(instances, parsed.datasetId()).orElse(null);
        if (EntityParser.isNullMarker(parsed.value())) {
            if (existing != null) {
                List<Attribute> remaining = Attributes.removeInstance(instances, parsed.datasetId());
                if (remaining.isEmpty()) {
                    attrs.remove(iri);
                } else {
                    attrs.put(iri, remaining);
                }
            }
            return;
        }
        Attribute merged = existing == null ? parsed : merger.merge(name, existing, fragment, ctx, true);
        attrs.put(iri, Attributes.putInstance(instances, Attributes.stamp(merged, existing, now)));
    }

    /** Append Entity Attributes (5.6.3): add, or overwrite unless {@code noOverwrite}. */
    public Mono<UpdateResult> append(Tenant tenant, String id, Map<String, List<Attribute>> attributes, boolean noOverwrite) {
        return modify(tenant, id, current -> {
            Instant now = now();
            LinkedHashMap<String, List<Attribute>> attrs = current.attributesCopy();
            List<String> updated = new ArrayList<>();
            List<UpdateResult.NotUpdated> notUpdated = new ArrayList<>();
            attributes.forEach((iri, instances) -> {
                boolean any = false;
                for (Attribute instance : instances) {
                    Attribute existing = Attributes.instance(attrs.get(iri), instance.datasetId()).orElse(null);
                    if (existing != null && noOverwrite) {
                        continue;
                    }
                    attrs.put(iri, Attributes.putInstance(attrs.get(iri), Attributes.stamp(instance, existing, now)));
                    any = true;
                }
                if (any) {
                    updated.add(iri);
                } else {
                    notUpdated.add(new UpdateResult.NotUpdated(iri, "attribute exists and noOverwrite was requested"));
                }
            });
            Entity next = updated.isEmpty() ? null : current.withAttributes(attrs).withTimestamps(current.createdAt(), now);
            return Change.of(next, new UpdateResult(updated, notUpdated));
        });
    }

    /** Update Entity Attributes (5.6.2): only attributes that exist are replaced; "urn:ngsi-ld:null" deletes. */
    public Mono<UpdateResult> update(Tenant tenant, String id, Map<String, List<Attribute>> attributes) {
        return modify(tenant, id, current -> {
            Instant now = now();
            LinkedHashMap<String, List<Attribute>> attrs = current.attributesCopy();
            List<String> updated = new ArrayList<>();
            List<UpdateResult.NotUpdated> notUpdated = new ArrayList<>();
            attributes.forEach((iri, instances) -> {
                boolean any = false;
                for (Attribute instance : instances) {
                    Attribute existing = Attributes.instance(attrs.get(iri), instance.datasetId()).orElse(null);
                    if (existing == null) {
                        continue;
                    }
                    if (EntityParser.isNullMarker(instance.value())) {
                        List<Attribute> remaining = Attributes.removeInstance(attrs.get(iri), instance.datasetId());
                        if (remaining.isEmpty()) {
                            attrs.remove(iri);
                        } else {
                            attrs.put(iri, remaining);
                        }
                    } else {
                        attrs.put(iri, Attributes.putInstance(attrs.get(iri), Attributes.stamp(instance, existing, now)));
                    }
                    any = true;
                }
                if (any) {
                    updated.add(iri);
                } else {
                    notUpdated.add(new UpdateResult.NotUpdated(iri, "attribute does not exist"
                            + (instances.get(0).datasetId() == null ? "" : " with datasetId " + instances.get(0).datasetId())));
                }
            });
            Entity next = updated.isEmpty() ? null : current.withAttributes(attrs).withTimestamps(current.createdAt(), now);
            return Change.of(next, new UpdateResult(updated, notUpdated));
        });
    }

    /** Partial Attribute Update (5.6.4): members of the fragment replace those of the instance. */
    public Mono<Void> updateAttribute(Tenant tenant, String id, String name, String iri, JsonNode fragment, LdContext ctx) {
        String datasetId = fragment.isObject() && fragment.has("datasetId") && fragment.get("datasetId").isString()
                ? fragment.get("datasetId").stringValue() : null;
        return modify(tenant, id, current -> {
            Attribute existing = Attributes.instance(current.attributes().get(iri), datasetId)
                    .orElseThrow(() -> attributeNotFound(id, name, datasetId));
            Instant now = now();
            Attribute merged = Attributes.stamp(merger.merge(name, existing, fragment, ctx, false), existing, now);
            LinkedHashMap<String, List<Attribute>> attrs = current.attributesCopy();
            attrs.put(iri, Attributes.putInstance(attrs.get(iri), merged));
            return Change.of(current.withAttributes(attrs).withTimestamps(current.createdAt(), now), null);
        }).then();
    }

    /** Replace Attribute (5.6.19). */
    public Mono<Void> replaceAttribute(Tenant tenant, String id, String name, String iri, Attribute replacement) {
        return modify(tenant, id, current -> {
            Attribute existing = Attributes.instance(current.attributes().get(iri), replacement.datasetId())
                    .orElseThrow(() -> attributeNotFound(id, name, replacement.datasetId()));
            Instant now = now();
            LinkedHashMap<String, List<Attribute>> attrs = current.attributesCopy();
            attrs.put(iri, Attributes.putInstance(attrs.get(iri), Attributes.stamp(replacement, existing, now)));
            return Change.of(current.withAttributes(attrs).withTimestamps(current.createdAt(), now), null);
        }).then();
    }

    /** Delete Entity Attribute (5.6.5): one instance by datasetId, the default one, or all. */
    public Mono<Void> deleteAttribute(Tenant tenant, String id, String name, String iri, String datasetId, boolean deleteAll) {
        return modify(tenant, id, current -> {
            List<Attribute> instances = current.attributes().get(iri);
            LinkedHashMap<String, List<Attribute>> attrs = current.attributesCopy();
            if (deleteAll) {
                if (instances == null) {
                    throw attributeNotFound(id, name, null);
                }
                attrs.remove(iri);
            } else {
                Attributes.instance(instances, datasetId).orElseThrow(() -> attributeNotFound(id, name, datasetId));
                List<Attribute> remaining = Attributes.removeInstance(instances, datasetId);
                if (remaining.isEmpty()) {
                    attrs.remove(iri);
                } else {
                    attrs.put(iri, remaining);
                }
            }
            return Change.of(current.withAttributes(attrs).withTimestamps(current.createdAt(), now()), null);
        }).then();
    }

    /** Upsert (batch, 5.6.8): create, or replace/update an existing entity. True if created. */
    public Mono<Boolean> upsert(Tenant tenant, Entity entity, boolean updateMode) {
        return store.find(tenant, entity.id())
                .map(stored -> true)
                .defaultIfEmpty(false)
                .flatMap(exists -> {
                    if (!exists) {
                        return create(tenant, entity).thenReturn(true)
                                .onErrorResume(city.tsunagu.broker.common.error.AlreadyExistsException.class,
                                        e -> upsert(tenant, entity, updateMode));
                    }
                    Mono<?> change = updateMode
                            ? append(tenant, entity.id(), entity.attributes(), false)
                            : replace(tenant, entity);
                    return change.thenReturn(false);
                });
    }

    private <R> Mono<R> modify(Tenant tenant, String id, Function<Entity, Change<R>> change) {
        return Mono.defer(() -> store.find(tenant, id)
                        .switchIfEmpty(Mono.error(() -> notFound(id)))
                        .flatMap(stored -> {
                            Change<R> result = change.apply(stored.entity());
                            if (result.entity() == null) {
                                return Mono.justOrEmpty(result.result());
                            }
                            return store.replace(tenant, result.entity(), stored.version())
                                    .flatMap(ok -> ok ? Mono.justOrEmpty(result.result()) : Mono.error(new ConcurrentChange()));
                        }))
                .retryWhen(Retry.max(MAX_CONFLICT_RETRIES).filter(ConcurrentChange.class::isInstance));
    }

    private Entity stampNew(Entity entity) {
        Instant now = now();
        Map<String, List<Attribute>> attrs = new LinkedHashMap<>();
        entity.attributes().forEach((name, instances) -> attrs.put(name, stampAll(instances, null, now)));
        return new Entity(entity.id(), entity.types(), entity.scopes(), attrs, now, now);
    }

    private static List<Attribute> stampAll(List<Attribute> instances, Attribute previous, Instant now) {
        List<Attribute> stamped = new ArrayList<>(instances.size());
        instances.forEach(i -> stamped.add(Attributes.stamp(i, previous, now)));
        return stamped;
    }

    private static List<String> mergeTypes(List<String> current, List<String> added) {
        if (added.isEmpty()) {
            return current;
        }
        List<String> types = new ArrayList<>(current);
        added.stream().filter(t -> !types.contains(t)).forEach(types::add);
        return types;
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("Entity " + id + " does not exist");
    }

    private static ResourceNotFoundException attributeNotFound(String id, String name, String datasetId) {
        return new ResourceNotFoundException("Entity " + id + " has no attribute " + name
                + (datasetId == null ? "" : " with datasetId " + datasetId));
    }

    private record Change<R>(Entity entity, R result) {
        static <R> Change<R> of(Entity entity, R result) {
            return new Change<>(entity, result);
        }
    }

    /** Another writer changed the entity between our read and our write: read again. */
    private static final class ConcurrentChange extends RuntimeException {
        ConcurrentChange() {
            super("entity changed concurrently", null, false, false);
        }
    }
}
