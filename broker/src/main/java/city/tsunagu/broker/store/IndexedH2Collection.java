package city.tsunagu.broker.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;

/**
 * An H2 collection whose pages in {@code _id} order read only what they return. mongo-java-server
 * reads every candidate, sorts all matches and then skips and limits; every page the broker asks
 * for is {@code sort({_id: 1}).skip(n).limit(m)}. Here the candidates of the indexes
 * ({@link CandidatePlanner}) are visited in {@code _id} order (positions are the {@code _id}s,
 * compared as the sort compares them) until {@code n + m} match; when the candidates are exact,
 * the first {@code n} are skipped unread. Exact candidates also give counts without reading.
 */
final class IndexedH2Collection extends H2Collection {
    /**
     * The order of a sort on _id (mongo-java-server's {@link ValueComparator}), comparing two
     * strings, the broker's ids, directly instead of through its type checks.
     */
    static final Comparator<Object> ID_ORDER = (a, b) -> a instanceof String s && b instanceof String t
            ? s.compareTo(t) : ValueComparator.asc().compare(a, b);

    /**
     * Queries no index of ours narrowed, by database and collection name, in this JVM (for tests of
     * the query paths): mongo-java-server then reads every document of the collection unless its
     * unique index serves the query.
     */
    private static final Map<String, LongAdder> UNPLANNED_QUERIES = new ConcurrentHashMap<>();

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
            MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    // called under the collection's lock (handleQuery and the other callers are synchronized)
    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
            Document fieldSelector) {
        if (!SecondaryIndex.ID.equals(getIdField())) {
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector); // positions are not _ids
        }
        // a document's position is its _id: read it directly, not through the unique _id index, whose keys
        // H2 compares by serialising them on every step of its search; a miss is left to the library's path
        String id = idOf(query);
        Document byId = id != null ? getDocument(id) : null;
        if (byId != null) {
            return matchDocumentsFromStream(Stream.of(byId), query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        // also without a limit or an order: updates and deletes select their documents here, and
        // {$and: [{_id: x}, {rev: {$lt: n}}]} would otherwise read the whole collection
        CandidatePlanner.Candidates candidates = isIdAscendingOrNone(orderBy) ? CandidatePlanner.plan(query, getIndexes()) : null;
        if (candidates == null) {
            UNPLANNED_QUERIES.computeIfAbsent(getDatabase().getDatabaseName() + "." + getCollectionName(), name -> new LongAdder()).increment();
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        int skip = numberToSkip;
        Stream<Object> visited = inIdOrder(candidates.positions()).stream();
        if (candidates.exact()) {
            visited = visited.skip(Math.max(0, skip));
            skip = 0;
        }
        // sequential and limited: the stream stops reading documents once the page is full
        Stream<Document> documents = visited.map(this::getDocument);
        return matchDocumentsFromStream(query, documents, skip, limit, batchSize, null, fieldSelector);
    }

    /** The number of documents matching {@code query} if the indexes know it exactly, without reading them. */
    synchronized OptionalLong exactCount(Document query) {
        CandidatePlanner.Candidates candidates = CandidatePlanner.plan(query, getIndexes());
        return candidates != null && candidates.exact() ? OptionalLong.of(candidates.positions().size()) : OptionalLong.empty();
    }

    /** Positions (the _ids) as a sort on _id orders them. */
    static Collection<Object> inIdOrder(Collection<Object> positions) {
        if (positions instanceof SortedSet<Object> set && set.comparator() == ID_ORDER) {
            return set; // an index's own set: already in order, and skipped through without copying
        }
        Object[] sorted = positions.toArray();
        Arrays.sort(sorted, ID_ORDER);
        return Arrays.asList(sorted);
    }

    static long unplannedQueries(String database, String collection) {
        LongAdder count = UNPLANNED_QUERIES.get(database + "." + collection);
        return count == null ? 0 : count.sum();
    }

    /** The string _id a query selects by equality, at its top level or in a top-level $and; null if none. */
    private static String idOf(Document query) {
        if (query.get(SecondaryIndex.ID) instanceof String id) {
            return id;
        }
        if (query.get("$and") instanceof List<?> operands) {
            for (Object operand : operands) {
                if (operand instanceof Document condition && condition.get(SecondaryIndex.ID) instanceof String id) {
                    return id;
                }
            }
        }
        return null;
    }

    /** Without an order, candidates may come in any order: _id order is one. */
    private static boolean isIdAscendingOrNone(Document orderBy) {
        return orderBy == null || orderBy.isEmpty()
                || orderBy.size() == 1 && orderBy.get(SecondaryIndex.ID) instanceof Number n && n.doubleValue() == 1;
    }
}
