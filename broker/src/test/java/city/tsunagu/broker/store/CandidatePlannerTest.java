package city.tsunagu.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.query.geo.GeoIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The indexes narrow: the candidates are the documents the served conditions select, not all. */
class CandidatePlannerTest {
    private final ValueIndex type = new ValueIndex("type", List.of(new IndexKey("type", true)), false);
    private final ValueIndex speed = new ValueIndex("speed", List.of(new IndexKey("attrs.speed.value", true)), false);
    private final GeoBoxIndex geo = new GeoBoxIndex("geo", List.of(new IndexKey("geo.p", true)), false, GeoIndex.FIELD);
    private final List<Index<Object>> indexes = List.of(type, speed, geo);

    CandidatePlannerTest() {
        add("1", "A", 5, box(0, 0, 1, 1));
        add("2", "A", 15, box(10, 10, 11, 11));
        add("3", List.of("A", "B"), List.of(3, 18), box(-5, -5, 20, 20));
        add("4", "B", 18, box(0.5, 0.5, 0.5, 0.5));
        add("5", "C", "fast", box(30, 30, 31, 31));
    }

    @Test
    void equalityInAndMultikeyValues() {
        assertThat(candidates(new Document("type", "A"))).containsExactly("1", "2", "3");
        assertThat(candidates(new Document("type", new Document("$in", List.of("B", "C"))))).containsExactly("3", "4", "5");
        assertThat(candidates(new Document("attrs.speed", new Document("$elemMatch", new Document("value", 18))))).containsExactly("3", "4");
    }

    @Test
    void rangesCompareOnlyWithTheirType() {
        assertThat(candidates(elemMatch(new Document("$and", List.of(new Document("value", new Document("$gte", 15)),
                new Document("type", new Document("$nin", List.of("Relationship")))))))).containsExactly("2", "3", "4");
        assertThat(candidates(elemMatch(new Document("value", new Document("$elemMatch", new Document("$gte", 4).append("$lte", 6))))))
                .containsExactly("1");
        assertThat(candidates(elemMatch(new Document("value", new Document("$gt", "a"))))).containsExactly("5");
    }

    @Test
    void conjunctionsIntersectAndDisjunctionsNeedEveryBranch() {
        Document typeA = new Document("type", "A");
        Document fast = elemMatch(new Document("value", new Document("$gte", 15)));
        assertThat(candidates(new Document("$and", List.of(typeA, fast)))).containsExactly("2", "3");
        assertThat(candidates(new Document("$and", List.of(typeA, new Document("version", 1))))).containsExactly("1", "2", "3");
        assertThat(candidates(new Document("$or", List.of(new Document("type", "C"), fast)))).containsExactly("2", "3", "4", "5");
        assertThat(CandidatePlanner.plan(new Document("$or", List.of(typeA, new Document("version", 1))), indexes)).isNull();
        assertThat(CandidatePlanner.plan(new Document("type", new Document("$ne", "A")), indexes)).isNull();
    }

    @Test
    void candidatesAreExactOnlyWhenEveryConditionIsStringEqualityOnAnIndexedTopLevelField() {
        Document typeA = new Document("type", "A");
        assertThat(exact(typeA)).isTrue();
        assertThat(exact(new Document("type", new Document("$in", List.of("B", "C"))))).isTrue();
        assertThat(exact(new Document("$or", List.of(new Document("type", "C"),
                new Document("$and", List.of(typeA, new Document("type", new Document("$eq", "B")))))))).isTrue();

        assertThat(exact(new Document("type", 5))).isFalse();
        assertThat(exact(new Document("type", new Document("$in", List.of("B", 5))))).isFalse();
        assertThat(exact(new Document("type", new Document("$eq", "A").append("$ne", "B")))).isFalse();
        assertThat(exact(new Document("type", new Document("$gte", "A")))).isFalse();
        assertThat(exact(new Document("type", "A").append("version", 1))).isFalse();
        assertThat(exact(new Document("type", "A").append("$nor", List.of(new Document("type", "B"))))).isFalse();
        assertThat(exact(elemMatch(new Document("value", 18)))).isFalse();
        assertThat(exact(new Document("attrs.speed.value", "fast"))).isFalse();
        assertThat(exact(new Document("$or", List.of(typeA, elemMatch(new Document("value", 18)))))).isFalse();
    }

