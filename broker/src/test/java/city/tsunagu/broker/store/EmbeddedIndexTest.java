package city.tsunagu.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.store.EntityDocuments;
import city.tsunagu.broker.entity.store.EntityStore;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.ld.LdProperties;
import city.tsunagu.broker.query.geo.GeoIndex;
import city.tsunagu.broker.query.geo.GeoQueries;
import city.tsunagu.broker.query.language.EntityFilter;
import city.tsunagu.broker.query.language.QueryLanguage;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The embedded store's secondary indexes, through the MongoDB driver: the same seeded entities in
 * a collection with the broker's indexes and in one without, and every filter shape the broker
 * sends answers the same on both (all matches, counts, and pages in id order at several offsets
 * and limits), also after replacements and deletions that change indexed
 * values and after a restart on the same data directory (the indexes are rebuilt in memory).
 */
class EmbeddedIndexTest {
    private static final LdContext CORE = new LdContextResolver(LdProperties.defaults()).core();
    private static final String SPEED = CORE.expand("speed");
    private static final String LOCATION = CORE.expand("location");
    private static final String OBSERVATION_SPACE = CORE.expand("observationSpace");
    private static final String[] TYPES = {"A", "B", "C", "D"};
    private static final int ENTITIES = 600;
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path dataDir;
    private EmbeddedStore store;
    private MongoClient client;
    private final SplittableRandom random = new SplittableRandom(20261123L);

