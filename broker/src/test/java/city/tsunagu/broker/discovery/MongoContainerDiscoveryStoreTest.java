package city.tsunagu.broker.discovery;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/** The discovery pipelines on a real MongoDB; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class MongoContainerDiscoveryStoreTest extends DiscoveryStoreContract {
    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");
    private static MongoClient client;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(MONGO.getConnectionString());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Override
    protected MongoClient client() {
        return client;
    }
}
