package city.tsunagu.broker.discovery;

import city.tsunagu.broker.TestMongo;
import com.mongodb.reactivestreams.client.MongoClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The discovery pipelines on a real MongoDB; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class MongoContainerDiscoveryStoreTest extends DiscoveryStoreContract {
    @RegisterExtension
    static final TestMongo MONGO = TestMongo.container();

    @Override
    protected MongoClient client() {
        return MONGO.client();
    }
}
