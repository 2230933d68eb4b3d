package city.tsunagu.broker.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A non-unique index of the embedded store, held in memory and rebuilt from the documents when
 * the data file is opened. mongo-java-server asks its indexes in turn whether one can narrow a
 * query and then matches the whole query on that index's candidates, so candidates need only be a
 * superset of the matches. Each of these indexes answers for all indexes of its collection
 * ({@link CandidatePlanner}), so that a query is narrowed by every condition some index serves.
 *
 * <p>Like the library's own indexes, these are read and changed under the collection's lock:
 * its writes and queries hold it, and the planning here takes it for the one path that does not
 * (the {@code count} command).
 */
abstract class SecondaryIndex extends Index<Object> {
    static final String ID = "_id";

    /** Position of each indexed document by its _id: removal is given the document, not its position. */
    private final Map<Object, Object> positions = new HashMap<>();
    /** The collection, known from its first document; until then there is nothing to narrow. */
    private AbstractMongoCollection<Object> collection;

    SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
    }

    /** Adds the document's keys. */
    abstract void index(Document document, Object position);

    /** Removes the document's keys. */
    abstract void unindex(Document document, Object position);

    /** Forgets every key. */
    abstract void clear();

    @Override
    public Object getPosition(Document document) {
        return positions.get(document.get(ID));
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        // not unique: nothing to check
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        this.collection = (AbstractMongoCollection<Object>) collection;
        positions.put(document.get(ID), position);
        index(document, position);
    }

    @Override
    public Object remove(Document document) {
        Object position = positions.remove(document.get(ID));
        if (position != null) {
            unindex(document, position);
        }
        return position;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        // not unique: nothing to check
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
        unindex(oldDocument, position);
        index(newDocument, position);
    }

    @Override
    public boolean canHandle(Document query) {
        AbstractMongoCollection<Object> of = collection;
        if (of == null) {
            return false;
        }
        synchronized (of) {
            return CandidatePlanner.plan(query, of.getIndexes()) != null;
        }
    }

    /** In _id order, the order the collection's own scan gives to queries without a sort. */
    @Override
    public Iterable<Object> getPositions(Document query) {
        AbstractMongoCollection<Object> of = collection;
        synchronized (of) {
            return IndexedH2Collection.inIdOrder(CandidatePlanner.plan(query, of.getIndexes()).positions());
        }
    }

    @Override
    public long getCount() {
        return positions.size();
    }

    /** Held in memory only: no space in the data file. */
    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public void drop() {
        positions.clear();
        clear();
    }
}
