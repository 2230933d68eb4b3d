package city.tsunagu.broker.temporal.store;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.store.EntityDocuments;
import city.tsunagu.broker.entity.store.EntityStore;
import city.tsunagu.broker.temporal.Statistics;
import city.tsunagu.broker.temporal.TemporalInstance;
import city.tsunagu.broker.tenant.Tenant;
import city.tsunagu.broker.tenant.TenantDatabases;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The history of a tenant, in three collections of its database:
 * <ul>
 * <li>{@code temporalBuckets}: the attribute instances, one document per hour of one series
 * (entity, attribute, datasetId), holding the instances of that hour in arrival order and a
 * revision counted up by every change;</li>
 * <li>{@code temporalSummaries}: one small document per bucket with its count, first and last
 * time and the statistics of its numbers ({@link Statistics}), recomputed from the bucket after
 * every change and written only if no later revision was written first, so aggregations over long
 * ranges read summaries and not instances;</li>
 * <li>{@code temporalEntities}: the last known state of each entity with a history (id, types,
 * scopes, latest instance of each attribute), on which the entity part of temporal queries
 * (type, q, scopeQ, geo-queries) is evaluated, also after the entity was deleted.</li>
 * </ul>
 * Only single-document atomic writes are used (no transactions), as both stores support them.
 */
@Repository
public class TemporalStore {
    public static final Duration BUCKET_SPAN = Duration.ofHours(1);
    public static final String BUCKETS = "temporalBuckets";
    public static final String SUMMARIES = "temporalSummaries";
    public static final String ENTITIES = "temporalEntities";

    private static final String ID = "_id";
    private static final String ENTITY = "e";
    private static final String ATTRIBUTE = "a";
    private static final String DATASET = "d";
    private static final String START = "t";
    private static final String REVISION = "rev";
    private static final String INSTANCES = "inst";
    private static final String INSTANCE_ID = "i";
    private static final String VALUE = "v";
    private static final String DELETED_AT = "deletedAt";
    /** Buckets changed in parallel by one write (the embedded store serialises them anyway). */
    private static final int WRITE_CONCURRENCY = 4;

    private static final List<IndexModel> SERIES_INDEXES = List.of(
            new IndexModel(Indexes.ascending(ENTITY), new IndexOptions().name("entity")),
            new IndexModel(Indexes.ascending(START), new IndexOptions().name("start")));

    private final TenantDatabases tenants;
    private final Map<String, Mono<Void>> indexed = new ConcurrentHashMap<>();

    public TemporalStore(TenantDatabases tenants) {
        this.tenants = tenants;
    }

    // ---- writing ----------------------------------------------------------------------------

    /** Adds instances to their buckets and brings the buckets' summaries up to date. */
    public Mono<Void> append(Tenant tenant, List<TemporalInstance> instances) {
        if (instances.isEmpty()) {
            return Mono.empty();
        }
        Map<String, List<TemporalInstance>> byBucket = new LinkedHashMap<>();
        for (TemporalInstance instance : instances) {
            byBucket.computeIfAbsent(bucketId(instance.entityId(), instance.attribute(), instance.datasetId(),
                    bucketStart(instance.time())), id -> new ArrayList<>()).add(instance);
        }
        return database(tenant, true).flatMap(db -> Flux.fromIterable(byBucket.entrySet())
                .flatMap(group -> push(db, group.getKey(), group.getValue())
                        .flatMap(bucket -> summarize(db, bucket)), WRITE_CONCURRENCY)
                .then());
    }

    private Mono<Document> push(MongoDatabase db, String bucketId, List<TemporalInstance> instances) {
        TemporalInstance first = instances.get(0);
        List<Document> docs = instances.stream().map(TemporalStore::instanceDocument).toList();
        Bson update = Updates.combine(
                Updates.pushEach(INSTANCES, docs),
                Updates.inc(REVISION, 1L),
                Updates.setOnInsert(ENTITY, first.entityId()),
                Updates.setOnInsert(ATTRIBUTE, first.attribute()),
                Updates.setOnInsert(DATASET, first.datasetId()),
                Updates.setOnInsert(START, Date.from(bucketStart(first.time()))));
        FindOneAndUpdateOptions options = new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
        Mono<Document> once = Mono.defer(() -> Mono.from(db.getCollection(BUCKETS).findOneAndUpdate(Filters.eq(ID, bucketId), update, options)));
        // two first writers of a bucket: one upsert loses on the key and is repeated as an update
        return once.onErrorResume(TemporalStore::isDuplicateKey, e -> once);
    }

