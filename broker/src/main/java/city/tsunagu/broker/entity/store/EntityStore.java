package city.tsunagu.broker.entity.store;

import city.tsunagu.broker.common.error.AlreadyExistsException;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.query.QueryProperties;
import city.tsunagu.broker.query.geo.GeoIndex;
import city.tsunagu.broker.tenant.Tenant;
import city.tsunagu.broker.tenant.TenantDatabases;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Entities of a tenant in its database's {@code entities} collection, one document per entity.
 * Updates are compare-and-set on a version number, so concurrent writers never lose each other's
 * changes without transactions (which the embedded store does not offer). Every write is told to
 * {@link EntityChanges} with the entity before and after it, and completes only when the
 * history has recorded it.
 */
@Repository
public class EntityStore {
    public static final String COLLECTION = "entities";

    private final TenantDatabases tenants;
    private final List<IndexModel> indexes;
    private final EntityChanges changes;
    /** Index creation per database, shared by concurrent first writers (each database creates its indexes once). */
    private final Map<String, Mono<Void>> indexed = new ConcurrentHashMap<>();

    /** With indexes on the values of the configured attributes (names expanded with the core @context). */
    @Autowired
    public EntityStore(TenantDatabases tenants, QueryProperties query, LdContextResolver contexts, EntityChanges changes) {
        this(tenants, expand(query.indexedAttributes(), contexts.core()), changes);
    }

    /** With indexes on the values of the attributes {@code indexedAttributes} (expanded IRIs); changes told to {@code changes}. */
    public EntityStore(TenantDatabases tenants, List<String> indexedAttributes, EntityChanges changes) {
        this.tenants = tenants;
        this.changes = changes;
        this.indexes = indexes(indexedAttributes);
    }

    private static List<String> expand(List<String> names, LdContext core) {
        return names.stream().map(String::strip).filter(name -> !name.isEmpty()).map(core::expand).distinct().toList();
    }

    /**
     * The indexes of the collection: entity types, the bounding boxes of geo-attributes and, for
     * each attribute in {@code indexedAttributes}, the values of its instances
     * ({@code attrs.<encoded IRI>.value}), on which q terms compare.
     */
    public static List<IndexModel> indexes(List<String> indexedAttributes) {
        List<IndexModel> indexes = new ArrayList<>();
        indexes.add(new IndexModel(Indexes.ascending(EntityDocuments.TYPE), new IndexOptions().name("type")));
        indexes.addAll(GeoIndex.indexes());
        for (String iri : indexedAttributes) {
            indexes.add(new IndexModel(Indexes.ascending(valuePath(iri))));
        }
        return List.copyOf(indexes);
    }

    /** Where the values of an attribute's instances are stored. */
    public static String valuePath(String attributeIri) {
        return EntityDocuments.ATTRS + "." + KeyCodec.encode(attributeIri) + ".value";
    }

    /** An entity as read, with the version a later compare-and-set must match. */
    public record Stored(Entity entity, long version) {
    }

    public Mono<Stored> find(Tenant tenant, String id) {
        return collectionForRead(tenant)
                .flatMap(c -> Mono.from(c.find(Filters.eq(EntityDocuments.ID, id)).first()))
                .map(doc -> new Stored(EntityDocuments.toEntity(doc), EntityDocuments.version(doc)));
    }

    /** Inserts a new entity; AlreadyExists if the id is taken. */
    public Mono<Void> insert(Tenant tenant, Entity entity) {
        return collectionForWrite(tenant)
                .flatMap(c -> Mono.from(c.insertOne(EntityDocuments.toDocument(entity, 1))))
                .onErrorMap(EntityStore::isDuplicateKey,
                        e -> new AlreadyExistsException("Entity " + entity.id() + " already exists"))
                .then(Mono.defer(() -> changes.publish(new EntityChange(tenant, null, entity))));
    }

    /** Replaces the entity read as {@code before} if nobody changed it since; false if someone did. */
    public Mono<Boolean> replace(Tenant tenant, Stored before, Entity after) {
        return collectionForWrite(tenant)
                .flatMap(c -> Mono.from(c.replaceOne(
                        Filters.and(Filters.eq(EntityDocuments.ID, after.id()), Filters.eq(EntityDocuments.VERSION, before.version())),
                        EntityDocuments.toDocument(after, before.version() + 1))))
                .flatMap(result -> result.getMatchedCount() == 1
                        ? changes.publish(new EntityChange(tenant, before.entity(), after)).thenReturn(true)
                        : Mono.just(false));
    }

    /** Deletes the entity; false if it did not exist. */
    public Mono<Boolean> delete(Tenant tenant, String id) {
        return collectionForRead(tenant)
                .flatMap(c -> Mono.from(c.findOneAndDelete(Filters.eq(EntityDocuments.ID, id))))
                .flatMap(deleted -> changes.publish(new EntityChange(tenant, EntityDocuments.toEntity(deleted), null)).thenReturn(true))
                .defaultIfEmpty(false);
    }

    /** Deletes the entity read as {@code before} if nobody changed it since; false if someone did. */
    public Mono<Boolean> delete(Tenant tenant, Stored before) {
        return collectionForRead(tenant)
                .flatMap(c -> Mono.from(c.deleteOne(Filters.and(Filters.eq(EntityDocuments.ID, before.entity().id()),
                        Filters.eq(EntityDocuments.VERSION, before.version())))))
                .flatMap(result -> result.getDeletedCount() == 1
                        ? changes.publish(new EntityChange(tenant, before.entity(), null)).thenReturn(true)
                        : Mono.just(false));
    }

    public Mono<MongoCollection<Document>> collectionForRead(Tenant tenant) {
        return tenants.existing(tenant).flatMap(this::withIndexes);
    }

    public Mono<MongoCollection<Document>> collectionForWrite(Tenant tenant) {
        return tenants.forWrite(tenant).flatMap(this::withIndexes);
    }

    /** Creates the collection's indexes once per database and process. */
    private Mono<MongoCollection<Document>> withIndexes(MongoDatabase database) {
        MongoCollection<Document> collection = database.getCollection(COLLECTION);
        Mono<Void> creation = indexed.computeIfAbsent(database.getName(), name -> Mono.from(collection.createIndexes(indexes))
                .doOnError(e -> indexed.remove(name)) // a later request tries again
                .then()
                .cache());
        return creation.thenReturn(collection);
    }

    static boolean isDuplicateKey(Throwable error) {
        return error instanceof MongoWriteException e && e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
