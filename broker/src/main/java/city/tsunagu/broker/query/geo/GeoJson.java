package city.tsunagu.broker.query.geo;

import city.tsunagu.broker.common.error.BadRequestDataException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import tools.jackson.databind.JsonNode;

/**
 * GeoJSON geometries (RFC 7946, the six types NGSI-LD allows in 4.7) to JTS geometries in WGS84
 * longitude/latitude, x = longitude, y = latitude; an altitude is dropped, as the predicates of
 * 4.10 are two-dimensional. Reference geometries of queries are read strictly (every problem is
 * a BadRequestData naming what to fix); stored GeoProperty values leniently (what JTS cannot
 * build is no geometry, and so matches nothing).
 */
public final class GeoJson {
    /** The geometry types of 4.7, in the spelling of GeoJSON. */
    public static final List<String> TYPES = List.of("Point", "MultiPoint", "LineString", "MultiLineString",
            "Polygon", "MultiPolygon");

    static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    private GeoJson() {
    }

    /** A stored GeoProperty value ({@code {type, coordinates}}) as JTS, or empty if it is none JTS can build. */
    public static Optional<Geometry> read(JsonNode geometry) {
        if (geometry == null || !geometry.isObject() || !geometry.path("type").isString()
                || !TYPES.contains(geometry.get("type").stringValue())) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Reader(false).geometry(geometry.get("type").stringValue(), geometry.get("coordinates")));
        } catch (BadRequestDataException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * A query's reference geometry: {@code type} one of {@link #TYPES}, positions in range, rings
     * closed. Problems are BadRequestData whose detail says what to fix. A polygon whose rings
     * cross themselves (as hand-drawn city areas and the ETSI suite's polygons do) is taken as
     * JTS repairs it, e.g. a bow-tie as its two triangles, rather than refused.
     */
    public static Geometry referenceGeometry(String type, JsonNode coordinates) {
        return valid(new Reader(true).geometry(type, coordinates));
    }

    /** The geometry itself if valid, else its repair by JTS's GeometryFixer (keeping every area it covers). */
    static Geometry valid(Geometry geometry) {
        return geometry.isValid() ? geometry : GeometryFixer.fix(geometry);
    }

    /** How deep the coordinates of a type nest: 1 for a Point's [lon,lat], 4 for a MultiPolygon. */
    static int depth(String type) {
        return switch (type) {
            case "Point" -> 1;
            case "MultiPoint", "LineString" -> 2;
            case "MultiLineString", "Polygon" -> 3;
            case "MultiPolygon" -> 4;
            default -> throw new IllegalArgumentException(type);
        };
    }

    private record Reader(boolean strict) {

        Geometry geometry(String type, JsonNode coordinates) {
            if (coordinates == null || !coordinates.isArray()) {
                throw bad("coordinates of a " + type + " must be a JSON array, " + example(type));
            }
            return switch (type) {
                case "Point" -> point(coordinates);
                case "MultiPoint" -> FACTORY.createMultiPoint(array(coordinates, "MultiPoint", 1, Point[]::new, this::point));
                case "LineString" -> lineString(coordinates);
                case "MultiLineString" -> FACTORY.createMultiLineString(
                        array(coordinates, "MultiLineString", 1, LineString[]::new, this::lineString));
                case "Polygon" -> polygon(coordinates);
                case "MultiPolygon" -> FACTORY.createMultiPolygon(
                        array(coordinates, "MultiPolygon", 1, Polygon[]::new, this::polygon));
                default -> throw bad("geometry '" + type + "' is not known; use " + String.join(", ", TYPES));
            };
        }

        private Point point(JsonNode position) {
            return FACTORY.createPoint(position(position, "Point"));
        }

        private LineString lineString(JsonNode positions) {
            return FACTORY.createLineString(positions(positions, "LineString", 2));
        }

        private Polygon polygon(JsonNode rings) {
            LinearRing[] linearRings = array(rings, "Polygon", 1, LinearRing[]::new, this::ring);
            LinearRing[] holes = new LinearRing[linearRings.length - 1];
            System.arraycopy(linearRings, 1, holes, 0, holes.length);
            return FACTORY.createPolygon(linearRings[0], holes);
        }

        private LinearRing ring(JsonNode positions) {
            Coordinate[] coordinates = positions(positions, "Polygon ring", 4);
            if (!coordinates[0].equals2D(coordinates[coordinates.length - 1])) {
                throw bad("coordinates of a Polygon must be closed rings: the last position of each ring repeats its first, "
                        + "e.g. [[[136.64,36.57],[136.65,36.57],[136.65,36.58],[136.64,36.57]]]");
            }
            return FACTORY.createLinearRing(coordinates);
        }

        private Coordinate[] positions(JsonNode positions, String what, int min) {
            if (!positions.isArray() || positions.size() < min || !positions.get(0).isArray()) {
                throw bad("coordinates of a " + what + " must be an array of at least " + min
                        + " positions [longitude,latitude], got " + abbreviate(positions));
            }
            Coordinate[] coordinates = new Coordinate[positions.size()];
            for (int i = 0; i < coordinates.length; i++) {
                coordinates[i] = position(positions.get(i), what);
            }
            return coordinates;
        }

        private <T> T[] array(JsonNode items, String what, int min, IntFunction<T[]> create, Function<JsonNode, T> item) {
            if (!items.isArray() || items.size() < min) {
                throw bad("coordinates of a " + what + " must be an array of at least " + min + " element, got "
                        + abbreviate(items) + "; " + example(what));
            }
            T[] result = create.apply(items.size());
            for (int i = 0; i < result.length; i++) {
                JsonNode element = items.get(i);
                if (!element.isArray()) {
                    throw bad("coordinates of a " + what + " must nest " + depth(what) + " arrays deep, got "
                            + abbreviate(items) + "; " + example(what));
                }
                result[i] = item.apply(element);
            }
            return result;
        }

        private Coordinate position(JsonNode position, String what) {
            if (!position.isArray() || position.size() < 2 || (strict && position.size() > 3)
                    || !position.get(0).isNumber() || !position.get(1).isNumber()) {
                throw bad("a position of a " + what + " must be [longitude,latitude] or [longitude,latitude,altitude] "
                        + "with numbers, got " + abbreviate(position));
            }
            double lon = position.get(0).doubleValue();
            double lat = position.get(1).doubleValue();
            if (strict) {
                if (position.size() == 3 && !position.get(2).isNumber()) {
                    throw bad("the altitude of a position must be a number, got " + abbreviate(position));
                }
                if (!(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90)) {
                    throw bad("position " + abbreviate(position) + " is out of range: longitude comes first and lies in "
                            + "[-180,180], latitude in [-90,90]");
                }
            }
            return new Coordinate(lon, lat);
        }

        private static String example(String type) {
            return switch (type) {
                case "Point" -> "e.g. [136.648,36.5781]";
                case "MultiPoint", "LineString" -> "e.g. [[136.648,36.5781],[136.6566,36.5716]]";
                case "MultiLineString" -> "e.g. [[[136.648,36.5781],[136.6566,36.5716]]]";
                case "Polygon" -> "e.g. [[[136.64,36.57],[136.65,36.57],[136.65,36.58],[136.64,36.57]]]";
                default -> "e.g. [[[[136.64,36.57],[136.65,36.57],[136.65,36.58],[136.64,36.57]]]]";
            };
        }

        private static BadRequestDataException bad(String detail) {
            return new BadRequestDataException(detail);
        }
    }

    static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
