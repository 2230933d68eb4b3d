package city.tsunagu.broker.query.geo;

import city.tsunagu.broker.store.EmbeddedStore;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/** The geo narrowing on the embedded mongo-java-server with its H2 backend (which scans: it has no secondary indexes). */
class EmbeddedGeoIndexStoreTest extends GeoIndexStoreContract {
    @TempDir
    static Path dataDir;
    private EmbeddedStore server;
    private MongoClient client;

    @Override
    protected MongoClient client() {
        if (client == null) {
            server = EmbeddedStore.start(dataDir, 0);
            client = MongoClients.create(server.connectionString());
        }
        return client;
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }
}
