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
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
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
 * time and the statistics of its numbers ({@link Statistics}), added to by every append in one
 * atomic update and written anew from the bucket when an instance is changed or removed, so
 * aggregations over long ranges read summaries and not instances;</li>
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
    /** The shift of a summary's sums (see addToSummary). */
    private static final String SHIFT = "k";
    /** Shifts of recently written summaries kept in memory, so that a write needs no read first. */
    private static final int MAX_SHIFTS = 100_000;

    private static final List<IndexModel> SERIES_INDEXES = List.of(
            new IndexModel(Indexes.ascending(ENTITY), new IndexOptions().name("entity")),
            new IndexModel(Indexes.ascending(START), new IndexOptions().name("start")));

    private final TenantDatabases tenants;
    private final Map<String, Mono<Void>> indexed = new ConcurrentHashMap<>();
    private final Map<String, Double> shifts = new ConcurrentHashMap<>();

    public TemporalStore(TenantDatabases tenants) {
        this.tenants = tenants;
    }

    // ---- writing ----------------------------------------------------------------------------

    /**
     * Adds instances to their buckets and adds them to the buckets' summaries. Neither write reads
     * the bucket back: an hour of a busy series holds thousands of instances, and returning and
     * summarising it on every write made history cost more than the entity update itself.
     */
    public Mono<Void> append(Tenant tenant, List<TemporalInstance> instances) {
        if (instances.isEmpty()) {
            return Mono.empty();
        }
        Map<String, List<TemporalInstance>> byBucket = new LinkedHashMap<>();
        for (TemporalInstance instance : instances) {
            byBucket.computeIfAbsent(bucketId(instance.entityId(), instance.attribute(), instance.datasetId(),
                    bucketStart(instance.time())), id -> new ArrayList<>()).add(instance);
        }
        // pushed first: a summary still in the old form is rebuilt from the bucket, this write included
        if (byBucket.size() == 1) {
            Map.Entry<String, List<TemporalInstance>> group = byBucket.entrySet().iterator().next();
            return database(tenant, true).flatMap(db -> push(db, group.getKey(), group.getValue())
                    .then(addToSummary(db, group.getKey(), group.getValue())));
        }
        // several attributes of one change: one bulk write for their buckets and one for their summaries
        List<Map.Entry<String, List<TemporalInstance>>> groups = List.copyOf(byBucket.entrySet());
        return database(tenant, true).flatMap(db -> bulkPush(db, groups).then(bulkAddToSummaries(db, groups)));
    }

    private Mono<Void> push(MongoDatabase db, String bucketId, List<TemporalInstance> instances) {
        UpdateOneModel<Document> model = pushModel(bucketId, instances);
        Mono<Void> once = Mono.defer(() -> Mono.from(db.getCollection(BUCKETS).updateOne(model.getFilter(), model.getUpdate(),
                model.getOptions()))).then();
        // two first writers of a bucket: one upsert loses on the key and is repeated as an update
        return once.onErrorResume(TemporalStore::isDuplicateKey, e -> once);
    }

    private static UpdateOneModel<Document> pushModel(String bucketId, List<TemporalInstance> instances) {
        TemporalInstance first = instances.get(0);
        List<Document> docs = instances.stream().map(TemporalStore::instanceDocument).toList();
        Bson update = Updates.combine(
                Updates.pushEach(INSTANCES, docs),
                Updates.inc(REVISION, 1L),
                Updates.setOnInsert(ENTITY, first.entityId()),
                Updates.setOnInsert(ATTRIBUTE, first.attribute()),
                Updates.setOnInsert(DATASET, first.datasetId()),
                Updates.setOnInsert(START, Date.from(bucketStart(first.time()))));
        return new UpdateOneModel<>(Filters.eq(ID, bucketId), update, new UpdateOptions().upsert(true));
    }

    /** The pushes of several buckets in one unordered bulk write; those that failed are repeated one by one. */
    private Mono<Void> bulkPush(MongoDatabase db, List<Map.Entry<String, List<TemporalInstance>>> groups) {
        List<UpdateOneModel<Document>> models = groups.stream().map(g -> pushModel(g.getKey(), g.getValue())).toList();
        return Mono.from(db.getCollection(BUCKETS).bulkWrite(models, new BulkWriteOptions().ordered(false))).then()
                .onErrorResume(MongoBulkWriteException.class, e -> Flux.fromIterable(e.getWriteErrors())
                        .concatMap(error -> push(db, groups.get(error.getIndex()).getKey(), groups.get(error.getIndex()).getValue()))
                        .then());
    }

    /** The summary updates of several buckets in one unordered bulk write; one that met another shift goes the single way. */
    private Mono<Void> bulkAddToSummaries(MongoDatabase db, List<Map.Entry<String, List<TemporalInstance>>> groups) {
        List<Double> assumed = new ArrayList<>();
        List<UpdateOneModel<Document>> models = new ArrayList<>();
        for (Map.Entry<String, List<TemporalInstance>> group : groups) {
            double[] numbers = numbers(group.getValue());
            double shift = shiftFor(group.getKey(), numbers);
            assumed.add(shift);
            models.add(summaryModel(group.getKey(), group.getValue(), numbers, shift));
        }
        Runnable remember = () -> {
            for (int i = 0; i < groups.size(); i++) {
                rememberShift(groups.get(i).getKey(), assumed.get(i));
            }
        };
        return Mono.from(db.getCollection(SUMMARIES).bulkWrite(models, new BulkWriteOptions().ordered(false)))
                .doOnSuccess(result -> remember.run())
                .then()
                .onErrorResume(MongoBulkWriteException.class, e -> Flux.fromIterable(e.getWriteErrors())
                        .concatMap(error -> {
                            String bucketId = groups.get(error.getIndex()).getKey();
                            shifts.remove(bucketId);
                            return addToSummary(db, bucketId, groups.get(error.getIndex()).getValue());
                        })
                        .then());
    }

    /**
     * Adds the instances to the bucket's summary with one atomic update: counts and sums by
     * {@code $inc}, extremes by {@code $min}/{@code $max}. The sums are of the values minus the
     * summary's shift {@code k} (the first value it was given), so that mean and M2 stay exact
     * for values large against their spread (1013.25 hPa ± 0.01), where the plain sum of squares
     * would cancel. The update names the shift it assumed; a summary with another one answers
     * with a duplicate key, and the update is repeated with the shift it has.
     */
    private Mono<Void> addToSummary(MongoDatabase db, String bucketId, List<TemporalInstance> instances) {
        double[] numbers = numbers(instances);
        double shift = shiftFor(bucketId, numbers);
        return incrementSummary(db, bucketId, instances, numbers, shift)
                .onErrorResume(TemporalStore::isDuplicateKey, e -> Mono.from(db.getCollection(SUMMARIES).find(Filters.eq(ID, bucketId)).first())
                        .flatMap(existing -> existing.get(SHIFT) instanceof Number k
                                ? incrementSummary(db, bucketId, instances, numbers, k.doubleValue())
                                : rebuildSummary(db, bucketId)));
    }

    private static double[] numbers(List<TemporalInstance> instances) {
        return instances.stream().map(i -> i.value().value())
                .filter(v -> v.isNumber() && !v.isBigDecimal()).mapToDouble(v -> v.asDouble()).toArray();
    }

    /** The shift this summary is known to have, else the first number: the shift of a new summary. */
    private double shiftFor(String bucketId, double[] numbers) {
        Double known = shifts.get(bucketId);
        return known != null ? known : numbers.length > 0 ? numbers[0] : 0;
    }

    private Mono<Void> incrementSummary(MongoDatabase db, String bucketId, List<TemporalInstance> instances, double[] numbers,
                                        double shift) {
        UpdateOneModel<Document> model = summaryModel(bucketId, instances, numbers, shift);
        return Mono.from(db.getCollection(SUMMARIES).updateOne(model.getFilter(), model.getUpdate(), model.getOptions()))
                .doOnSuccess(result -> rememberShift(bucketId, shift))
                .then();
    }

    private static UpdateOneModel<Document> summaryModel(String bucketId, List<TemporalInstance> instances, double[] numbers, double shift) {
        TemporalInstance any = instances.get(0);
        Instant first = instances.stream().map(TemporalInstance::time).min(Instant::compareTo).orElseThrow();
        Instant last = instances.stream().map(TemporalInstance::time).max(Instant::compareTo).orElseThrow();
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.inc("n", (long) instances.size()),
                Updates.inc("nn", (long) numbers.length),
                Updates.min("first", Date.from(first)),
                Updates.max("last", Date.from(last)),
                Updates.setOnInsert(ENTITY, any.entityId()),
                Updates.setOnInsert(ATTRIBUTE, any.attribute()),
                Updates.setOnInsert(DATASET, any.datasetId()),
                Updates.setOnInsert(START, Date.from(bucketStart(any.time())))));
        if (numbers.length > 0) {
            double s1 = 0;
            double s2 = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double x : numbers) {
                s1 += x - shift;
                s2 += (x - shift) * (x - shift);
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            updates.addAll(List.of(Updates.inc("s1", s1), Updates.inc("s2", s2), Updates.min("min", min), Updates.max("max", max)));
        }
        return new UpdateOneModel<>(Filters.and(Filters.eq(ID, bucketId), Filters.eq(SHIFT, shift)), Updates.combine(updates),
                new UpdateOptions().upsert(true));
    }

    private void rememberShift(String bucketId, double shift) {
        if (shifts.size() >= MAX_SHIFTS) {
            shifts.clear(); // only a hint: a summary's own shift is read again when it is missing here
        }
        shifts.put(bucketId, shift);
    }

    /**
     * Writes the summary of a bucket anew from its instances (after an instance was changed or
     * removed, or for a summary written by an earlier version), or deletes bucket and summary
     * when no instance is left. An append to the same hour that runs at the same time may be
     * counted twice or not at all by the summary until the hour's next change of this kind;
     * instances themselves are never lost.
     */
    private Mono<Void> rebuildSummary(MongoDatabase db, String bucketId) {
        MongoCollection<Document> summaries = db.getCollection(SUMMARIES);
        return Mono.from(db.getCollection(BUCKETS).find(Filters.eq(ID, bucketId)).first()).flatMap(bucket -> {
            List<Document> instances = instanceDocs(bucket);
            if (instances.isEmpty()) {
                shifts.remove(bucketId);
                return Mono.from(db.getCollection(BUCKETS).deleteOne(Filters.and(Filters.eq(ID, bucketId),
                                Filters.eq(REVISION, bucket.get(REVISION)))))
                        .then(Mono.from(summaries.deleteOne(Filters.eq(ID, bucketId))))
                        .then();
            }
            Document summary = summaryDocument(bucket, instances);
            return Mono.from(summaries.replaceOne(Filters.eq(ID, bucketId), summary, new ReplaceOptions().upsert(true)))
                    .doOnSuccess(result -> rememberShift(bucketId, summary.getDouble(SHIFT)))
                    .then();
        });
    }

    private static Document summaryDocument(Document bucket, List<Document> instances) {
        List<Double> numbers = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        for (Document instance : instances) {
            Instant time = instanceOf(bucket, instance).time();
            first = first == null || time.isBefore(first) ? time : first;
            last = last == null || time.isAfter(last) ? time : last;
            Object value = ((Document) instance.get(VALUE)).get("value");
            if (value instanceof Number number && !(value instanceof org.bson.types.Decimal128)) {
                numbers.add(number.doubleValue());
            }
        }
        double shift = numbers.isEmpty() ? 0 : numbers.get(0);
        Document doc = new Document(ID, bucket.getString(ID))
                .append(ENTITY, bucket.getString(ENTITY))
                .append(ATTRIBUTE, bucket.getString(ATTRIBUTE))
                .append(DATASET, bucket.getString(DATASET))
                .append(START, bucket.get(START))
                .append(SHIFT, shift)
                .append("n", (long) instances.size())
                .append("nn", (long) numbers.size())
                .append("first", Date.from(first))
                .append("last", Date.from(last));
        if (!numbers.isEmpty()) {
            double s1 = 0;
            double s2 = 0;
            for (double x : numbers) {
                s1 += x - shift;
                s2 += (x - shift) * (x - shift);
            }
            doc.append("s1", s1).append("s2", s2)
                    .append("min", numbers.stream().mapToDouble(Double::doubleValue).min().orElseThrow())
                    .append("max", numbers.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
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
                    return Mono.from(db.getCollection(BUCKETS).updateOne(Filters.eq(ID, bucket.getString(ID)),
                                    Updates.combine(Updates.pull(INSTANCES, new Document(INSTANCE_ID, instanceId)), Updates.inc(REVISION, 1L))))
                            .then(rebuildSummary(db, bucket.getString(ID)))
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
        Statistics stats = numbers == 0 ? new Statistics() : doc.containsKey(SHIFT) ? shifted(doc, numbers)
                // the form of the first version, with mean and M2 written out
                : Statistics.of(numbers, doc.getDouble("sum"), doc.getDouble("sumsq"), doc.getDouble("mean"), doc.getDouble("m2"),
                        doc.getDouble("min"), doc.getDouble("max"));
        return new Bucket(doc.getString(ENTITY), doc.getString(ATTRIBUTE), doc.getString(DATASET), doc.getDate(START).toInstant(),
                ((Number) doc.get("n")).longValue(), doc.getDate("first").toInstant(), doc.getDate("last").toInstant(), stats);
    }

    /** The statistics of a summary whose sums are of the values minus its shift k. */
    private static Statistics shifted(Document doc, long n) {
        double k = doc.getDouble(SHIFT);
        double s1 = doc.getDouble("s1");
        double s2 = doc.getDouble("s2");
        double mean = k + s1 / n;
        double m2 = Math.max(0, s2 - s1 * s1 / n);
        return Statistics.of(n, n * k + s1, s2 + 2 * k * s1 + n * k * k, mean, m2, doc.getDouble("min"), doc.getDouble("max"));
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
