package city.tsunagu.broker.query.geo;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.ld.LdContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads geo-queries (ETSI GS CIM 009 v1.9.1, 4.10) from the query parameters georel, geometry,
 * coordinates and geoproperty of Query Entities (5.7.2), and from the {@code geoQ} member (the
 * GeoQuery data type, 5.2.13) of a Query (5.2.23, POST /entityOperations/query) and of a
 * Subscription (5.2.12). Every problem is a BadRequestData whose detail says what to fix.
 */
public final class GeoQueries {
    private static final Set<String> GEO_Q_MEMBERS = Set.of("geometry", "coordinates", "georel", "geoproperty");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private GeoQueries() {
    }

    /**
     * From the query parameters (null when absent): empty when none of georel, geometry and
     * coordinates is given; BadRequestData when only some are, or geoproperty comes alone.
     * {@code coordinates} is the JSON array text, with or without its outermost brackets
     * ({@code [136.648,36.5781]} or {@code 136.648,36.5781}).
     */
    public static Optional<GeoQuery> parse(String georel, String geometry, String coordinates, String geoproperty,
                                           LdContext ctx) {
        if (georel == null && geometry == null && coordinates == null) {
            if (geoproperty != null) {
                throw new BadRequestDataException("geoproperty needs a geo-query: give georel, geometry and coordinates too");
            }
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        if (georel == null) {
            missing.add("georel");
        }
        if (geometry == null) {
            missing.add("geometry");
        }
        if (coordinates == null) {
            missing.add("coordinates");
        }
        if (!missing.isEmpty()) {
            throw new BadRequestDataException("A geo-query needs georel, geometry and coordinates together; missing: "
                    + String.join(", ", missing));
        }
        String type = geometryType(geometry);
        return Optional.of(build(Georel.parse(georel), type, coordinatesText(coordinates, type), geoproperty, ctx));
    }

    /**
     * From a {@code geoQ} object: {@code {geometry, coordinates, georel, geoproperty?}}, where
     * coordinates is a JSON array or a string holding one.
     */
    public static GeoQuery parse(JsonNode geoQ, LdContext ctx) {
        if (geoQ == null || !geoQ.isObject()) {
            throw new BadRequestDataException("geoQ must be a JSON object with geometry, coordinates, georel and optionally "
                    + "geoproperty");
        }
        for (Map.Entry<String, JsonNode> member : geoQ.properties()) {
            if (!GEO_Q_MEMBERS.contains(member.getKey())) {
                throw new BadRequestDataException("geoQ member '" + member.getKey()
                        + "' is not known; geoQ has geometry, coordinates, georel and geoproperty");
            }
        }
        String georel = requiredString(geoQ, "georel");
        String type = geometryType(requiredString(geoQ, "geometry"));
        JsonNode coordinatesNode = geoQ.get("coordinates");
        JsonNode coordinates;
        if (coordinatesNode == null || coordinatesNode.isNull()) {
            throw new BadRequestDataException("geoQ needs coordinates, a JSON array of positions [longitude,latitude]");
        } else if (coordinatesNode.isString()) {
            coordinates = coordinatesText(coordinatesNode.stringValue(), type);
        } else if (coordinatesNode.isArray()) {
            coordinates = coordinatesNode.deepCopy();
        } else {
            throw new BadRequestDataException("geoQ coordinates must be a JSON array (or a string holding one), got "
                    + GeoJson.abbreviate(coordinatesNode));
        }
        JsonNode geoproperty = geoQ.get("geoproperty");
        if (geoproperty != null && !geoproperty.isString()) {
            throw new BadRequestDataException("geoQ geoproperty must be the name of a GeoProperty, got "
                    + GeoJson.abbreviate(geoproperty));
        }
        return build(Georel.parse(georel), type, coordinates, geoproperty == null ? null : geoproperty.stringValue(), ctx);
    }

    /** The geoQ object of a query, with geoproperty compacted by {@code ctx}: for rendering subscriptions. */
    public static ObjectNode toJson(GeoQuery query, LdContext ctx) {
        ObjectNode geoQ = JsonNodeFactory.instance.objectNode();
        geoQ.put("geometry", query.geometry());
        geoQ.set("coordinates", query.coordinates().deepCopy());
        geoQ.put("georel", query.georel().toString());
        geoQ.put("geoproperty", ctx.compact(query.geoproperty()));
        return geoQ;
    }

    /**
     * Whether any instance of the entity's {@code geoproperty} satisfies the query, evaluated
     * exactly with JTS. To test many entities against one query, keep {@link GeoPredicate#of}.
     */
    public static boolean matches(GeoQuery query, Entity entity) {
        return GeoPredicate.of(query).test(entity);
    }

    private static GeoQuery build(Georel georel, String type, JsonNode coordinates, String geoproperty, LdContext ctx) {
        GeoJson.referenceGeometry(type, coordinates);
        return new GeoQuery(georel, type, coordinates, geoproperty(geoproperty, ctx));
    }

    private static String geoproperty(String name, LdContext ctx) {
        if (name == null) {
            return GeoQuery.DEFAULT_GEOPROPERTY;
        }
        String trimmed = name.trim();
        if (!NgsiLd.isValidName(trimmed)) {
            throw new BadRequestDataException("geoproperty '" + name + "' is not a valid attribute name: names may not "
                    + "contain whitespace or any of < > \" ' = ; ( ) \\");
        }
        return ctx.expand(trimmed);
    }

    /** The GeoJSON type, accepted in any letter case (clients of NGSIv2 write "point"). */
    private static String geometryType(String geometry) {
        String trimmed = geometry.trim();
        for (String type : GeoJson.TYPES) {
            if (type.equalsIgnoreCase(trimmed)) {
                return type;
            }
        }
        throw new BadRequestDataException("geometry '" + geometry + "' is not known; use " + String.join(", ", GeoJson.TYPES));
    }

    /**
     * Coordinates text: a JSON array, or its content without the outermost brackets; when the
     * array nests one level less than the geometry needs (a Polygon given as one ring), it is
     * taken as that one element.
     */
    /** Coordinates as a query parameter gives them: a JSON array, its outermost brackets optional. */
    public static JsonNode coordinatesText(String text, String type) {
        String trimmed = text.trim();
        JsonNode node = trimmed.startsWith("[") ? readArray(trimmed) : null;
        if (node == null) {
            node = readArray("[" + trimmed + "]");
        }
        if (node == null) {
            throw new BadRequestDataException("coordinates must be a JSON array of positions [longitude,latitude] for a "
                    + type + ", e.g. " + (GeoJson.depth(type) == 1 ? "[136.648,36.5781]" : "[[136.648,36.5781],[136.6566,36.5716]]")
                    + "; got '" + (trimmed.length() > 80 ? trimmed.substring(0, 77) + "..." : trimmed) + "'");
        }
        if (nesting(node) == GeoJson.depth(type) - 1) {
            ArrayNode wrapped = JsonNodeFactory.instance.arrayNode();
            wrapped.add(node);
            return wrapped;
        }
        return node;
    }

    private static JsonNode readArray(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isArray() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** How many arrays deep the first elements go: 1 for [lon,lat]. */
    private static int nesting(JsonNode node) {
        int depth = 0;
        while (node != null && node.isArray()) {
            depth++;
            node = node.isEmpty() ? null : node.get(0);
        }
        return depth;
    }

    private static String requiredString(JsonNode geoQ, String member) {
        JsonNode value = geoQ.get(member);
        if (value == null || !value.isString() || value.stringValue().isBlank()) {
            throw new BadRequestDataException("geoQ needs " + member + " as a string"
                    + (member.equals("georel") ? ", e.g. \"near;maxDistance==500\"" : ", e.g. \"Point\""));
        }
        return value.stringValue();
    }
}
