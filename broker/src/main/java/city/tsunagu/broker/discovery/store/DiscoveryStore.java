package city.tsunagu.broker.discovery.store;

import city.tsunagu.broker.discovery.model.AttributeInfo;
import city.tsunagu.broker.discovery.model.AttributeSummary;
import city.tsunagu.broker.discovery.model.EntityType;
import city.tsunagu.broker.discovery.model.EntityTypeInfo;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.store.EntityDocuments;
import city.tsunagu.broker.entity.store.EntityStore;
import city.tsunagu.broker.entity.store.KeyCodec;
import city.tsunagu.broker.tenant.Tenant;
import com.mongodb.client.model.Filters;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Answers the discovery questions (ETSI GS CIM 009 v1.9.1, 5.7.5-5.7.10) from a tenant's entity
 * documents. The store does the folding: {@code distinct} on the indexed {@code type} field for
 * the type list, otherwise aggregation pipelines that end in a {@code $group}, so what comes back
 * is one small document per type or attribute name, never the entities themselves. The pipelines
 * use only stages and operators that both MongoDB and the embedded mongo-java-server implement
 * ({@code $match}, {@code $project} with {@code $objectToArray} and {@code $map}, {@code $unwind},
 * {@code $group} with {@code $addToSet} and {@code $sum}); DiscoveryStoreContract checks them on
 * both.
 *
 * <p>Cost: every query but the type list and a single type's information reads every entity of
 * the tenant once (there is no index on attribute names); the memory held is the grouped result.
 */
@Repository
public class DiscoveryStore {
    private static final String ATTRS = "$" + EntityDocuments.ATTRS;
    private static final String TYPE = "$" + EntityDocuments.TYPE;
    private static final String NAMES = "names";
    private static final String GROUP_ID = "_id";

    private final EntityStore entities;

    public DiscoveryStore(EntityStore entities) {
        this.entities = entities;
    }

    /** The expanded types of the tenant's entities (5.7.5). */
    public Flux<String> entityTypes(Tenant tenant) {
        return entities.collectionForRead(tenant)
                .flatMapMany(c -> Flux.from(c.distinct(EntityDocuments.TYPE, String.class)));
    }

    /** Each type with the attribute names of its entities (5.7.6). */
    public Flux<EntityType> entityTypeDetails(Tenant tenant) {
        List<Document> pipeline = List.of(
                project(new Document(EntityDocuments.TYPE, 1).append(NAMES, attributeNames())),
                unwind(TYPE, false),
                // an entity without attributes still makes its type known
                unwind("$" + NAMES, true),
                group(TYPE, new Document(NAMES, new Document("$addToSet", "$" + NAMES))));
        return aggregate(tenant, pipeline)
                .map(group -> new EntityType(group.getString(GROUP_ID), decodedNames(group.getList(NAMES, Object.class))));
    }

    /** The number of entities of {@code type} and the kinds of their attributes (5.7.7); empty if no entity has it. */
    public Mono<EntityTypeInfo> entityTypeInfo(Tenant tenant, String type) {
        List<Document> pipeline = List.of(
                new Document("$match", new Document(EntityDocuments.TYPE, type)),
                project(new Document("a", new Document("$objectToArray", ATTRS))),
                unwind("$a", false),
                unwind("$a.v", false),
                group("$a.k", new Document("kinds", new Document("$addToSet", "$a.v." + EntityDocuments.TYPE))));
        return entities.collectionForRead(tenant)
                .flatMap(c -> Mono.from(c.countDocuments(Filters.eq(EntityDocuments.TYPE, type))))
                .filter(count -> count > 0)
                .flatMap(count -> aggregate(tenant, pipeline)
                        .collectMap(group -> KeyCodec.decode(group.getString(GROUP_ID)),
                                group -> kinds(group.getList("kinds", Object.class)))
                        .map(details -> new EntityTypeInfo(type, count, details)));
    }