    @Test
    void boxFiltersGiveTheBoxesMeetingTheirBounds() {
        // intersects [0.2, 0.6] x [0.2, 0.6]: minX <= 0.6, maxX >= 0.2, ...
        Document intersecting = new Document("geo", new Document("$elemMatch", new Document("$and", List.of(
                new Document(GeoIndex.PROPERTY, "loc"),
                new Document(GeoIndex.MIN_X, new Document("$lte", 0.6)), new Document(GeoIndex.MAX_X, new Document("$gte", 0.2)),
                new Document(GeoIndex.MIN_Y, new Document("$lte", 0.6)), new Document(GeoIndex.MAX_Y, new Document("$gte", 0.2))))));
        assertThat(candidates(intersecting)).containsExactly("1", "3", "4");
        // contains [0.4, 0.6] x [0.4, 0.6]: the bounds cross (minX <= 0.4, maxX >= 0.6)
        Document containing = new Document("geo", new Document("$elemMatch", new Document(GeoIndex.PROPERTY, "loc")
                .append(GeoIndex.MIN_X, new Document("$lte", 0.4)).append(GeoIndex.MAX_X, new Document("$gte", 0.6))
                .append(GeoIndex.MIN_Y, new Document("$lte", 0.4)).append(GeoIndex.MAX_Y, new Document("$gte", 0.6))));
        assertThat(candidates(containing)).containsExactly("1", "3");
        assertThat(candidates(new Document("geo", new Document("$elemMatch", new Document(GeoIndex.PROPERTY, "other"))))).isEmpty();
    }

    @Test
    void removedAndUpdatedDocumentsLeaveTheirOldKeys() {
        Document old = document("2", "A", 15, box(10, 10, 11, 11));
        type.updateInPlace(old, document("2", "C", 15, box(10, 10, 11, 11)), "2", null);
        Document four = document("4", "B", 18, box(0.5, 0.5, 0.5, 0.5));
        indexes.forEach(index -> index.remove(four));

        assertThat(candidates(new Document("type", "A"))).containsExactly("1", "3");
        assertThat(candidates(new Document("type", "C"))).containsExactly("2", "5");
        assertThat(candidates(new Document("type", "B"))).containsExactly("3");
        assertThat(candidates(elemMatch(new Document("value", 18)))).containsExactly("3");
    }

    private List<Object> candidates(Document query) {
        return List.copyOf(IndexedH2Collection.inIdOrder(CandidatePlanner.plan(query, indexes).positions()));
    }

    private boolean exact(Document query) {
        return CandidatePlanner.plan(query, indexes).exact();
    }

    private static Document elemMatch(Document query) {
        return new Document("attrs.speed", new Document("$elemMatch", query));
    }

    private void add(String id, Object types, Object value, Document box) {
        Document document = document(id, types, value, box);
        indexes.forEach(index -> index.add(document, id, null));
    }

    private static Document document(String id, Object types, Object value, Document box) {
        return new Document("_id", id).append("type", types)
                .append("attrs", new Document("speed", List.of(new Document("type", "Property").append("value", value))))
                .append("geo", List.of(box));
    }

    private static Document box(double minX, double minY, double maxX, double maxY) {
        return new Document(GeoIndex.PROPERTY, "loc").append(GeoIndex.LEVEL, 3).append(GeoIndex.MIN_X, minX)
                .append(GeoIndex.MIN_Y, minY).append(GeoIndex.MAX_X, maxX).append(GeoIndex.MAX_Y, maxY);
    }
}
