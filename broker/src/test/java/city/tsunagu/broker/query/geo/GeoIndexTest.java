package city.tsunagu.broker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GeoIndexTest {
    private static final String LOCATION = "https://uri.etsi.org/ngsi-ld/location";
    private static final String OBSERVATION_SPACE = "https://uri.etsi.org/ngsi-ld/observationSpace";

    private static Attribute attribute(AttributeKind kind, String json, String datasetId) {
        JsonNode value = JsonMapper.shared().readTree(json);
        return new Attribute(kind, value, datasetId, null, null, null, Map.of(), null, null);
    }

    @Test
    void oneBoxPerGeoPropertyInstance() {
        Map<String, List<Attribute>> attributes = new LinkedHashMap<>();
        attributes.put(LOCATION, List.of(
                attribute(AttributeKind.GEO_PROPERTY, "{\"type\":\"Point\",\"coordinates\":[136.648,36.5781]}", null),
                attribute(AttributeKind.GEO_PROPERTY, "{\"type\":\"LineString\",\"coordinates\":[[136.648,36.5781],[136.6627,36.5621]]}",
                        "urn:ngsi-ld:Dataset:route")));
        attributes.put(OBSERVATION_SPACE, List.of(attribute(AttributeKind.GEO_PROPERTY,
                "{\"type\":\"Polygon\",\"coordinates\":[[[136,36],[137,36],[137,37],[136,36]]]}", null)));
        attributes.put("https://uri.etsi.org/ngsi-ld/default-context/speed",
                List.of(attribute(AttributeKind.PROPERTY, "{\"type\":\"Point\",\"coordinates\":[1,2]}", null)));
        // a GeoProperty value JTS cannot build (unclosed ring) is left out: no geo-query can match it
        attributes.put("https://uri.etsi.org/ngsi-ld/default-context/broken", List.of(attribute(AttributeKind.GEO_PROPERTY,
                "{\"type\":\"Polygon\",\"coordinates\":[[[136,36],[137,36],[137,37],[136,37]]]}", null)));

        assertThat(GeoIndex.entries(attributes)).containsExactly(
                new Document("p", LOCATION).append("lvl", 6).append("minX", 136.648).append("minY", 36.5781)
                        .append("maxX", 136.648).append("maxY", 36.5781),
                new Document("p", LOCATION).append("lvl", 4).append("minX", 136.648).append("minY", 36.5621)
                        .append("maxX", 136.6627).append("maxY", 36.5781),
                new Document("p", OBSERVATION_SPACE).append("lvl", 2).append("minX", 136.0).append("minY", 36.0)
                        .append("maxX", 137.0).append("maxY", 37.0));
    }

    @Test
    void sizeClasses() {
        assertThat(GeoIndex.level(0)).isEqualTo(GeoIndex.LEVELS - 1);
        assertThat(GeoIndex.level(360 / Math.pow(8, 6))).isEqualTo(6);
        assertThat(GeoIndex.level(360 / Math.pow(8, 6) * 1.01)).isEqualTo(5);
        assertThat(GeoIndex.level(1)).isEqualTo(2);
        assertThat(GeoIndex.level(90)).isEqualTo(0);
        assertThat(GeoIndex.level(1000)).isEqualTo(0);
        for (int level = 1; level < GeoIndex.LEVELS; level++) {
            assertThat(GeoIndex.level(GeoIndex.maxSpan(level))).isEqualTo(level);
        }
    }

    /** Every point within d metres of a point lies in the point's box grown by d, at any latitude. */
    @ParameterizedTest
    @ValueSource(doubles = {0, 36.5781, -45, 70, 89.5})
    void expandedBoxIsNeverTooSmall(double lat) {
        Random random = new Random(42);
        BoundingBox centre = new BoundingBox(136.648, lat, 136.648, lat);
        for (int i = 0; i < 20_000; i++) {
            double metres = Math.pow(10, 1 + random.nextDouble() * 4);
            BoundingBox box = centre.expandedBy(metres);
            // a point just inside or outside the box along a random direction
            double lon = 136.648 + (random.nextDouble() * 2 - 1) * Math.min(180, 1.2 * (box.maxX() - 136.648));
            double pLat = Math.max(-90, Math.min(90, lat + (random.nextDouble() * 2 - 1) * 1.2 * (box.maxY() - lat)));
            if (Double.isInfinite(box.maxX())) {
                lon = 136.648 + (random.nextDouble() * 2 - 1) * 10;
            }
            if (Geodesy.distance(136.648, lat, lon, pLat) <= metres) {
                assertThat(box.intersects(new BoundingBox(lon, pLat, lon, pLat)))
                        .as("%s m from (136.648, %s) to (%s, %s)", metres, lat, lon, pLat).isTrue();
            }
        }
    }

    @Test
    void expandedBoxIsTightAtKanazawa() {
        BoundingBox box = new BoundingBox(136.648, 36.5781, 136.648, 36.5781).expandedBy(500);
        // 500 m is 0.004506° of latitude and 0.005586° of longitude there; the box adds under 1 %
        assertThat(box.maxY() - 36.5781).isBetween(500 / Geodesy.metresPerDegreeLatitude(36.5781), 0.00455);
        assertThat(box.maxX() - 136.648).isBetween(500 / Geodesy.metresPerDegreeLongitude(36.5781), 0.00565);
    }

    @Test
    void indexIsOneCompoundIndexOnTheArrayElements() {
        assertThat(GeoIndex.indexes()).hasSize(1);
        assertThat(GeoIndex.indexes().get(0).getKeys().toBsonDocument().toJson())
                .isEqualTo("{\"geo.p\": 1, \"geo.lvl\": 1, \"geo.minY\": 1, \"geo.minX\": 1}");
    }
}