    /** The expanded names of the attributes of the tenant's entities (5.7.8). */
    public Flux<String> attributeNames(Tenant tenant) {
        List<Document> pipeline = List.of(
                project(new Document(NAMES, attributeNames())),
                unwind("$" + NAMES, false),
                group("$" + NAMES, new Document()));
        return aggregate(tenant, pipeline).map(group -> KeyCodec.decode(group.getString(GROUP_ID)));
    }

    /** Each attribute name with the types of the entities that carry it (5.7.9). */
    public Flux<AttributeSummary> attributeDetails(Tenant tenant) {
        List<Document> pipeline = List.of(
                project(new Document(EntityDocuments.TYPE, 1).append(NAMES, attributeNames())),
                unwind("$" + NAMES, false),
                unwind(TYPE, false),
                group("$" + NAMES, new Document("types", new Document("$addToSet", TYPE))));
        return aggregate(tenant, pipeline).map(group -> new AttributeSummary(KeyCodec.decode(group.getString(GROUP_ID)),
                strings(group.getList("types", Object.class))));
    }

    /** Instance count, kinds and entity types of the attribute {@code name} (5.7.10); empty if no entity has it. */
    public Mono<AttributeInfo> attributeInfo(Tenant tenant, String name) {
        String field = EntityDocuments.ATTRS + "." + KeyCodec.encode(name);
        List<Document> pipeline = List.of(
                new Document("$match", new Document(field, new Document("$exists", true))),
                project(new Document(EntityDocuments.TYPE, 1).append("i", "$" + field)),
                unwind("$i", false),
                group(null, new Document("count", new Document("$sum", 1))
                        .append("kinds", new Document("$addToSet", "$i." + EntityDocuments.TYPE))
                        // the type arrays of the entities, flattened below
                        .append("types", new Document("$addToSet", TYPE))));
        return aggregate(tenant, pipeline).next()
                .map(group -> new AttributeInfo(name, ((Number) group.get("count")).longValue(),
                        kinds(group.getList("kinds", Object.class)), flatStrings(group.getList("types", Object.class))));
    }

    private Flux<Document> aggregate(Tenant tenant, List<Document> pipeline) {
        return entities.collectionForRead(tenant).flatMapMany(c -> Flux.from(c.aggregate(pipeline)));
    }

    /** {@code ["<encoded attribute key>", ...]} of an entity document. */
    private static Document attributeNames() {
        return new Document("$map", new Document("input", new Document("$objectToArray", ATTRS))
                .append("as", "a")
                .append("in", "$$a.k"));
    }

    private static Document project(Document fields) {
        Document projection = new Document(GROUP_ID, 0);
        projection.putAll(fields);
        return new Document("$project", projection);
    }

    private static Document unwind(String path, boolean keepEmpty) {
        return new Document("$unwind", new Document("path", path).append("preserveNullAndEmptyArrays", keepEmpty));
    }

    private static Document group(String key, Document accumulators) {
        Document group = new Document(GROUP_ID, key);
        group.putAll(accumulators);
        return new Document("$group", group);
    }

    private static Set<String> decodedNames(List<Object> encoded) {
        Set<String> names = new HashSet<>();
        for (Object name : encoded) {
            if (name instanceof String s) {
                names.add(KeyCodec.decode(s));
            }
        }
        return names;
    }

    private static Set<String> strings(List<Object> values) {
        Set<String> strings = new HashSet<>();
        for (Object value : values) {
            if (value instanceof String s) {
                strings.add(s);
            }
        }
        return strings;
    }

    private static Set<String> flatStrings(List<Object> lists) {
        Set<String> strings = new HashSet<>();
        for (Object value : lists) {
            if (value instanceof List<?> list) {
                list.forEach(v -> {
                    if (v instanceof String s) {
                        strings.add(s);
                    }
                });
            } else if (value instanceof String s) {
                strings.add(s);
            }
        }
        return strings;
    }

    private static Set<AttributeKind> kinds(List<Object> typeNames) {
        Set<AttributeKind> kinds = EnumSet.noneOf(AttributeKind.class);
        for (String typeName : strings(typeNames)) {
            AttributeKind.fromType(typeName).ifPresent(kinds::add);
        }
        return kinds;
    }
}
