package city.tsunagu.broker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Distances between geometries against a reference computed independently: GeographicLib's
 * ellipsoidal distance from each vertex to each edge (an edge straight in longitude/latitude),
 * minimised by dense sampling and ternary search. The broker must be within 1 m; it is within a
 * centimetre.
 */
class GeodesicDistanceTest {
    private static final String STATION = "{\"type\":\"Point\",\"coordinates\":[136.648,36.5781]}";
    private static final String ROUTE = "{\"type\":\"LineString\",\"coordinates\":"
            + "[[136.648,36.5781],[136.6566,36.5716],[136.6527,36.5623],[136.6627,36.5621]]}";
    private static final String OMICHO_MARKET = "{\"type\":\"Polygon\",\"coordinates\":"
            + "[[[136.6555,36.5708],[136.6575,36.5708],[136.6575,36.5724],[136.6555,36.5724],[136.6555,36.5708]]]}";
    private static final String KENROKUEN = "{\"type\":\"Polygon\",\"coordinates\":"
            + "[[[136.6595,36.56],[136.6655,36.56],[136.6655,36.5645],[136.6595,36.5645],[136.6595,36.56]]]}";
    private static final String HIGASHI_CHAYA = "{\"type\":\"MultiPolygon\",\"coordinates\":["
            + "[[[136.6655,36.5718],[136.6668,36.5718],[136.6668,36.5728],[136.6655,36.5728],[136.6655,36.5718]]],"
            + "[[[136.6672,36.5712],[136.668,36.5712],[136.668,36.5719],[136.6672,36.5719],[136.6672,36.5712]]]]}";
    private static final String HOKUTETSU = "{\"type\":\"MultiLineString\",\"coordinates\":"
            + "[[[136.6445,36.5795],[136.6452,36.584]],[[136.6452,36.584],[136.642,36.596]]]}";
    private static final String STATION_PLAZA = "{\"type\":\"Polygon\",\"coordinates\":"
            + "[[[136.647,36.5775],[136.6495,36.5775],[136.6495,36.579],[136.647,36.579],[136.647,36.5775]]]}";
    private static final String EAST_GATE = "{\"type\":\"Point\",\"coordinates\":[136.64835,36.57805]}";
    private static final String NOISE_SENSOR = "{\"type\":\"Point\",\"coordinates\":[136.6495,36.579]}";

    private static Geometry geometry(String json) {
        return GeoJson.read(JsonMapper.shared().readTree(json)).orElseThrow();
    }

    private static double distance(String a, String reference) {
        return GeodesicDistance.between(geometry(a), geometry(reference));
    }

    @Test
    void pointToPointIsTheEllipsoidalDistance() {
        assertThat(distance("{\"type\":\"Point\",\"coordinates\":[136.652354,36.580127]}", STATION))
                .isCloseTo(449.9428, within(0.001));
    }

    @Test
    void pointToLineInsideAnEdge() {
        // the east gate's foot on the first edge of the route lies inside that edge
        assertThat(distance(EAST_GATE, ROUTE)).isCloseTo(17.3714, within(0.01));
        assertThat(distance(NOISE_SENSOR, ROUTE)).isCloseTo(164.6746, within(0.01));
    }

    @Test
    void polygonsToAPoint() {
        assertThat(distance(OMICHO_MARKET, STATION)).isCloseTo(922.3399, within(0.01));
        assertThat(distance(KENROKUEN, STATION)).isCloseTo(1826.8035, within(0.01));
        assertThat(distance(HIGASHI_CHAYA, STATION)).isCloseTo(1673.1025, within(0.01));
    }

    @Test
    void linesAndPolygonsToEachOther() {
        assertThat(distance(HIGASHI_CHAYA, ROUTE)).isCloseTo(796.9341, within(0.01));
        assertThat(distance(HOKUTETSU, STATION)).isCloseTo(349.6600, within(0.01));
        assertThat(distance(OMICHO_MARKET, KENROKUEN)).isCloseTo(721.6666, within(0.01));
        assertThat(distance(HOKUTETSU, STATION_PLAZA)).isCloseTo(230.5262, within(0.01));
    }

    @Test
    void regionalScale() {
        // a point 5 km off a 13 km edge, and 4.8 km off the 300 km edge Kanazawa to Tokyo
        assertThat(distance("{\"type\":\"Point\",\"coordinates\":[136.7,36.6]}",
                "{\"type\":\"LineString\",\"coordinates\":[[136.648,36.5781],[136.75,36.5]]}")).isCloseTo(4966.6490, within(0.005));
        assertThat(distance("{\"type\":\"Point\",\"coordinates\":[138.5,36.0]}",
                "{\"type\":\"LineString\",\"coordinates\":[[136.648,36.5781],[139.7671,35.6812]]}")).isCloseTo(4765.1316, within(0.01));
        assertThat(distance("{\"type\":\"Point\",\"coordinates\":[138.5,36.6]}",
                "{\"type\":\"LineString\",\"coordinates\":[[136.648,36.5781],[139.7671,35.6812]]}")).isCloseTo(57970.2216, within(0.5));
    }

    @Test
    void insideAHoleIsTheDistanceToTheHole() {
        String holed = "{\"type\":\"Polygon\",\"coordinates\":["
                + "[[136.64,36.57],[136.66,36.57],[136.66,36.59],[136.64,36.59],[136.64,36.57]],"
                + "[[136.645,36.575],[136.652,36.575],[136.652,36.581],[136.645,36.581],[136.645,36.575]]]}";
        assertThat(distance(STATION, holed)).isCloseTo(268.5031, within(0.01));
    }

    @Test
    void touchingAndContainedGeometriesAreZeroApart() {
        assertThat(distance(STATION, ROUTE)).isZero();
        assertThat(distance(STATION, STATION_PLAZA)).isZero();
        assertThat(distance(NOISE_SENSOR, STATION_PLAZA)).isZero();
        assertThat(distance(ROUTE, OMICHO_MARKET)).isZero();
    }

    @Test
    void distanceIsSymmetricEnough() {
        assertThat(distance(STATION, OMICHO_MARKET)).isCloseTo(distance(OMICHO_MARKET, STATION), within(0.001));
        assertThat(distance(ROUTE, HIGASHI_CHAYA)).isCloseTo(796.9341, within(0.01));
    }
}
