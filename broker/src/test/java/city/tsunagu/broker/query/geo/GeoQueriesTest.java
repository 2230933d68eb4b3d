package city.tsunagu.broker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.ld.LdProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GeoQueriesTest {
    private static final String LOCATION = "https://uri.etsi.org/ngsi-ld/location";
    private static final String DEFAULT_VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/";
    private static LdContext core;

    @BeforeAll
    static void context() {
        core = new LdContextResolver(LdProperties.defaults()).core();
    }

    private static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }

    private static GeoQuery params(String georel, String geometry, String coordinates, String geoproperty) {
        return GeoQueries.parse(georel, geometry, coordinates, geoproperty, core).orElseThrow();
    }

    @Test
    void noGeoQueryWhenNoParameterIsGiven() {
        assertThat(GeoQueries.parse(null, null, null, null, core)).isEmpty();
    }

    @Test
    void pointNearWithDefaultGeoproperty() {
        GeoQuery query = params("near;maxDistance==500", "Point", "[136.648,36.5781]", null);
        assertThat(query).isEqualTo(new GeoQuery(Georel.near(500.0, null), "Point", json("[136.648,36.5781]"), LOCATION));
    }

    @Test
    void geopropertyIsExpandedWithTheRequestContext() {
        assertThat(params("within", "Polygon", "[[[136.64,36.57],[136.65,36.57],[136.65,36.58],[136.64,36.57]]]",
                "observationSpace").geoproperty()).isEqualTo("https://uri.etsi.org/ngsi-ld/observationSpace");
        assertThat(params("intersects", "Point", "[136.648,36.5781]", "servedArea").geoproperty())
                .isEqualTo(DEFAULT_VOCAB + "servedArea");
        assertThat(params("intersects", "Point", "[136.648,36.5781]", "https://example.org/area").geoproperty())
                .isEqualTo("https://example.org/area");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Point|136.648,36.5781|[136.648,36.5781]",
            "Point| [136.648, 36.5781] |[136.648,36.5781]",
            "Point|136.648,36.5781,12.5|[136.648,36.5781,12.5]",
            "LineString|[136.648,36.5781],[136.6566,36.5716]|[[136.648,36.5781],[136.6566,36.5716]]",
            "MultiPoint|[[136.648,36.5781],[136.6566,36.5716]]|[[136.648,36.5781],[136.6566,36.5716]]",
            "Polygon|[[136.64,36.57],[136.65,36.57],[136.65,36.58],[136.64,36.57]]|[[[136.64,36.57],[136.65,36.57],[136.65,36.58],[136.64,36.57]]]",
            "Polygon|[[[136.64,36.57],[136.65,36.57],[136.65,36.58],[136.64,36.57]]]|[[[136.64,36.57],[136.65,36.57],[136.65,36.58],[136.64,36.57]]]",
            "MultiLineString|[[136.64,36.57],[136.65,36.57]],[[136.66,36.57],[136.67,36.58]]|[[[136.64,36.57],[136.65,36.57]],[[136.66,36.57],[136.67,36.58]]]",
            "MultiPolygon|[[[136.64,36.57],[136.65,36.57],[136.65,36.58],[136.64,36.57]]]|[[[[136.64,36.57],[136.65,36.57],[136.65,36.58],[136.64,36.57]]]]",
            "point|[136.648,36.5781]|[136.648,36.5781]"})
    void coordinatesWithOrWithoutOuterBrackets(String geometry, String coordinates, String expected) {
        GeoQuery query = params("intersects", geometry, coordinates, null);
        assertThat(query.coordinates()).isEqualTo(json(expected));
        assertThat(GeoJson.TYPES).contains(query.geometry());
    }

    @Test
    void geoQObject() {
        GeoQuery query = GeoQueries.parse(json("""
                {"geometry": "Polygon", "georel": "within", "geoproperty": "observationSpace",
                 "coordinates": [[[136.64,36.57],[136.65,36.57],[136.65,36.58],[136.64,36.57]]]}"""), core);
        assertThat(query.georel()).isEqualTo(Georel.of(Georel.Relation.WITHIN));
        assertThat(query.geometry()).isEqualTo("Polygon");
        assertThat(query.geoproperty()).isEqualTo("https://uri.etsi.org/ngsi-ld/observationSpace");
        assertThat(query.coordinates()).isEqualTo(json("[[[136.64,36.57],[136.65,36.57],[136.65,36.58],[136.64,36.57]]]"));
    }

    @Test
    void geoQObjectWithCoordinatesAsStringAndDefaultGeoproperty() {
        GeoQuery query = GeoQueries.parse(json("""
                {"geometry": "Point", "georel": "near;minDistance==100", "coordinates": "[136.648,36.5781]"}"""), core);
        assertThat(query).isEqualTo(new GeoQuery(Georel.near(null, 100.0), "Point", json("[136.648,36.5781]"), LOCATION));
    }

    @Test
    void geoQRoundTrip() {
        JsonNode geoQ = json("""
                {"geometry":"Point","coordinates":[136.648,36.5781],"georel":"near;maxDistance==500","geoproperty":"location"}""");
        assertThat(GeoQueries.toJson(GeoQueries.parse(geoQ, core), core)).isEqualTo(geoQ);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "near;maxDistance==500|Point||missing: coordinates",
            "|Point|[1,2]|missing: georel",
            "within|||missing: geometry, coordinates",
            "near|Point|[136.648,36.5781]|georel near needs maxDistance or minDistance",
            "within|Circle|[136.648,36.5781]|geometry 'Circle' is not known; use Point, MultiPoint, LineString",
            "within|GeometryCollection|[136.648,36.5781]|geometry 'GeometryCollection' is not known",
            "within|Point|abc|coordinates must be a JSON array of positions [longitude,latitude] for a Point",
            "within|Point|[136.648,|coordinates must be a JSON array",
            "within|Point|[\"136.648\",36.5781]|a position of a Point must be [longitude,latitude]",
            "within|Point|[136.648]|a position of a Point must be [longitude,latitude]",
            "within|Point|[136.648,36.5781,1,2]|a position of a Point must be [longitude,latitude]",
            "within|Point|[36.5781,236.648]|is out of range: longitude comes first",
            "within|Point|[136.648,96.5]|is out of range",
            "within|LineString|[[136.648,36.5781]]|coordinates of a LineString must be an array of at least 2 positions",
            "within|Polygon|[[[136.64,36.57],[136.65,36.57],[136.65,36.58],[136.64,36.58]]]|coordinates of a Polygon must be closed rings",
            "within|Polygon|[[[136.64,36.57],[136.65,36.57],[136.64,36.57]]]|at least 4 positions",
            "within|MultiPolygon|[]|coordinates of a MultiPolygon must be an array of at least 1 element",
            "within|MultiPoint|[[136.648,36.5781],3]|coordinates of a MultiPoint must nest 2 arrays deep"})
    void badQueryParameters(String georel, String geometry, String coordinates, String detail) {
        assertThatThrownBy(() -> GeoQueries.parse(georel, geometry, coordinates, null, core))
                .isInstanceOf(BadRequestDataException.class)
                .hasMessageContaining(detail);
    }

    @Test
    void geopropertyAloneOrInvalid() {
        assertThatThrownBy(() -> GeoQueries.parse(null, null, null, "location", core))
                .isInstanceOf(BadRequestDataException.class)
                .hasMessageContaining("geoproperty needs a geo-query: give georel, geometry and coordinates too");
        assertThatThrownBy(() -> GeoQueries.parse("within", "Point", "[136.648,36.5781]", "loc ation", core))
                .isInstanceOf(BadRequestDataException.class)
                .hasMessageContaining("geoproperty 'loc ation' is not a valid attribute name");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[]|geoQ must be a JSON object",
            "{\"geometry\":\"Point\",\"coordinates\":[1,2]}|geoQ needs georel as a string",
            "{\"georel\":\"within\",\"coordinates\":[1,2]}|geoQ needs geometry as a string",
            "{\"georel\":\"within\",\"geometry\":\"Point\"}|geoQ needs coordinates",
            "{\"georel\":\"within\",\"geometry\":\"Point\",\"coordinates\":5}|geoQ coordinates must be a JSON array",
            "{\"georel\":\"within\",\"geometry\":\"Point\",\"coordinates\":[1,2],\"geoproperty\":5}|geoQ geoproperty must be the name of a GeoProperty",
            "{\"georel\":\"within\",\"geometry\":\"Point\",\"coordinates\":[1,2],\"radius\":5}|geoQ member 'radius' is not known",
            "{\"georel\":\"near;maxDistance==x\",\"geometry\":\"Point\",\"coordinates\":[1,2]}|maxDistance must be a positive number"})
    void badGeoQ(String geoQ, String detail) {
        assertThatThrownBy(() -> GeoQueries.parse(json(geoQ), core))
                .isInstanceOf(BadRequestDataException.class)
                .hasMessageContaining(detail);
    }

    @Test
    void parseKeepsTheCallersCoordinatesApart() {
        JsonNode geoQ = json("{\"georel\":\"within\",\"geometry\":\"Point\",\"coordinates\":[136.648,36.5781]}");
        GeoQuery query = GeoQueries.parse(geoQ, core);
        ((tools.jackson.databind.node.ArrayNode) geoQ.get("coordinates")).add(1);
        assertThat(query.coordinates()).isEqualTo(json("[136.648,36.5781]"));
    }
}
