package city.tsunagu.broker.query;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.store.EntityDocuments;
import city.tsunagu.broker.query.language.And;
import city.tsunagu.broker.query.language.Condition;
import city.tsunagu.broker.query.language.LinkedEntities;
import city.tsunagu.broker.query.language.LinkedMatch;
import city.tsunagu.broker.query.language.Or;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The entities that q's Linked Entity terms ({@code rel{attr}}, 4.9) need for a batch of
 * candidates, read from the store one level at a time with one {@code $in} query per level, so
 * that the synchronous evaluator can then follow the Relationships in memory.
 */
final class LinkedTargets {
    private LinkedTargets() {
    }

    /** Whether a condition has Linked Entity terms. */
    static boolean needed(Condition condition) {
        return condition != null && !links(condition).isEmpty();
    }

    static Mono<LinkedEntities> fetch(MongoCollection<Document> collection, List<Entity> candidates, Condition condition) {
        Map<String, Entity> found = new HashMap<>();
        return level(collection, candidates, links(condition), found)
                .then(Mono.fromSupplier(() -> id -> Optional.ofNullable(found.get(id))));
    }

    private static Mono<Void> level(MongoCollection<Document> collection, List<Entity> from, List<LinkedMatch> links,
                                    Map<String, Entity> found) {
        if (from.isEmpty() || links.isEmpty()) {
            return Mono.empty();
        }
        Set<String> targets = new LinkedHashSet<>();
        for (LinkedMatch link : links) {
            from.forEach(entity -> targets.addAll(targets(entity, link.relationship())));
        }
        List<String> missing = targets.stream().filter(id -> !found.containsKey(id)).toList();
        Mono<List<Entity>> read = missing.isEmpty() ? Mono.just(List.of())
                : Flux.from(collection.find(Filters.in(EntityDocuments.ID, missing))).map(EntityDocuments::toEntity).collectList();
        List<LinkedMatch> deeper = links.stream().flatMap(link -> links(link.condition()).stream()).toList();
        return read.flatMap(entities -> {
            entities.forEach(e -> found.put(e.id(), e));
            List<Entity> next = targets.stream().map(found::get).filter(e -> e != null).toList();
            return level(collection, next, deeper, found);
        });
    }

    /** The entity ids a Relationship of the entity points to (object or objectList). */
    private static List<String> targets(Entity entity, String relationship) {
        List<String> ids = new ArrayList<>();
        for (Attribute instance : entity.attributes().getOrDefault(relationship, List.of())) {
            if (!instance.kind().isRelationship()) {
                continue;
            }
            JsonNode value = instance.value();
            if (value.isString()) {
                ids.add(value.stringValue());
            } else if (value.isArray()) {
                value.forEach(v -> {
                    if (v.isString()) {
                        ids.add(v.stringValue());
                    }
                });
            }
        }
        return ids;
    }

    /** The Linked Entity terms of a condition at its own level (not those nested inside them). */
    private static List<LinkedMatch> links(Condition condition) {
        List<LinkedMatch> links = new ArrayList<>();
        if (condition instanceof And and) {
            and.operands().forEach(c -> links.addAll(links(c)));
        } else if (condition instanceof Or or) {
            or.operands().forEach(c -> links.addAll(links(c)));
        } else if (condition instanceof LinkedMatch link) {
            links.add(link);
        }
        return links;
    }
}
