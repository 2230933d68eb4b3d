package city.tsunagu.broker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;
import reactor.core.publisher.Mono;

/** The geo narrowing on a real MongoDB, where it also seeks on the geo index; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class MongoContainerGeoIndexStoreTest extends GeoIndexStoreContract {
    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");
    private MongoClient client;

    @Override
    protected MongoClient client() {
        if (client == null) {
            client = MongoClients.create(MONGO.getConnectionString());
        }
        return client;
    }

    @AfterAll
    void close() {
        client.close();
    }

    @Test
    void nearAndWithinSeekOnTheGeoIndex() {
        for (GeoQuery query : new GeoQuery[] {
                query("near;maxDistance==500", "Point", "[136.648,36.5781]"),
                query("within", "Polygon", "[[[136.63,36.55],[136.66,36.55],[136.66,36.58],[136.63,36.58],[136.63,36.55]]]")}) {
            Document plan = Mono.from(collection().find(GeoIndex.candidateFilter(query)).explain(Document.class)).block();
            assertThat(plan.toJson()).as("%s", query).contains("IXSCAN").contains("\"geo\"");
        }
    }
}
