package city.tsunagu.broker.discovery;

import city.tsunagu.broker.TestMongo;
import com.mongodb.reactivestreams.client.MongoClient;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The discovery pipelines on the embedded mongo-java-server with its H2 backend. */
class EmbeddedDiscoveryStoreTest extends DiscoveryStoreContract {
    @RegisterExtension
    static final TestMongo MONGO = TestMongo.embedded();

    @Override
    protected MongoClient client() {
        return MONGO.client();
    }
}
