package city.tsunagu.broker.discovery;

import city.tsunagu.broker.store.EmbeddedStore;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The discovery pipelines on the embedded mongo-java-server with its H2 backend. */
class EmbeddedDiscoveryStoreTest extends DiscoveryStoreContract {
    @TempDir
    static Path dataDir;
    private static EmbeddedStore server;
    private static MongoClient client;

    @BeforeAll
    static void start() {
        server = EmbeddedStore.start(dataDir, 0);
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Override
    protected MongoClient client() {
        return client;
    }
}
