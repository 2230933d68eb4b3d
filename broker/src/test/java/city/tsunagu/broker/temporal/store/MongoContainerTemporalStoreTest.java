package city.tsunagu.broker.temporal.store;

import city.tsunagu.broker.TestMongo;
import com.mongodb.reactivestreams.client.MongoClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The history store contract on a real MongoDB; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class MongoContainerTemporalStoreTest extends TemporalStoreContract {
    @RegisterExtension
    static final TestMongo MONGO = TestMongo.container();

    @Override
    protected MongoClient client() {
        return MONGO.client();
    }
}
