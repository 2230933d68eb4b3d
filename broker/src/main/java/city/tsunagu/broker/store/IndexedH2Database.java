package city.tsunagu.broker.store;

import city.tsunagu.broker.query.geo.GeoIndex;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * An H2 database of mongo-java-server with in-memory secondary indexes: a {@link ValueIndex} for
 * each single-field index and a {@link GeoBoxIndex} for the compound index on the bounding boxes
 * of {@link GeoIndex}. Indexes are built from the documents when created and again when the data
 * file is opened; only their definitions are stored. Aggregations that start with {@code $match}
 * (what the driver's {@code countDocuments} sends) take their documents from an indexed query,
 * and a count whose match the indexes answer exactly reads no document. Collections are
 * {@link IndexedH2Collection}s.
 */
final class IndexedH2Database extends H2Database {
    private static final List<String> GEO_KEYS = GeoIndex.indexes().get(0).getKeys().toBsonDocument().keySet().stream().toList();

    /**
     * The store of the database being constructed: H2Database's constructor opens the collections
     * already in the file before the fields of this class are set.
     */
    private static final ThreadLocal<MVStore> CONSTRUCTING = new ThreadLocal<>();
    private final MVStore mvStore;

    private IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        super(databaseName, mvStore, cursorRegistry);
        this.mvStore = mvStore;
    }

    static IndexedH2Database open(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        CONSTRUCTING.set(mvStore);
        try {
            return new IndexedH2Database(databaseName, mvStore, cursorRegistry);
        } finally {
            CONSTRUCTING.remove();
        }
    }

    // also called from H2Database's constructor for the indexes stored in the file: uses no field of this class
    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        List<String> fields = keys.stream().map(IndexKey::getKey).toList();
        if (fields.equals(GEO_KEYS)) {
            return new GeoBoxIndex(indexName, keys, sparse, GeoIndex.FIELD);
        }
        if (fields.size() == 1) {
            return new ValueIndex(indexName, keys, sparse);
        }
        return super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse);
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        MVStore store = mvStore != null ? mvStore : CONSTRUCTING.get();
        String fullName = getFullCollectionNamespace(collectionName);
        // the map names of H2Database (also used when it drops or renames), so that data files stay readable
        MVMap<Object, Document> dataMap = store.openMap("databases." + fullName);
        MVMap<String, Object> metaMap = store.openMap("meta." + fullName);
        return new IndexedH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databaseResolver, Oplog oplog) {
        if (command.equalsIgnoreCase("aggregate")) {
            Document answer = aggregateMatched(channel, command, query, databaseResolver, oplog);
            if (answer != null) {
                return answer;
            }
        }
        return super.handleCommand(channel, command, query, databaseResolver, oplog);
    }

    /**
     * Runs an aggregation whose first stage is {@code $match} on the documents of that query, which
     * the indexes narrow (mongo-java-server would read the whole collection); null for any other.
     */
    private Document aggregateMatched(Channel channel, String command, Document query, DatabaseResolver databaseResolver,
            Oplog oplog) {
        if (!(query.get(command) instanceof String collectionName)) {
            return null;
        }
        MongoCollection<Object> collection = resolveCollection(collectionName, false);
        List<Document> pipeline = Aggregation.parse(query.get("pipeline"));
        if (collection == null || pipeline.isEmpty() || pipeline.get(0).size() != 1
                || !(pipeline.get(0).get("$match") instanceof Document match)) {
            return null;
        }
        clearLastStatus(channel);
        Aggregation rest = Aggregation.fromPipeline(pipeline.subList(1, pipeline.size()), databaseResolver, this, collection, oplog);
        rest.validate(query);
        List<Document> result = rest.runStages(matched(collection, match, pipeline.subList(1, pipeline.size())));
        Document cursor = new Document("id", 0L)
                .append("ns", getFullCollectionNamespace(collectionName))
                .append("firstBatch", result);
        return new Document("cursor", cursor).append("ok", 1.0);
    }

    /**
     * The documents of the match; as many empty ones when the stages after it only count and the
     * indexes know the count, which the stages then give as they would from the documents.
     */
    private static Stream<Document> matched(MongoCollection<Object> collection, Document match, List<Document> stages) {
        if (collection instanceof IndexedH2Collection indexed && stages.stream().allMatch(IndexedH2Database::readsNoField)) {
            OptionalLong count = indexed.exactCount(match);
            if (count.isPresent()) {
                return Stream.generate(Document::new).limit(count.getAsLong());
            }
        }
        return collection.handleQueryAsStream(match);
    }

    /** $skip, $limit, or $group by a constant summing constants: what countDocuments sends after $match. */
    private static boolean readsNoField(Document stage) {
        if (stage.size() != 1) {
            return false;
        }
        return switch (stage.keySet().iterator().next()) {
            case "$skip", "$limit" -> true;
            case "$group" -> stage.get("$group") instanceof Document group && group.entrySet().stream().allMatch(e -> e.getKey().equals(SecondaryIndex.ID)
                    ? e.getValue() == null || e.getValue() instanceof Number
                    : e.getValue() instanceof Document accumulator && accumulator.size() == 1 && accumulator.get("$sum") instanceof Number);
            default -> false;
        };
    }
}
