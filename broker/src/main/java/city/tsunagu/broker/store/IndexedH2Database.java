package city.tsunagu.broker.store;

import city.tsunagu.broker.query.geo.GeoIndex;
import de.bwaldvogel.mongo.MongoCollection;
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
import org.h2.mvstore.MVStore;

/**
 * An H2 database of mongo-java-server with in-memory secondary indexes: a {@link ValueIndex} for
 * each single-field index and a {@link GeoBoxIndex} for the compound index on the bounding boxes
 * of {@link GeoIndex}. Indexes are built from the documents when created and again when the data
 * file is opened; only their definitions are stored. Aggregations that start with {@code $match}
 * (what the driver's {@code countDocuments} sends) take their documents from an indexed query.
 */
final class IndexedH2Database extends H2Database {
    private static final List<String> GEO_KEYS = GeoIndex.indexes().get(0).getKeys().toBsonDocument().keySet().stream().toList();

    IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        super(databaseName, mvStore, cursorRegistry);
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
        List<Document> result = rest.runStages(collection.handleQueryAsStream(match));
        Document cursor = new Document("id", 0L)
                .append("ns", getFullCollectionNamespace(collectionName))
                .append("firstBatch", result);
        return new Document("cursor", cursor).append("ok", 1.0);
    }
}
