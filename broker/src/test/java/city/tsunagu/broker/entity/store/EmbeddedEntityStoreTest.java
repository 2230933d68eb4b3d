package city.tsunagu.broker.entity.store;

import city.tsunagu.broker.TestMongo;
import com.mongodb.reactivestreams.client.MongoClient;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on the embedded mongo-java-server with its H2 backend. */
class EmbeddedEntityStoreTest extends EntityStoreContract {
    @RegisterExtension
    static final TestMongo MONGO = TestMongo.embedded();

    @Override
    protected MongoClient client() {
        return MONGO.client();
    }
}
