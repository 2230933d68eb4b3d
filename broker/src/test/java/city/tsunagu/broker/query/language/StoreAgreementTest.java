package city.tsunagu.broker.query.language;

import static city.tsunagu.broker.query.language.Fixtures.CORE;
import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.store.EntityDocuments;
import city.tsunagu.broker.entity.store.KeyCodec;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Both evaluators agree: the fixture entities are stored in the embedded store (mongo-java-server,
 * as {@code EntityDocuments} writes them), every expression of the example files and thousands of
 * random ones run as MongoDB filters, and
 * <ul>
 * <li>the store's answer contains every entity {@code matches} accepts (superset);</li>
 * <li>re-checking the stored documents with {@code matches} gives exactly that set;</li>
 * <li>where the filter says it is exact, the store's answer is that set already.</li>
 * </ul>
 */
class StoreAgreementTest {
    private static final MongoCollection<Document> collection = StoredFixtures.COLLECTION;

    static boolean agree(String label, Condition condition) {
        return StoredFixtures.agree(label, condition);
    }

    /** Each operator the filters use, as the embedded store serves it. */
    @Test
    void operatorsTheFiltersUse() {
        String speed = "attrs." + KeyCodec.encode(Fixtures.iri("speed"));
        String seats = "attrs." + KeyCodec.encode(Fixtures.iri("seats"));
        String v1 = "V1";
        String v2 = "V2";
        assertStore(Filters.eq("type", Fixtures.iri("Bus")), v2);
        assertStore(Filters.elemMatch(speed, Filters.ne("value", 50)), v2);
        assertStore(Filters.elemMatch(speed, Filters.gt("value", 50)), v2);
        assertStore(Filters.elemMatch(speed, Filters.gte("value", 50)), v1, v2);
        assertStore(Filters.elemMatch(speed, Filters.lt("value", 50)), v2);
        assertStore(Filters.elemMatch(speed, Filters.lte("value", 50)), v1, v2);
        assertStore(Filters.elemMatch(speed, Filters.in("value", List.of(50, 7))), v1);
        assertStore(Filters.elemMatch(speed, Filters.and(Filters.nin("value", List.of(50, 80)), Filters.exists("value"))), v2);
        assertStore(Filters.elemMatch(speed, Filters.exists("datasetId")), v2);
        assertStore(Filters.and(Filters.exists(speed), Filters.nor(Filters.elemMatch(speed, Filters.exists("datasetId")))), v1);
        assertStore(Filters.or(Filters.eq("type", Fixtures.iri("Bus")), Filters.regex("scope", "^/Kanazawa/Station\\z")), v1, v2);
        assertStore(Filters.elemMatch(seats, Filters.or(
                new Document("value", new Document("$elemMatch", new Document("$gte", 10).append("$lte", 30))),
                Filters.and(Filters.gte("value", 10), Filters.lte("value", 30), Filters.exists("value.0", false)))), v2);
        assertStore(Filters.elemMatch(seats, Filters.or(
                new Document("value", new Document("$elemMatch", new Document("$gte", 10).append("$lte", 20))),
                Filters.and(Filters.gte("value", 10), Filters.lte("value", 20), Filters.exists("value.0", false)))));
        assertStore(Filters.elemMatch(speed, Filters.regex("observedAt", "\\.500Z(?=\\n?\\z)")), v2);
    }

    private static void assertStore(Bson filter, String... aliases) {
        Set<String> ids = new TreeSet<>();
        Flux.from(collection.find(filter)).map(d -> d.getString("_id")).toIterable().forEach(ids::add);
        assertThat(ids).as(filter.toBsonDocument().toJson()).isEqualTo(Aliases.ids(String.join(" ", aliases)));
    }

    @Test
    void storedEntitiesReadBackAsTheyWere() {
        List<Document> documents = Flux.from(collection.find()).collectList().block();
        assertThat(documents).hasSize(Fixtures.ENTITIES.size());
        for (Document document : documents) {
            Entity stored = EntityDocuments.toEntity(document);
            Entity original = Fixtures.entity(stored.id());
            assertThat(stored.createdAt()).isEqualTo(original.createdAt());
            assertThat(stored.attributes().keySet()).isEqualTo(original.attributes().keySet());
        }
    }

    @Test
    void exampleQueries() throws IOException {
        int exact = 0;
        List<String> lines = lines("q-cases.csv");
        for (String line : lines) {
            String q = line.substring(0, line.indexOf(" => "));
            exact += agree("q=" + q, QueryLanguage.parseQ(q, CORE)) ? 1 : 0;
        }
        assertThat(exact).as("exact filters among %d examples", lines.size()).isGreaterThan(lines.size() / 3);
    }

    @Test
    void exampleScopeQueriesAndTypeSelections() throws IOException {
        for (String line : lines("scope-cases.csv")) {
            String scopeQ = line.substring(0, line.indexOf(" => "));
            assertThat(agree("scopeQ=" + scopeQ, QueryLanguage.parseScopeQ(scopeQ))).as(scopeQ).isTrue();
        }
        for (String line : lines("type-cases.csv")) {
            String type = line.substring(0, line.indexOf(" => "));
            assertThat(agree("type=" + type, QueryLanguage.parseTypeSelection(type, CORE))).as(type).isTrue();
        }
    }

    @Test
    void expectedExactness() {
        for (String q : List.of("speed", "!speed", "speed>50", "speed!=50", "almostFull==false", "seats==10..20",
                "speed==50,80", "createdAt>2026-01-01T02:00:00.0015Z", "speed.unitCode==\"KMH\"", "address[city]==\"Tokyo\"",
                "speed.unitCode~=\"^K\"", "speed.observedAt~=\"\\\\.500Z$\"", "speed.datasetId", "!address[city]",
                "onRoute>5", "!speed.datasetId")) {
            assertThat(EntityFilter.of(QueryLanguage.parseQ(q, CORE)).exact()).as(q).isTrue();
        }
        for (String q : List.of("name==\"Eiffel Tower\"", "speed.observedAt>2026-01-01T00:00:00Z", "name~=\"(?i)bus\"",
                "name!~=\"x\"", "color[en]~=\"^r\"", "speed!=10..20", "address[*]", "managedBy{name}==\"x\"", "lastService>2026-01-01T00:00:00Z",
                "name~=\"(?<=a)b\"", "address[zip]==1..2")) {
            assertThat(EntityFilter.of(QueryLanguage.parseQ(q, CORE)).exact()).as(q).isFalse();
        }
    }

    @Test
    void randomQueries() {
        RandomQueries random = new RandomQueries(Long.getLong("tsunagu.test.seed", 20260401L));
        int exact = 0;
        int total = Integer.getInteger("tsunagu.test.queries", 3000);
        for (int i = 0; i < total; i++) {
            String q = random.q(3);
            exact += agree("#" + i + " q=" + q, QueryLanguage.parseQ(q, CORE)) ? 1 : 0;
        }
        for (int i = 0; i < 300; i++) {
            String scopeQ = random.scopeQ(3);
            agree("#" + i + " scopeQ=" + scopeQ, QueryLanguage.parseScopeQ(scopeQ));
            String type = random.types(3);
            agree("#" + i + " type=" + type, QueryLanguage.parseTypeSelection(type, CORE));
        }
        assertThat(exact).isGreaterThan(total / 10);
    }

    static List<String> lines(String file) throws IOException {
        try (InputStream in = StoreAgreementTest.class.getResourceAsStream("/query/language/" + file)) {
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }
}
