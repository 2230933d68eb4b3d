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
import java.util.Set;
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
    /** The name under which scope changes are reported in an UpdateResult. */
    public static final String SCOPE = "scope";

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
                .flatMap(s -> store.delete(tenant, s))
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
            List<String> types = union(current.types(), parsed.types());
            List<String> scopes = parsed.scopes() == null ? current.scopes() : parsed.scopes();
            return Change.of(new Entity(current.id(), types, scopes, attrs, current.createdAt(), now), null);
        }).then();
    }

    private void mergeInstance(Map<String, List<Attribute>> attrs, String name, String iri, Attribute parsed,
                               JsonNode fragment, LdContext ctx, Instant now) {
        List<Attribute> instances = attrs.get(iri);
        Attribute existing = Attributes.instance(instances, parsed.datasetId()).orElse(null);
        if (EntityParser.isDeletion(parsed)) {
            if (existing != null) {
                removeInstance(attrs, iri, parsed.datasetId());
            }
            return;
        }
        Attribute merged = existing == null ? parsed : merger.merge(name, existing, fragment, ctx, true);
        attrs.put(iri, Attributes.putInstance(instances, Attributes.stamp(merged, existing, now)));
    }

    /**
     * Append Entity Attributes (5.6.3): attributes added, or overwritten unless
     * {@code noOverwrite}; types in the fragment are added; a scope replaces the entity's
     * scope, or is added to it with {@code noOverwrite}.
     */
    public Mono<UpdateResult> append(Tenant tenant, String id, EntityFragment fragment, boolean noOverwrite, Set<String> typeGate) {
        return modify(tenant, id, typeGate, current -> {
            Instant now = now();
            LinkedHashMap<String, List<Attribute>> attrs = current.attributesCopy();
            List<String> updated = new ArrayList<>();
            List<UpdateResult.NotUpdated> notUpdated = new ArrayList<>();
            fragment.attributes().forEach((iri, instances) -> {
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
            List<String> scopes = current.scopes();
            if (fragment.scopes() != null) {
                scopes = noOverwrite ? union(current.scopes(), fragment.scopes()) : fragment.scopes();
                updated.add(SCOPE);
            }
            List<String> types = union(current.types(), fragment.types());
            boolean changed = !updated.isEmpty() || types.size() != current.types().size();
            Entity next = changed ? new Entity(current.id(), types, scopes, attrs, current.createdAt(), now) : null;
            return Change.of(next, new UpdateResult(updated, notUpdated));
        });
    }

    /**
     * Update Entity Attributes (5.6.2): instances replaced or added, "urn:ngsi-ld:null"
     * deletes; types are added; a scope replaces an existing scope only.
     */
    public Mono<UpdateResult> update(Tenant tenant, String id, EntityFragment fragment, Set<String> typeGate) {
        return modify(tenant, id, typeGate, current -> {
            Instant now = now();
            LinkedHashMap<String, List<Attribute>> attrs = current.attributesCopy();
            List<String> updated = new ArrayList<>();
            List<UpdateResult.NotUpdated> notUpdated = new ArrayList<>();
            fragment.attributes().forEach((iri, instances) -> {
                for (Attribute instance : instances) {
                    Attribute existing = Attributes.instance(attrs.get(iri), instance.datasetId()).orElse(null);
                    if (EntityParser.isDeletion(instance)) {
                        if (existing == null) {
                            notUpdated.add(new UpdateResult.NotUpdated(iri, "attribute to delete does not exist"));
                            return;
                        }
                        removeInstance(attrs, iri, instance.datasetId());
                    } else {
                        attrs.put(iri, Attributes.putInstance(attrs.get(iri), Attributes.stamp(instance, existing, now)));
                    }
                }
                updated.add(iri);
            });
            List<String> scopes = current.scopes();
            if (fragment.scopes() != null) {
                if (current.scopes().isEmpty()) {
                    notUpdated.add(new UpdateResult.NotUpdated(SCOPE, "the entity has no scope to update"));
                } else {
                    scopes = fragment.scopes();
                    updated.add(SCOPE);
                }
            }
            List<String> types = union(current.types(), fragment.types());
            boolean changed = !updated.isEmpty() || types.size() != current.types().size();
            Entity next = changed ? new Entity(current.id(), types, scopes, attrs, current.createdAt(), now) : null;
            return Change.of(next, new UpdateResult(updated, notUpdated));
        });
    }

    /** Partial Attribute Update (5.6.4): members of the fragment replace those of the instance. */
    public Mono<Void> updateAttribute(Tenant tenant, String id, String name, String iri, JsonNode fragment, LdContext ctx,
                                      Set<String> typeGate) {
        String datasetId = fragment.isObject() && fragment.has("datasetId")
                ? EntityParser.requireUri(fragment.get("datasetId"), "datasetId") : null;
        Attribute parsed = parser.parseAttributeFragment(name, fragment, ctx);
        return modify(tenant, id, typeGate, current -> {
            Attribute existing = Attributes.instance(current.attributes().get(iri), datasetId)
                    .orElseThrow(() -> attributeNotFound(id, name, datasetId));
            Instant now = now();
            LinkedHashMap<String, List<Attribute>> attrs = current.attributesCopy();
            if (parsed != null && EntityParser.isDeletion(parsed)) {
                removeInstance(attrs, iri, datasetId);
            } else {
                Attribute merged = Attributes.stamp(merger.merge(name, existing, fragment, ctx, false), existing, now);
                attrs.put(iri, Attributes.putInstance(attrs.get(iri), merged));
            }
            return Change.of(current.withAttributes(attrs).withTimestamps(current.createdAt(), now), null);
        }).then();
    }

    /** Replace Attribute (5.6.19). */
    public Mono<Void> replaceAttribute(Tenant tenant, String id, String name, String iri, Attribute replacement, Set<String> typeGate) {
        return modify(tenant, id, typeGate, current -> {
            Attribute existing = Attributes.instance(current.attributes().get(iri), replacement.datasetId())
                    .orElseThrow(() -> attributeNotFound(id, name, replacement.datasetId()));
            Instant now = now();
            LinkedHashMap<String, List<Attribute>> attrs = current.attributesCopy();
            attrs.put(iri, Attributes.putInstance(attrs.get(iri), Attributes.stamp(replacement, existing, now)));
            return Change.of(current.withAttributes(attrs).withTimestamps(current.createdAt(), now), null);
        }).then();
    }

    /** Delete Entity Attribute (5.6.5): one instance by datasetId, the default one, or all. */
    public Mono<Void> deleteAttribute(Tenant tenant, String id, String name, String iri, String datasetId, boolean deleteAll,
                                      Set<String> typeGate) {
        return modify(tenant, id, typeGate, current -> {
            List<Attribute> instances = current.attributes().get(iri);
            LinkedHashMap<String, List<Attribute>> attrs = current.attributesCopy();
            if (deleteAll) {
                if (instances == null) {
                    throw attributeNotFound(id, name, null);
                }
                attrs.remove(iri);
            } else {
                Attributes.instance(instances, datasetId).orElseThrow(() -> attributeNotFound(id, name, datasetId));
                removeInstance(attrs, iri, datasetId);
            }
            return Change.of(current.withAttributes(attrs).withTimestamps(current.createdAt(), now()), null);
        }).then();
    }

    /** Deletes the scope of an entity (5.6.5 with attrId "scope"). */
    public Mono<Void> deleteScope(Tenant tenant, String id, Set<String> typeGate) {
        return modify(tenant, id, typeGate, current -> {
            if (current.scopes().isEmpty()) {
                throw new ResourceNotFoundException("Entity " + id + " has no scope");
            }
            return Change.of(new Entity(current.id(), current.types(), List.of(), current.attributes(),
                    current.createdAt(), now()), null);
        }).then();
    }

    private static void removeInstance(Map<String, List<Attribute>> attrs, String iri, String datasetId) {
        List<Attribute> remaining = Attributes.removeInstance(attrs.get(iri), datasetId);
        if (remaining.isEmpty()) {
            attrs.remove(iri);
        } else {
            attrs.put(iri, remaining);
        }
    }

    /** Upsert (batch, 5.6.8): create, or replace/update an existing entity. True if created. */
    public Mono<Boolean> upsert(Tenant tenant, Entity entity, boolean updateMode) {
        return upsert(tenant, entity, updateMode, MAX_CONFLICT_RETRIES);
    }

    /** @param attempts how often a creation that lost the race to another writer may turn into an update */
    private Mono<Boolean> upsert(Tenant tenant, Entity entity, boolean updateMode, int attempts) {
        return store.find(tenant, entity.id())
                // a tenant nobody has written to yet has no entities: the upsert creates it with the entity
                .onErrorResume(city.tsunagu.broker.common.error.NonexistentTenantException.class, e -> Mono.empty())
                .map(stored -> true)
                .defaultIfEmpty(false)
                .flatMap(exists -> {
                    if (!exists) {
                        return create(tenant, entity).thenReturn(true)
                                .onErrorResume(city.tsunagu.broker.common.error.AlreadyExistsException.class,
                                        e -> attempts > 0 ? upsert(tenant, entity, updateMode, attempts - 1) : Mono.error(e));
                    }
                    Mono<?> change = updateMode
                            ? append(tenant, entity.id(), new EntityFragment(entity.id(), entity.types(),
                                    entity.scopes().isEmpty() ? null : entity.scopes(), entity.attributes()), false, Set.of())
                            : replace(tenant, entity);
                    return change.thenReturn(false);
                });
    }

    private <R> Mono<R> modify(Tenant tenant, String id, Function<Entity, Change<R>> change) {
        return modify(tenant, id, Set.of(), change);
    }

    /** Read-modify-write of one entity; {@code typeGate}: the entity must have one of these types, else 404. */
    private <R> Mono<R> modify(Tenant tenant, String id, Set<String> typeGate, Function<Entity, Change<R>> change) {
        return Mono.defer(() -> store.find(tenant, id)
                        .filter(stored -> typeGate.isEmpty() || stored.entity().types().stream().anyMatch(typeGate::contains))
                        .switchIfEmpty(Mono.error(() -> notFound(id)))
                        .flatMap(stored -> {
                            Change<R> result = change.apply(stored.entity());
                            if (result.entity() == null) {
                                return Mono.justOrEmpty(result.result());
                            }
                            return store.replace(tenant, stored, result.entity())
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

    private static List<String> union(List<String> current, List<String> added) {
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
