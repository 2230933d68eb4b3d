package city.tsunagu.broker.query.geo;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A geo-query (ETSI GS CIM 009 v1.9.1, 4.10; the GeoQuery data type of 5.2.13): entities whose
 * {@code geoproperty} stands in relation {@code georel} to the reference geometry. Built by
 * {@link GeoQueries#parse}, which has checked every member; evaluated by {@link GeoPredicate},
 * narrowed in the store by {@link GeoIndex#candidateFilter}.
 *
 * @param georel      the relation, with near's distances
 * @param geometry    the reference geometry's GeoJSON type: Point, MultiPoint, LineString,
 *                    MultiLineString, Polygon or MultiPolygon
 * @param coordinates the reference geometry's GeoJSON coordinates, longitude first, as given
 * @param geoproperty the expanded IRI of the GeoProperty compared (default
 *                    https://uri.etsi.org/ngsi-ld/location)
 */
public record GeoQuery(Georel georel, String geometry, JsonNode coordinates, String geoproperty) {
    /** The GeoProperty a geo-query uses when it names none. */
    public static final String DEFAULT_GEOPROPERTY = "https://uri.etsi.org/ngsi-ld/location";

    public GeoQuery {
        Objects.requireNonNull(georel, "georel");
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(coordinates, "coordinates");
        geoproperty = geoproperty == null ? DEFAULT_GEOPROPERTY : geoproperty;
    }
}