    /** Writes the summary of a bucket as read after a change, unless a later revision's summary is there. */
    private Mono<Void> summarize(MongoDatabase db, Document bucket) {
        List<Document> instances = instanceDocs(bucket);
        MongoCollection<Document> summaries = db.getCollection(SUMMARIES);
        String id = bucket.getString(ID);
        long revision = ((Number) bucket.get(REVISION)).longValue();
        if (instances.isEmpty()) {
            return Mono.from(db.getCollection(BUCKETS).deleteOne(Filters.and(Filters.eq(ID, id), Filters.eq(REVISION, revision))))
                    .then(Mono.from(summaries.deleteOne(Filters.eq(ID, id))))
                    .then();
        }
        Document summary = summaryDocument(bucket, instances).append(REVISION, revision);
        return Mono.from(summaries.replaceOne(Filters.and(Filters.eq(ID, id), Filters.lt(REVISION, revision)), summary,
                        new ReplaceOptions().upsert(true)))
                .onErrorResume(TemporalStore::isDuplicateKey, e -> Mono.empty()) // a later revision is already summarised
                .then();
    }

    private static Document summaryDocument(Document bucket, List<Document> instances) {
        double[] numbers = new double[instances.size()];
        int n = 0;
        Instant first = null;
        Instant last = null;
        for (Document instance : instances) {
            Instant time = instanceOf(bucket, instance).time();
            first = first == null || time.isBefore(first) ? time : first;
            last = last == null || time.isAfter(last) ? time : last;
            Object value = ((Document) instance.get(VALUE)).get("value");
            if (value instanceof Number number && !(value instanceof org.bson.types.Decimal128)) {
                numbers[n++] = number.doubleValue();
            }
        }
        Statistics stats = Statistics.of(java.util.Arrays.copyOf(numbers, n));
        Document doc = new Document(ID, bucket.getString(ID))
                .append(ENTITY, bucket.getString(ENTITY))
                .append(ATTRIBUTE, bucket.getString(ATTRIBUTE))
                .append(DATASET, bucket.getString(DATASET))
                .append(START, bucket.get(START))
                .append("n", (long) instances.size())
                .append("first", Date.from(first))
                .append("last", Date.from(last))
                .append("nn", stats.count());
        if (stats.count() > 0) {
            doc.append("sum", stats.sum()).append("sumsq", stats.sumsq()).append("mean", stats.mean())
                    .append("m2", stats.m2()).append("min", stats.min()).append("max", stats.max());
        }
        return doc;
    }

    /** Keeps the last known state of an entity (its types, scopes and latest attribute instances). */
    public Mono<Void> putEntity(Tenant tenant, Entity latest) {
        return database(tenant, true).flatMap(db -> Mono.from(db.getCollection(ENTITIES).replaceOne(
                Filters.eq(ID, latest.id()), EntityDocuments.toDocument(latest, 0), new ReplaceOptions().upsert(true)))).then();
    }

    /** Marks the entity as deleted at {@code time}, its history kept. */
    public Mono<Void> markDeleted(Tenant tenant, String entityId, Instant time) {
        return database(tenant, true).flatMap(db -> Mono.from(db.getCollection(ENTITIES).updateOne(
                Filters.eq(ID, entityId), Updates.set(DELETED_AT, Date.from(time))))).then();
    }

    /** Deletes the history of an entity; false if there was none. */
    public Mono<Boolean> deleteEntity(Tenant tenant, String entityId) {
        return database(tenant, false).flatMap(db -> Mono.from(db.getCollection(ENTITIES).deleteOne(Filters.eq(ID, entityId)))
                .flatMap(deleted -> Mono.from(db.getCollection(BUCKETS).deleteMany(Filters.eq(ENTITY, entityId)))
                        .then(Mono.from(db.getCollection(SUMMARIES).deleteMany(Filters.eq(ENTITY, entityId))))
                        .thenReturn(deleted.getDeletedCount() > 0)));
    }

