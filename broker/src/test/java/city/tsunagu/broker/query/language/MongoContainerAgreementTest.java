package city.tsunagu.broker.query.language;

import static city.tsunagu.broker.query.language.Fixtures.CORE;

import city.tsunagu.broker.TestMongo;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.io.IOException;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@link StoreAgreementTest} on a real MongoDB: the filters must select the same supersets, and
 * be exact where they say so, on MongoDB's PCRE and array semantics too. Skipped where no Docker
 * engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoContainerAgreementTest {
    @RegisterExtension
    static final TestMongo MONGO = TestMongo.container();
    private static MongoCollection<Document> collection;

    @BeforeAll
    static void store() {
        collection = StoredFixtures.insert(MONGO.client().getDatabase("querylanguage").getCollection("entities"));
    }

    @Test
    void exampleExpressions() throws IOException {
        for (String line : StoreAgreementTest.lines("q-cases.csv")) {
            String q = line.substring(0, line.indexOf(" => "));
            StoredFixtures.agree(collection, "q=" + q, QueryLanguage.parseQ(q, CORE));
        }
        for (String line : StoreAgreementTest.lines("scope-cases.csv")) {
            String scopeQ = line.substring(0, line.indexOf(" => "));
            StoredFixtures.agree(collection, "scopeQ=" + scopeQ, QueryLanguage.parseScopeQ(scopeQ));
        }
        for (String line : StoreAgreementTest.lines("type-cases.csv")) {
            String type = line.substring(0, line.indexOf(" => "));
            StoredFixtures.agree(collection, "type=" + type, QueryLanguage.parseTypeSelection(type, CORE));
        }
    }

    @Test
    void randomExpressions() {
        RandomQueries random = new RandomQueries(Long.getLong("tsunagu.test.seed", 20260401L));
        for (int i = 0; i < 3000; i++) {
            String q = random.q(3);
            StoredFixtures.agree(collection, "#" + i + " q=" + q, QueryLanguage.parseQ(q, CORE));
        }
    }
}
