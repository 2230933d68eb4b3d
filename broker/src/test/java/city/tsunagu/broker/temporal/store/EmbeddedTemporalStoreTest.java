package city.tsunagu.broker.temporal.store;

import city.tsunagu.broker.TestMongo;
import com.mongodb.reactivestreams.client.MongoClient;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The history store contract on the embedded store. */
class EmbeddedTemporalStoreTest extends TemporalStoreContract {
    @RegisterExtension
    static final TestMongo MONGO = TestMongo.embedded();

    @Override
    protected MongoClient client() {
        return MONGO.client();
    }
}
