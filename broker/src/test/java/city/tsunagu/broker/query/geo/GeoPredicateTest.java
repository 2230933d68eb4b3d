package city.tsunagu.broker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.ld.LdProperties;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Geo-queries around Kanazawa Station (36.5781 N, 136.6480 E) over the entities of
 * {@code query/geo/kanazawa.jsonld}. Every expected set was checked by hand and against an
 * independent computation (GEOS predicates, GeographicLib distances). Distances from the
 * station, in metres on the ellipsoid: east gate 31.8, stops ne-450 449.94, ssw-450 450.05,
 * ssw-550 549.97, ne-550 549.99, Omicho 1054.9, Korinbo 1803.1, Kenrokuen 2209.9; bike docks
 * 266.2, Hokutetsu line 349.7, noise sensor 167.3; areas: station plaza 0 (holds the station),
 * Omicho market 922.3, Higashi Chaya 1673.1, Kenrokuen garden 1826.8; bus-7 has a planned
 * position at Kenrokuen (2209.9) and a live one 190.6 m from the station.
 */
class GeoPredicateTest {
    private static final String NS = "urn:ngsi-ld:";
    private static final String STATION = "[136.648,36.5781]";
    private static final String ROUTE = "[[136.648,36.5781],[136.6566,36.5716],[136.6527,36.5623],[136.6627,36.5621]]";
    /** About 700 m × 670 m around the station. */
    private static final String STATION_AREA = "[[[136.644,36.575],[136.652,36.575],[136.652,36.581],[136.644,36.581],[136.644,36.575]]]";

    private static LdContext core;
    private static List<Entity> entities;

    @BeforeAll
    static void load() throws IOException {
        core = new LdContextResolver(LdProperties.defaults()).core();
        entities = new ArrayList<>();
        try (InputStream in = GeoPredicateTest.class.getResourceAsStream("/query/geo/kanazawa.jsonld")) {
            JsonNode array = JsonMapper.shared().readTree(in);
            EntityParser parser = new EntityParser();
            array.forEach(e -> entities.add(parser.parseEntity(e, core)));
        }
    }

    private static List<String> matching(String georel, String geometry, String coordinates) {
        return matching(georel, geometry, coordinates, null);
    }

    private static List<String> matching(String georel, String geometry, String coordinates, String geoproperty) {
        GeoQuery query = GeoQueries.parse(georel, geometry, coordinates, geoproperty, core).orElseThrow();
        GeoPredicate predicate = GeoPredicate.of(query);
        List<String> ids = new ArrayList<>();
        for (Entity entity : entities) {
            boolean matches = predicate.test(entity);
            assertThat(GeoQueries.matches(query, entity)).isEqualTo(matches);
            if (matches) {
                ids.add(entity.id().substring(NS.length()));
            }
        }
        return ids;
    }

    @Test
    void within500MetresOfKanazawaStation() {
        assertThat(matching("near;maxDistance==500", "Point", STATION)).containsExactlyInAnyOrder(
                "TransitStation:kanazawa", "TransitStation:kanazawa-east-gate", "BusStop:ne-450", "BusStop:ssw-450",
                "Area:station-plaza", "BusRoute:kanazawa-loop", "TramLine:hokutetsu", "BikeDocks:machi-nori-west",
                "Vehicle:bus-7", "Sensor:noise-1");
    }

    @Test
    void nearTheEdgeOf500Metres() {
        // ne-450 is 449.94 m away, ssw-450 450.05 m: a metre of error would swap them
        assertThat(matching("near;maxDistance==450", "Point", STATION)).contains("BusStop:ne-450")
                .doesNotContain("BusStop:ssw-450");
        assertThat(matching("near;maxDistance==450.1", "Point", STATION)).contains("BusStop:ne-450", "BusStop:ssw-450");
        // ssw-550 549.97 m, ne-550 549.99 m
        assertThat(matching("near;maxDistance==549.98", "Point", STATION)).contains("BusStop:ssw-550")
                .doesNotContain("BusStop:ne-550");
    }

    @Test
    void atLeast2KilometresFromTheStation() {
        // Kenrokuen stop 2209.9 m; Kenrokuen garden 1826.8 m and Korinbo 1803.1 m are closer; bus-7's planned position
        assertThat(matching("near;minDistance==2000", "Point", STATION))
                .containsExactlyInAnyOrder("BusStop:kenrokuen", "Vehicle:bus-7");
    }

    @Test
    void within100MetresOfTheBusRoute() {
        // the east gate is 17.4 m from the first edge; noise-1 164.7 m, the docks 266.2 m
        assertThat(matching("near;maxDistance==100", "LineString", ROUTE)).containsExactlyInAnyOrder(
                "TransitStation:kanazawa", "TransitStation:kanazawa-east-gate", "BusStop:omicho", "BusStop:korinbo",
                "BusStop:kenrokuen", "Area:station-plaza", "Area:omicho-market", "Area:kenrokuen",
                "BusRoute:kanazawa-loop", "Vehicle:bus-7");
    }

    @Test
    void withinThePolygonAroundTheStation() {
        // ne-450 (136.652354) lies east of the area, ssw-450 (36.574289) south of it
        assertThat(matching("within", "Polygon", STATION_AREA)).containsExactlyInAnyOrder(
                "TransitStation:kanazawa", "TransitStation:kanazawa-east-gate", "Area:station-plaza",
                "Vehicle:bus-7", "Sensor:noise-1");
    }