    /**
     * Deletes the instances of an attribute: of one datasetId (null = the default instance), or
     * of all datasetIds; false if there were none.
     */
    public Mono<Boolean> deleteAttribute(Tenant tenant, String entityId, String attribute, String datasetId, boolean allDatasets) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq(ENTITY, entityId), Filters.eq(ATTRIBUTE, attribute)));
        if (!allDatasets) {
            filters.add(Filters.eq(DATASET, datasetId));
        }
        Bson filter = Filters.and(filters);
        return database(tenant, false).flatMap(db -> Mono.from(db.getCollection(BUCKETS).deleteMany(filter))
                .flatMap(deleted -> Mono.from(db.getCollection(SUMMARIES).deleteMany(filter))
                        .thenReturn(deleted.getDeletedCount() > 0)));
    }

    /** Removes one instance; empty if the attribute has no instance with that id. */
    public Mono<TemporalInstance> removeInstance(Tenant tenant, String entityId, String attribute, String instanceId) {
        Bson filter = Filters.and(Filters.eq(ENTITY, entityId), Filters.eq(ATTRIBUTE, attribute),
                Filters.eq(INSTANCES + "." + INSTANCE_ID, instanceId));
        return database(tenant, false).flatMap(db -> Mono.from(db.getCollection(BUCKETS).find(filter).first())
                .flatMap(bucket -> {
                    Document removed = instanceDocs(bucket).stream()
                            .filter(i -> instanceId.equals(i.getString(INSTANCE_ID))).findFirst().orElseThrow();
                    return Mono.from(db.getCollection(BUCKETS).findOneAndUpdate(Filters.eq(ID, bucket.getString(ID)),
                                    Updates.combine(Updates.pull(INSTANCES, new Document(INSTANCE_ID, instanceId)), Updates.inc(REVISION, 1L)),
                                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
                            .flatMap(after -> summarize(db, after))
                            .thenReturn(instanceOf(bucket, removed));
                }));
    }

    /** Deletes every bucket that ended before {@code cutoff}, in every tenant; the number of buckets deleted. */
    public Mono<Long> deleteBefore(Instant cutoff) {
        Bson old = Filters.lte(START, Date.from(cutoff.minus(BUCKET_SPAN)));
        return tenants.tenantNames().map(Tenant::new).startWith(Tenant.DEFAULT)
                .concatMap(tenant -> database(tenant, false)
                        .flatMap(db -> Mono.from(db.getCollection(BUCKETS).deleteMany(old))
                                .flatMap(deleted -> Mono.from(db.getCollection(SUMMARIES).deleteMany(old))
                                        .thenReturn(deleted.getDeletedCount())))
                        .onErrorResume(city.tsunagu.broker.common.error.NonexistentTenantException.class, e -> Mono.just(0L)))
                .reduce(0L, Long::sum);
    }

    // ---- reading ----------------------------------------------------------------------------

    /** The last known state of an entity with a history. */
    public Mono<Entity> findEntity(Tenant tenant, String entityId) {
        return database(tenant, false).flatMap(db -> Mono.from(db.getCollection(ENTITIES).find(Filters.eq(ID, entityId)).first()))
                .map(EntityDocuments::toEntity);
    }

    /** The collection of the entities with a history, for entity queries on it. */
    public Mono<MongoCollection<Document>> entities(Tenant tenant) {
        return database(tenant, false).map(db -> db.getCollection(ENTITIES));
    }

    /**
     * The instances of an entity's attributes (all when {@code attributes} is empty) in the buckets
     * that overlap [from, to) (null = unbounded), in no particular order: callers filter by the
     * exact time they need.
     */
    public Flux<TemporalInstance> instances(Tenant tenant, String entityId, Collection<String> attributes, Instant from, Instant to) {
        Bson filter = seriesFilter(entityId, attributes, from, to);
        return database(tenant, false).flatMapMany(db -> Flux.from(db.getCollection(BUCKETS).find(filter).batchSize(1000)))
                .flatMapIterable(bucket -> instanceDocs(bucket).stream().map(i -> instanceOf(bucket, i)).toList());
    }

    /** The instances of the given buckets. */
    public Flux<TemporalInstance> instancesOf(Tenant tenant, List<Bucket> buckets) {
        List<String> ids = buckets.stream().map(b -> bucketId(b.entityId(), b.attribute(), b.datasetId(), b.start())).toList();
        return database(tenant, false).flatMapMany(db -> Flux.fromIterable(ids).buffer(1000)
                        .concatMap(batch -> Flux.from(db.getCollection(BUCKETS).find(Filters.in(ID, batch)).batchSize(1000))))
                .flatMapIterable(bucket -> instanceDocs(bucket).stream().map(i -> instanceOf(bucket, i)).toList());
    }

    /** The summaries of the buckets of an entity's attributes that overlap [from, to). */
    public Flux<Bucket> buckets(Tenant tenant, String entityId, Collection<String> attributes, Instant from, Instant to) {
        Bson filter = seriesFilter(entityId, attributes, from, to);
        return database(tenant, false).flatMapMany(db -> Flux.from(db.getCollection(SUMMARIES).find(filter).batchSize(5000)))
                .map(TemporalStore::bucketOf);
    }

    private static Bson seriesFilter(String entityId, Collection<String> attributes, Instant from, Instant to) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq(ENTITY, entityId));
        if (!attributes.isEmpty()) {
            filters.add(attributes.size() == 1 ? Filters.eq(ATTRIBUTE, attributes.iterator().next()) : Filters.in(ATTRIBUTE, attributes));
        }
        if (from != null) {
            filters.add(Filters.gte(START, Date.from(bucketStart(from))));
        }
        if (to != null) {
            filters.add(Filters.lt(START, Date.from(to)));
        }
        return Filters.and(filters);
    }

    private static Bucket bucketOf(Document doc) {
        long numbers = ((Number) doc.get("nn")).longValue();
        Statistics stats = numbers == 0 ? new Statistics() : Statistics.of(numbers, doc.getDouble("sum"), doc.getDouble("sumsq"),
                doc.getDouble("mean"), doc.getDouble("m2"), doc.getDouble("min"), doc.getDouble("max"));
        return new Bucket(doc.getString(ENTITY), doc.getString(ATTRIBUTE), doc.getString(DATASET), doc.getDate(START).toInstant(),
                ((Number) doc.get("n")).longValue(), doc.getDate("first").toInstant(), doc.getDate("last").toInstant(), stats);
    }

    // ---- documents --------------------------------------------------------------------------

    public static Instant bucketStart(Instant time) {
        long span = BUCKET_SPAN.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), span) * span);
    }

    private static String bucketId(String entityId, String attribute, String datasetId, Instant start) {
        return entityId + " " + attribute + " " + (datasetId == null ? "@none" : datasetId) + " " + start.toEpochMilli();
    }

    private static Document instanceDocument(TemporalInstance instance) {
        return new Document(INSTANCE_ID, instance.instanceId()).append(VALUE, EntityDocuments.attributeDocument(instance.value()));
    }

    @SuppressWarnings("unchecked")
    private static List<Document> instanceDocs(Document bucket) {
        Object list = bucket.get(INSTANCES);
        return list == null ? List.of() : (List<Document>) list;
    }

    private static TemporalInstance instanceOf(Document bucket, Document instance) {
        Attribute value = EntityDocuments.toAttribute((Document) instance.get(VALUE));
        return new TemporalInstance(bucket.getString(ENTITY), bucket.getString(ATTRIBUTE), instance.getString(INSTANCE_ID), value,
                TemporalInstance.timeOf(value));
    }

    private Mono<MongoDatabase> database(Tenant tenant, boolean write) {
        return (write ? tenants.forWrite(tenant) : tenants.existing(tenant)).flatMap(db -> {
            Mono<Void> creation = indexed.computeIfAbsent(db.getName(), name -> Flux.concat(
                            Mono.from(db.getCollection(BUCKETS).createIndexes(SERIES_INDEXES)),
                            Mono.from(db.getCollection(SUMMARIES).createIndexes(SERIES_INDEXES)),
                            Mono.from(db.getCollection(ENTITIES).createIndexes(EntityStore.indexes(List.of()))))
                    .doOnError(e -> indexed.remove(name))
                    .then()
                    .cache());
            return creation.thenReturn(db);
        });
    }

    /** A duplicate key, as a write error or (findAndModify) as a command error. */
    private static boolean isDuplicateKey(Throwable error) {
        return error instanceof MongoWriteException e && e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                || error instanceof com.mongodb.MongoCommandException c && c.getErrorCode() == 11000;
    }
}
