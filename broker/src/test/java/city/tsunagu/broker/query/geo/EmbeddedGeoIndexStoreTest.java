package city.tsunagu.broker.query.geo;

import city.tsunagu.broker.TestMongo;
import com.mongodb.reactivestreams.client.MongoClient;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The geo narrowing on the embedded mongo-java-server with its H2 backend (which scans: it has no secondary indexes). */
class EmbeddedGeoIndexStoreTest extends GeoIndexStoreContract {
    @RegisterExtension
    static final TestMongo MONGO = TestMongo.embedded();

    @Override
    protected MongoClient client() {
        return MONGO.client();
    }
}