    @Test
    void disjointFromThePolygonAroundTheStation() {
        // entities without location (bus-8) match no geo-query
        assertThat(matching("disjoint", "Polygon", STATION_AREA)).containsExactlyInAnyOrder(
                "BusStop:ne-450", "BusStop:ne-550", "BusStop:ssw-450", "BusStop:ssw-550", "BusStop:omicho",
                "BusStop:korinbo", "BusStop:kenrokuen", "Area:omicho-market", "Area:kenrokuen", "Area:higashi-chaya",
                "Vehicle:bus-7");
    }

    @Test
    void intersectingTheBusRoute() {
        // stops on its vertices, areas it crosses or ends in; not the east gate 17 m beside it
        assertThat(matching("intersects", "LineString", ROUTE)).containsExactlyInAnyOrder(
                "TransitStation:kanazawa", "BusStop:omicho", "BusStop:korinbo", "BusStop:kenrokuen",
                "Area:station-plaza", "Area:omicho-market", "Area:kenrokuen", "BusRoute:kanazawa-loop", "Vehicle:bus-7");
    }

    @Test
    void containingTheKenrokuenStop() {
        // the route ends there, but an end point is the route's boundary, not inside it
        assertThat(matching("contains", "Point", "[136.6627,36.5621]")).containsExactlyInAnyOrder(
                "BusStop:kenrokuen", "Area:kenrokuen", "Vehicle:bus-7");
        assertThat(matching("intersects", "Point", "[136.6627,36.5621]")).contains("BusRoute:kanazawa-loop");
    }

    @Test
    void equalToTheRouteDrivenBackwards() {
        String reversed = "[[136.6627,36.5621],[136.6527,36.5623],[136.6566,36.5716],[136.648,36.5781]]";
        assertThat(matching("equals", "LineString", reversed)).containsExactly("BusRoute:kanazawa-loop");
        assertThat(matching("equals", "Point", STATION)).containsExactly("TransitStation:kanazawa");
        assertThat(matching("equals", "Polygon",
                "[[[136.6495,36.579],[136.647,36.579],[136.647,36.5775],[136.6495,36.5775],[136.6495,36.579]]]"))
                .containsExactly("Area:station-plaza");
    }

    @Test
    void overlappingPartOfTheMarket() {
        // overlaps needs the same dimension: the Omicho stop inside this polygon does not overlap it
        assertThat(matching("overlaps", "Polygon",
                "[[[136.6565,36.57],[136.66,36.57],[136.66,36.5716],[136.6565,36.5716],[136.6565,36.57]]]"))
                .containsExactly("Area:omicho-market");
    }

    @Test
    void multiPointReference() {
        // one dock of the two, and the Omicho stop (a vertex of the route, inside the market)
        assertThat(matching("intersects", "MultiPoint", "[[136.6455,36.5768],[136.6566,36.5716]]"))
                .containsExactlyInAnyOrder("BikeDocks:machi-nori-west", "BusStop:omicho", "Area:omicho-market",
                        "BusRoute:kanazawa-loop");
    }

    @Test
    void multiLineStringReference() {
        // the first line crosses the Hokutetsu line; the second runs south of Omicho, between the route's edges
        assertThat(matching("intersects", "MultiLineString",
                "[[[136.644,36.58],[136.646,36.58]],[[136.655,36.565],[136.66,36.565]]]"))
                .containsExactly("TramLine:hokutetsu");
    }

    @Test
    void multiPolygonReference() {
        assertThat(matching("within", "MultiPolygon", "[" + STATION_AREA
                + ",[[[136.659,36.559],[136.667,36.559],[136.667,36.574],[136.659,36.574],[136.659,36.559]]]]"))
                .containsExactlyInAnyOrder("TransitStation:kanazawa", "TransitStation:kanazawa-east-gate",
                        "Area:station-plaza", "Vehicle:bus-7", "Sensor:noise-1", "BusStop:kenrokuen", "Area:kenrokuen");
    }

    @Test
    void anotherGeoproperty() {
        // noise-1 hears a box whose west side runs through the station
        assertThat(matching("intersects", "Point", STATION, "observationSpace")).containsExactly("Sensor:noise-1");
        assertThat(matching("contains", "Point", STATION, "observationSpace")).isEmpty();
        assertThat(matching("contains", "Point", "[136.6495,36.579]", "observationSpace")).containsExactly("Sensor:noise-1");
    }

    @Test
    void aPolygonCrossingItselfIsTakenAsItsRepair() {
        // a bow-tie: JTS repairs it into its two triangles, which meet at (136.645, 36.575)
        String bowTie = "[[[136.64,36.57],[136.65,36.58],[136.65,36.57],[136.64,36.58],[136.64,36.57]]]";
        GeoPredicate within = GeoPredicate.of(GeoQueries.parse("within", "Polygon", bowTie, null, core).orElseThrow());
        org.locationtech.jts.geom.GeometryFactory factory = new org.locationtech.jts.geom.GeometryFactory();
        assertThat(within.test(factory.createPoint(new org.locationtech.jts.geom.Coordinate(136.648, 36.575)))).isTrue();
        assertThat(within.test(factory.createPoint(new org.locationtech.jts.geom.Coordinate(136.645, 36.571)))).isFalse();
        // the same self-crossing polygon stored on an entity equals the query's
        GeoPredicate equals = GeoPredicate.of(GeoQueries.parse("equals", "Polygon", bowTie, null, core).orElseThrow());
        assertThat(equals.test(GeoJson.read(tools.jackson.databind.json.JsonMapper.shared().readTree(
                "{\"type\":\"Polygon\",\"coordinates\":" + bowTie + "}")).orElseThrow())).isTrue();
    }
}
