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
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Answers the discovery questions (ETSI GS CIM 009 v1.9.1, 5.7.5-5.7.10) from a tenant's entity
 * documents. The store does the folding: {@code distinct} on the indexed {@code type} field for
 * the type list, otherwise one aggregation pipeline per question that ends in a {@code $group},
 * so what comes back is one small document per type or attribute name, never the entities. The
 * pipelines use only what both MongoDB and the embedded mongo-java-server implement
 * ({@code $match}, {@code $project} with {@code $objectToArray}, {@code $map},
 * {@code $concatArrays} and {@code $literal}, {@code $unwind}, {@code $group} with
 * {@code $addToSet} and {@code $sum}); DiscoveryStoreContract checks them on both.
 *
 * <p>Cost: MongoDB answers the type list from the index and a type's information from that
 * type's entities; the attribute questions and the type details read every entity of the tenant
 * once (attribute names are not indexed), streaming, holding only the groups. mongo-java-server
 * has no secondary indexes and loads the whole collection into memory for every query and
 * pipeline, so on the embedded store each question costs a full load of the tenant's entities
 * (about 1 GB of heap and several seconds for 100,000 entities of eight attributes).
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

    /** The expanded types of the tenant's entities (5.7.5): {@code distinct}, which MongoDB answers from the type index. */
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

    /**
     * The number of entities of {@code type} and the kinds of their attributes (5.7.7), in one
     * pass: each entity contributes a sentinel attribute with a null name and one empty instance
     * before its real ones, so the null group counts the entities. Empty if no entity has the type.
     */
    public Mono<EntityTypeInfo> entityTypeInfo(Tenant tenant, String type) {
        Document sentinel = new Document("k", null).append("v", List.of(new Document()));
        List<Document> pipeline = List.of(
                new Document("$match", new Document(EntityDocuments.TYPE, type)),
                project(new Document("a", new Document("$concatArrays", List.of(
                        new Document("$literal", List.of(sentinel)), new Document("$objectToArray", ATTRS))))),
                unwind("$a", false),
                unwind("$a.v", false),
                group("$a.k", new Document("n", new Document("$sum", 1))
                        .append("kinds", new Document("$addToSet", "$a.v." + EntityDocuments.TYPE))));
        return aggregate(tenant, pipeline).collectList().flatMap(groups -> {
            long count = 0;
            Map<String, Set<AttributeKind>> details = new HashMap<>();
            for (Document group : groups) {
                String key = group.getString(GROUP_ID);
                if (key == null) {
                    count = ((Number) group.get("n")).longValue();
                } else {
                    details.put(KeyCodec.decode(key), kinds(group.getList("kinds", Object.class)));
                }
            }
            return count == 0 ? Mono.empty() : Mono.just(new EntityTypeInfo(type, count, details));
        });
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
