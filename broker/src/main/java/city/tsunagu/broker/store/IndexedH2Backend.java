package city.tsunagu.broker.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * mongo-java-server's H2 MVStore backend whose databases keep real secondary indexes in memory
 * ({@link IndexedH2Database}); the library's own backend accepts them and then scans.
 */
public final class IndexedH2Backend extends H2Backend {
    public IndexedH2Backend(String fileName) {
        super(fileName);
    }

    // called from H2Backend's constructor for the databases already in the file: uses no field of this class
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return IndexedH2Database.open(databaseName, getMvStore(), getCursorRegistry());
    }
}