    @BeforeEach
    void start() {
        open();
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < ENTITIES; i++) {
            documents.add(EntityDocuments.toDocument(entity("urn:e:" + i), 1));
        }
        Mono.from(indexed().insertMany(documents)).block();
        Mono.from(plain().insertMany(documents)).block();
        Mono.from(indexed().createIndexes(EntityStore.indexes(List.of(SPEED)))).block();
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
    }

    @Test
    void indexedAnswersEqualFullScans() {
        assertSameAnswers();
    }

    @Test
    void answersStayEqualAfterReplacementsAndDeletions() {
        for (int i = 0; i < ENTITIES; i += 3) {
            Document replacement = EntityDocuments.toDocument(entity("urn:e:" + i), 2);
            Mono.from(indexed().replaceOne(Filters.and(Filters.eq("_id", "urn:e:" + i), Filters.eq("version", 1)), replacement)).block();
            Mono.from(plain().replaceOne(Filters.eq("_id", "urn:e:" + i), replacement)).block();
        }
        for (int i = 1; i < ENTITIES; i += 7) {
            Mono.from(indexed().deleteOne(Filters.eq("_id", "urn:e:" + i))).block();
            Mono.from(plain().deleteOne(Filters.eq("_id", "urn:e:" + i))).block();
        }
        Bson fast = EntityFilter.of(QueryLanguage.parseQ("speed>=15", CORE)).bson();
        Mono.from(indexed().deleteMany(fast)).block();
        Mono.from(plain().deleteMany(fast)).block();

        assertThat(ids(indexed(), fast)).isEmpty();
        assertSameAnswers();
    }

    @Test
    void idEqualityFindsWhatTheIdIndexFinds() {
        Bson typeA = q("A", true);
        for (String id : List.of("urn:e:9", "urn:e:401", "urn:e:none")) {
            for (MongoCollection<Document> collection : List.of(indexed(), plain())) {
                // {_id: {$in: [id]}} goes through mongo-java-server's unique _id index
                assertThat(ids(collection, Filters.eq("_id", id))).as(id).isEqualTo(ids(collection, Filters.in("_id", id)));
                assertThat(ids(collection, Filters.and(Filters.eq("_id", id), typeA)))
                        .isEqualTo(ids(collection, Filters.and(Filters.in("_id", id), typeA)));
            }
        }
        assertThat(ids(indexed(), Filters.eq("_id", "urn:e:9"))).containsExactly("urn:e:9");
    }

    @Test
    void conditionalWritesByIdReadOnlyTheirDocument() {
        Document replacement = EntityDocuments.toDocument(entity("urn:e:9"), 2);
        long before = IndexedH2Collection.unplannedQueries("index-test", "indexed");

        // the shapes of optimistic writes: {$and: [{_id: x}, {version: n}]} and {_id: x, rev: {$lt: n}}
        var replaced = Mono.from(indexed().replaceOne(Filters.and(Filters.eq("_id", "urn:e:9"), Filters.eq("version", 1)), replacement)).block();
        var stale = Mono.from(indexed().updateOne(Filters.and(Filters.eq("_id", "urn:e:10"), Filters.lt("version", 1)),
                new Document("$set", new Document("marked", true)))).block();
        var deleted = Mono.from(indexed().deleteOne(Filters.and(Filters.eq("_id", "urn:e:11"), Filters.eq("version", 1)))).block();
        var found = ids(indexed(), Filters.and(Filters.in("_id", "urn:e:12", "urn:e:13"), Filters.eq("version", 1)));

        assertThat(IndexedH2Collection.unplannedQueries("index-test", "indexed") - before).as("queries that read the whole collection").isZero();
        assertThat(replaced.getModifiedCount()).isEqualTo(1);
        assertThat(stale.getMatchedCount()).isZero();
        assertThat(deleted.getDeletedCount()).isEqualTo(1);
        assertThat(found).containsExactly("urn:e:12", "urn:e:13");
        assertThat(Mono.from(indexed().find(Filters.eq("_id", "urn:e:9")).first()).block().get("version")).isEqualTo(2L);
    }

    @Test
    void indexesAreRebuiltAfterARestart() {
        List<List<String>> before = filters().stream().map(f -> ids(indexed(), f)).toList();
        client.close();
        store.close();

        open();

        assertThat(Flux.from(indexed().listIndexes()).map(index -> index.getString("name")).collectList().block())
                .contains("type", "geo", EntityStore.valuePath(SPEED) + "_1");
        assertThat(filters().stream().map(f -> ids(indexed(), f)).toList()).isEqualTo(before);
        assertSameAnswers();
    }

    private void open() {
        store = EmbeddedStore.start(dataDir, 0);
        client = MongoClients.create(store.connectionString());
    }

    private MongoCollection<Document> indexed() {
        return client.getDatabase("index-test").getCollection("indexed");
    }

    private MongoCollection<Document> plain() {
        return client.getDatabase("index-test").getCollection("plain");
    }

    private void assertSameAnswers() {
        for (Bson filter : filters()) {
            List<String> expected = ids(plain(), filter);
            assertThat(ids(indexed(), filter)).as(filter.toString()).isEqualTo(expected);
            assertThat(Mono.from(indexed().countDocuments(filter)).block()).as("count " + filter).isEqualTo(expected.size());
            for (int offset : new int[] {0, 1, 7, 150}) {
                for (int limit : new int[] {1, 20, 1000}) {
                    List<String> page = expected.subList(Math.min(offset, expected.size()), Math.min(offset + limit, expected.size()));
                    assertThat(page(indexed(), filter, offset, limit)).as("page %d+%d of %s", offset, limit, filter).isEqualTo(page);
                    assertThat(page(plain(), filter, offset, limit)).as("plain page %d+%d of %s", offset, limit, filter).isEqualTo(page);
                }
            }
        }
        // the filters select something: the comparison is not between empty answers
        assertThat(filters().stream().filter(f -> !ids(plain(), f).isEmpty()).count()).isGreaterThan(filters().size() * 3 / 4);
    }

    /** The ids of all matches, sorted here: mongo-java-server's own path (no limit), whose sort compares strings as Java does. */
    private static List<String> ids(MongoCollection<Document> collection, Bson filter) {
        return Flux.from(collection.find(filter)).map(d -> d.getString("_id")).sort().collectList().block();
    }

    /** A page as EntityQueryStore asks for it. */
    private static List<String> page(MongoCollection<Document> collection, Bson filter, int offset, int limit) {
        return Flux.from(collection.find(filter).sort(Sorts.ascending("_id")).skip(offset).limit(limit))
                .map(d -> d.getString("_id")).collectList().block();
    }

    /** The filter shapes of EntityQueryStore: types, q, ids, geo, and their conjunctions. */
    private static List<Bson> filters() {
        List<Bson> filters = new ArrayList<>();
        Bson typeA = q("A", true);
        Stream.of("A", "A|B", "(A;B)|C").forEach(t -> filters.add(q(t, true)));
        Stream.of("speed==5", "speed>12", "speed>=3;speed<8", "speed==3..7", "speed==2,4,6", "speed==\"fast\"",
                "speed>=18|speed<2", "speed!=4", "speed==5|speed==\"slow\"", "speed<4.5").forEach(q -> {
                    filters.add(q(q, false));
                    filters.add(Filters.and(typeA, q(q, false)));
                });
        filters.add(Filters.and(Filters.in("_id", "urn:e:3", "urn:e:4", "urn:e:5", "urn:e:400", "urn:e:x"), typeA));
        filters.add(Filters.and(Filters.eq("_id", "urn:e:9"), Filters.eq("version", 1)));
        String square = "[[[136.64,36.57],[136.66,36.57],[136.66,36.59],[136.64,36.59],[136.64,36.57]]]";
        List<String[]> geo = List.of(
                new String[] {"near;maxDistance==500", "Point", "[136.648,36.5781]", null},
                new String[] {"near;maxDistance==3000", "Point", "[136.65,36.58]", "observationSpace"},
                new String[] {"intersects", "Polygon", square, null},
                new String[] {"within", "Polygon", square, null},
                new String[] {"contains", "Point", "[136.65,36.58]", "observationSpace"},
                new String[] {"equals", "Point", "[136.648,36.5781]", null},
                new String[] {"disjoint", "Polygon", square, null});
        for (String[] g : geo) {
            Bson filter = GeoIndex.candidateFilter(GeoQueries.parse(g[0], g[1], g[2], g[3], CORE).orElseThrow());
            filters.add(filter);
            filters.add(Filters.and(typeA, filter));
        }
        return filters;
    }

    private static Bson q(String text, boolean types) {
        return EntityFilter.of(types ? QueryLanguage.parseTypeSelection(text, CORE) : QueryLanguage.parseQ(text, CORE)).bson();
    }

    /** An entity with 1–2 types, 0–2 speed instances (numbers, texts, arrays), a location and maybe an observation space. */
    private Entity entity(String id) {
        List<String> types = new ArrayList<>();
        types.add(CORE.expand(TYPES[random.nextInt(TYPES.length)]));
        if (random.nextInt(4) == 0) {
            String second = CORE.expand(TYPES[random.nextInt(TYPES.length)]);
            if (!types.contains(second)) {
                types.add(second);
            }
        }
        Map<String, List<Attribute>> attributes = new LinkedHashMap<>();
        int speeds = random.nextInt(3);
        List<Attribute> instances = new ArrayList<>();
        for (int i = 0; i < speeds; i++) {
            instances.add(property(speedValue(), i == 0 ? null : "urn:dataset:" + i));
        }
        if (!instances.isEmpty()) {
            attributes.put(SPEED, instances);
        }
        attributes.put(LOCATION, List.of(geo(point(136.60 + random.nextDouble() * 0.1, 36.53 + random.nextDouble() * 0.08))));
        if (random.nextInt(3) == 0) {
            attributes.put(OBSERVATION_SPACE, List.of(geo(box())));
        }
        return new Entity(id, types, null, attributes, NOW, NOW);
    }

    private JsonNode speedValue() {
        return switch (random.nextInt(10)) {
            case 0 -> NODES.stringNode(random.nextBoolean() ? "fast" : "slow");
            case 1 -> NODES.arrayNode().add(random.nextInt(21)).add(random.nextInt(21));
            case 2 -> NODES.numberNode(random.nextInt(200) / 10.0);
            default -> NODES.numberNode(random.nextInt(21));
        };
    }

    private static Attribute property(JsonNode value, String datasetId) {
        return new Attribute(AttributeKind.PROPERTY, value, datasetId, null, null, null, null, NOW, NOW);
    }

    private static Attribute geo(JsonNode geometry) {
        return new Attribute(AttributeKind.GEO_PROPERTY, geometry, null, null, null, null, null, NOW, NOW);
    }

    private static JsonNode point(double lon, double lat) {
        return NODES.objectNode().put("type", "Point").set("coordinates", NODES.arrayNode().add(lon).add(lat));
    }

    /** A box from a few metres to most of the city, some crossing the query geometries' edges. */
    private JsonNode box() {
        double size = Math.pow(10, -4 + random.nextDouble() * 3.5);
        double lon = 136.60 + random.nextDouble() * 0.1;
        double lat = 36.53 + random.nextDouble() * 0.08;
        var ring = NODES.arrayNode();
        double[][] corners = {{lon, lat}, {lon + size, lat}, {lon + size, lat + size}, {lon, lat + size}, {lon, lat}};
        for (double[] corner : corners) {
            ring.add(NODES.arrayNode().add(corner[0]).add(corner[1]));
        }
        return NODES.objectNode().put("type", "Polygon").set("coordinates", NODES.arrayNode().add(ring));
    }

}
