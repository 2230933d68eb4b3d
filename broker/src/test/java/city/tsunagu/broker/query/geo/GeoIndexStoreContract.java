package city.tsunagu.broker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.store.EntityDocuments;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.ld.LdProperties;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The store's narrowing never loses an answer: candidates of {@link GeoIndex#candidateFilter}
 * checked by JTS give exactly what JTS gives over every entity, for each relation and geometry
 * type, over a seeded data set of a few thousand geometries around Kanazawa. And the narrowing
 * narrows. Run on the embedded store, and on a real MongoDB where Docker is available.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GeoIndexStoreContract {
    private static final String LOCATION = "https://uri.etsi.org/ngsi-ld/location";
    private static final String OBSERVATION_SPACE = "https://uri.etsi.org/ngsi-ld/observationSpace";
    private static final int ENTITIES = 3000;
    private static final Instant NOW = Instant.parse("2026-04-01T08:00:00Z");

    private static final LdContext CORE = new LdContextResolver(LdProperties.defaults()).core();

    private MongoCollection<Document> collection;
    private List<Entity> entities;
    private RandomGeometries random;

    /** The client of the store under test; called once, from the contract's {@code @BeforeAll}. */
    protected abstract MongoClient client();

    protected MongoCollection<Document> collection() {
        return collection;
    }

    @BeforeAll
    void load() {
        collection = client().getDatabase("geo-test").getCollection("entities");
        Mono.from(collection.drop()).block();
        random = new RandomGeometries(20260401L);
        entities = new ArrayList<>();
        for (int i = 0; i < ENTITIES; i++) {
            entities.add(entity(i));
        }
        List<Document> documents = new ArrayList<>();
        for (Entity entity : entities) {
            Document document = EntityDocuments.toDocument(entity, 1);
            List<Document> geo = GeoIndex.entries(entity.attributes());
            if (!geo.isEmpty()) {
                document.append(GeoIndex.FIELD, geo);
            }
            documents.add(document);
        }
        Mono.from(collection.insertMany(documents)).block();
        Flux.fromIterable(GeoIndex.indexes()).concatMap(index -> collection.createIndexes(List.of(index))).blockLast();
    }

    private Entity entity(int i) {
        Map<String, List<Attribute>> attributes = new LinkedHashMap<>();
        int kind = random.random().nextInt(100);
        if (kind < 3) {
            // no location: matches no geo-query
            attributes.put("https://uri.etsi.org/ngsi-ld/default-context/speed", List.of(new Attribute(AttributeKind.PROPERTY,
                    RandomGeometries.position(1, 2), null, null, null, null, Map.of(), NOW, NOW)));
        } else if (kind < 8) {
            // two instances of location, far apart
            attributes.put(LOCATION, List.of(geo(random.any(), null), geo(random.any(), "urn:ngsi-ld:Dataset:planned")));
        } else if (kind < 10 && i > 0 && entities.get(i - 1).attributes().containsKey(LOCATION)) {
            // the same geometry as the entity before, so that equals finds several
            attributes.put(LOCATION, List.of(geo(entities.get(i - 1).attributes().get(LOCATION).get(0).value().deepCopy(), null)));
        } else {
            attributes.put(LOCATION, List.of(geo(random.any(), null)));
        }
        if (random.random().nextInt(10) == 0) {
            attributes.put(OBSERVATION_SPACE, List.of(geo(random.any(), null)));
        }
        return new Entity("urn:ngsi-ld:Thing:" + i, List.of("https://uri.etsi.org/ngsi-ld/default-context/Thing"), List.of(),
                attributes, NOW, NOW);
    }

    private static Attribute geo(JsonNode value, String datasetId) {
        return new Attribute(AttributeKind.GEO_PROPERTY, value, datasetId, null, null, null, Map.of(), NOW, NOW);
    }

    /** Answers by JTS over all entities, and by JTS over the store's candidates; candidates counted. */
    private int[] compare(GeoQuery query) {
        GeoPredicate predicate = GeoPredicate.of(query);
        Set<String> expected = new TreeSet<>();
        entities.stream().filter(predicate).forEach(e -> expected.add(e.id()));
        List<Entity> candidates = Flux.from(collection.find(GeoIndex.candidateFilter(query)))
                .map(EntityDocuments::toEntity).collectList().block();
        Set<String> actual = new TreeSet<>();
        candidates.stream().filter(predicate).forEach(e -> actual.add(e.id()));
        assertThat(actual).as("%s", query).isEqualTo(expected);
        return new int[] {expected.size(), candidates.size()};
    }

    static GeoQuery query(String georel, String geometry, String coordinates) {
        return query(georel, geometry, coordinates, null);
    }

    private static GeoQuery query(String georel, String geometry, String coordinates, String geoproperty) {
        return GeoQueries.parse(georel, geometry, coordinates, geoproperty, CORE).orElseThrow();
    }

    @Test
    void nearAPoint() {
        int[] counts = compare(query("near;maxDistance==500", "Point", "[136.648,36.5781]"));
        assertThat(counts[0]).isPositive();
        assertThat(counts[1]).isLessThan(ENTITIES / 5);
        compare(query("near;maxDistance==2000", "Point", "[136.66,36.56]"));
        compare(query("near;maxDistance==0.001", "Point", "[136.648,36.5781]"));
    }

    @Test
    void nearALineAndAPolygon() {
        int[] counts = compare(query("near;maxDistance==300", "LineString",
                "[[136.648,36.5781],[136.6566,36.5716],[136.6527,36.5623],[136.6627,36.5621]]"));
        assertThat(counts[0]).isPositive();
        assertThat(counts[1]).isLessThan(ENTITIES / 2);
        compare(query("near;minDistance==800", "Polygon",
                "[[[136.644,36.575],[136.652,36.575],[136.652,36.581],[136.644,36.581],[136.644,36.575]]]"));
    }

    @Test
    void minDistanceDoesNotNarrowButStaysRight() {
        int[] counts = compare(query("near;minDistance==3000", "Point", "[136.65,36.57]"));
        assertThat(counts[0]).isPositive();
        // every entity with a location is a candidate, the others are not
        assertThat(counts[1]).isEqualTo((int) entities.stream().filter(e -> e.attributes().containsKey(LOCATION)).count());
    }

    @Test
    void withinAndDisjoint() {
        String area = "[[[136.63,36.55],[136.66,36.55],[136.66,36.58],[136.63,36.58],[136.63,36.55]]]";
        int[] within = compare(query("within", "Polygon", area));
        assertThat(within[0]).isPositive();
        assertThat(within[1]).isLessThan(ENTITIES / 2);
        int[] disjoint = compare(query("disjoint", "Polygon", area));
        assertThat(disjoint[0]).isPositive();
        compare(query("within", "MultiPolygon", "[" + area
                + ",[[[136.67,36.59],[136.69,36.59],[136.69,36.61],[136.67,36.61],[136.67,36.59]]]]"));
    }

    @Test
    void intersectsEachGeometryType() {
        compare(query("intersects", "Point", "[136.65,36.57]"));
        compare(query("intersects", "MultiPoint", "[[136.65,36.57],[136.66,36.58],[136.64,36.56]]"));
        int[] line = compare(query("intersects", "LineString",
                "[[136.648,36.5781],[136.6566,36.5716],[136.6527,36.5623],[136.6627,36.5621]]"));
        assertThat(line[0]).isPositive();
        assertThat(line[1]).isLessThan(ENTITIES / 2);
        compare(query("intersects", "MultiLineString", "[[[136.6,36.55],[136.7,36.6]],[[136.6,36.6],[136.7,36.55]]]"));
        compare(query("intersects", "Polygon", "[[[136.64,36.56],[136.65,36.56],[136.65,36.57],[136.64,36.56]]]"));
    }

    @Test
    void containsPointsInsidePolygons() {
        int found = 0;
        for (Entity entity : entities) {
            JsonNode location = entity.attributes().containsKey(LOCATION) ? entity.attributes().get(LOCATION).get(0).value() : null;
            if (location != null && location.path("type").stringValue("").equals("Polygon") && found < 5) {
                // the midpoint between the first vertex and the centre of a star polygon lies inside it
                JsonNode ring = location.get("coordinates").get(0);
                double lon = 0;
                double lat = 0;
                for (int i = 0; i < ring.size() - 1; i++) {
                    lon += ring.get(i).get(0).doubleValue() / (ring.size() - 1);
                    lat += ring.get(i).get(1).doubleValue() / (ring.size() - 1);
                }
                int[] counts = compare(query("contains", "Point", "[" + lon + "," + lat + "]"));
                assertThat(counts[0]).isPositive();
                found++;
            }
        }
        assertThat(found).isEqualTo(5);
        compare(query("contains", "LineString", "[[136.65,36.57],[136.6501,36.5701]]"));
    }

    @Test
    void equalsFindsCopies() {
        int checked = 0;
        for (int i = 0; i < entities.size() && checked < 12; i += 97) {
            Entity entity = entities.get(i);
            if (entity.attributes().containsKey(LOCATION)) {
                JsonNode geometry = entity.attributes().get(LOCATION).get(0).value();
                int[] counts = compare(query("equals", geometry.get("type").stringValue(), geometry.get("coordinates").toString()));
                assertThat(counts[0]).isGreaterThanOrEqualTo(1);
                assertThat(counts[1]).isLessThan(10);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(12);
    }

    @Test
    void overlaps() {
        int[] counts = compare(query("overlaps", "Polygon",
                "[[[136.63,36.55],[136.66,36.55],[136.66,36.58],[136.63,36.58],[136.63,36.55]]]"));
        assertThat(counts[0]).isPositive();
        compare(query("overlaps", "LineString", "[[136.6,36.55],[136.7,36.6]]"));
    }

    @Test
    void anotherGeoproperty() {
        int[] counts = compare(query("intersects", "Polygon",
                "[[[136.6,36.5],[136.7,36.5],[136.7,36.65],[136.6,36.65],[136.6,36.5]]]", "observationSpace"));
        assertThat(counts[0]).isPositive();
        assertThat(counts[1]).isLessThan(ENTITIES / 5);
    }

    @Test
    void randomQueries() {
        String[] relations = {"near;maxDistance==%d", "near;minDistance==%d", "within", "contains", "intersects", "disjoint", "overlaps"};
        RandomGeometries references = new RandomGeometries(7L);
        int run = 0;
        while (run < 30) {
            JsonNode geometry = references.any();
            String relation = relations[references.random().nextInt(relations.length)];
            int d1 = 50 + references.random().nextInt(3000);
            String georel = String.format(relation, d1, d1 + references.random().nextInt(3000));
            GeoQuery query;
            try {
                query = query(georel, geometry.get("type").stringValue(), geometry.get("coordinates").toString());
            } catch (BadRequestDataException e) {
                continue; // a random reference polygon that is not valid
            }
            compare(query);
            run++;
        }
    }
}
