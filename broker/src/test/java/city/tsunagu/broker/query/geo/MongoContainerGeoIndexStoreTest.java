package city.tsunagu.broker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.TestMongo;
import com.mongodb.reactivestreams.client.MongoClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;
import reactor.core.publisher.Mono;

/** The geo narrowing on a real MongoDB, where it also seeks on the geo index; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class MongoContainerGeoIndexStoreTest extends GeoIndexStoreContract {
    @RegisterExtension
    static final TestMongo MONGO = TestMongo.container();

    @Override
    protected MongoClient client() {
        return MONGO.client();
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
