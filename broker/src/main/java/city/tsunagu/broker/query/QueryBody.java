package city.tsunagu.broker.query;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.query.language.Condition;
import city.tsunagu.broker.query.language.QueryLanguage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * The Query data type (ETSI GS CIM 009 v1.9.1, 5.2.23) of POST /entityOperations/query, read
 * into entity selectors and the query parameters it stands for, so that both forms of Query
 * Entities run the same way.
 */
public record QueryBody(List<EntityQuery.Selector> selectors, Map<String, List<String>> parameters) {
    private static final Set<String> MEMBERS = Set.of("type", "entities", "attrs", "q", "geoQ", "scopeQ", "lang", "pick",
            "omit", "join", "joinLevel", "csf", "@context", "expandValues", "datasetId", "containedBy", "ordering");
    /** The parameter standing for ordering.geometry (GET queries have no such parameter: orderFrom is a Point). */
    public static final String ORDER_GEOMETRY = "orderGeometry";

    public static QueryBody parse(JsonNode body, LdContext ctx) {
        if (!"Query".equals(body.path("type").asString(null))) {
            throw new BadRequestDataException("The body of entityOperations/query must be a Query: {\"type\": \"Query\", ...}");
        }
        for (String member : body.propertyNames()) {
            if (!MEMBERS.contains(member)) {
                throw new BadRequestDataException("Query member '" + member + "' is not known here"
                        + ("temporalQ".equals(member) ? "; temporalQ belongs to the temporal query" : ""));
            }
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        List<EntityQuery.Selector> selectors = new ArrayList<>();
        JsonNode entities = body.get("entities");
        if (entities != null) {
            if (!entities.isArray() || entities.isEmpty()) {
                throw new BadRequestDataException("entities must be a non-empty array of EntitySelectors");
            }
            entities.forEach(selector -> selectors.add(selector(selector, ctx)));
        }
        stringList(body, "attrs", "attribute names", parameters);
        stringList(body, "pick", "attribute names", parameters);
        stringList(body, "omit", "attribute names", parameters);
        stringList(body, "datasetId", "datasetIds (URIs, or @none for the default instance)", parameters);
        ordering(body.get("ordering"), parameters);
        for (String member : List.of("q", "scopeQ", "lang", "join", "csf")) {
            JsonNode value = body.get(member);
            if (value != null) {
                if (!value.isString()) {
                    throw new BadRequestDataException("Query member " + member + " must be a string");
                }
                parameters.put(member, List.of(value.stringValue()));
            }
        }
        JsonNode joinLevel = body.get("joinLevel");
        if (joinLevel != null) {
            if (!joinLevel.isIntegralNumber()) {
                throw new BadRequestDataException("joinLevel must be a positive integer");
            }
            parameters.put("joinLevel", List.of(joinLevel.asString()));
        }
        JsonNode geoQ = body.get("geoQ");
        if (geoQ != null) {
            if (!geoQ.isObject()) {
                throw new BadRequestDataException("geoQ must be an object with geometry, coordinates and georel");
            }
            for (String member : List.of("georel", "geometry", "geoproperty")) {
                JsonNode value = geoQ.get(member);
                if (value != null) {
                    if (!value.isString()) {
                        throw new BadRequestDataException("geoQ." + member + " must be a string");
                    }
                    parameters.put(member, List.of(value.stringValue()));
                }
            }
            JsonNode coordinates = geoQ.get("coordinates");
            if (coordinates != null) {
                if (!coordinates.isArray() && !coordinates.isString()) {
                    throw new BadRequestDataException("geoQ.coordinates must be an array");
                }
                parameters.put("coordinates", List.of(coordinates.isString() ? coordinates.stringValue() : coordinates.toString()));
            }
        }
        if (selectors.isEmpty() && !parameters.containsKey("attrs") && !parameters.containsKey("q")
                && !parameters.containsKey("georel") && !parameters.containsKey("scopeQ")) {
            throw new BadRequestDataException("A Query needs entities, attrs, q, geoQ or scopeQ");
        }
        return new QueryBody(selectors, parameters);
    }

    /** An EntitySelector (5.2.33): type required; id a URI or an array of URIs; idPattern used without id. */
    private static EntityQuery.Selector selector(JsonNode selector, LdContext ctx) {
        if (!selector.isObject()) {
            throw new BadRequestDataException("Each EntitySelector must be an object with a type");
        }
        JsonNode type = selector.get("type");
        if (type == null || !type.isString()) {
            throw new BadRequestDataException("Each EntitySelector needs a type (a string; \"*\" for any)");
        }
        Condition types = "*".equals(type.stringValue()) ? null : QueryLanguage.parseTypeSelection(type.stringValue(), ctx);
        List<String> ids = new ArrayList<>();
        JsonNode id = selector.get("id");
        if (id != null) {
            if (id.isArray()) {
                id.forEach(element -> ids.add(uri(element)));
            } else {
                ids.add(uri(id));
            }
        }
        Pattern idPattern = null;
        JsonNode pattern = selector.get("idPattern");
        if (pattern != null) {
            if (!pattern.isString()) {
                throw new BadRequestDataException("idPattern must be a string");
            }
            try {
                idPattern = Pattern.compile(pattern.stringValue());
            } catch (PatternSyntaxException e) {
                throw new BadRequestDataException("idPattern is not a valid regular expression: " + e.getDescription());
            }
        }
        return new EntityQuery.Selector(ids, idPattern, types);
    }

    private static String uri(JsonNode id) {
        if (!id.isString() || !NgsiLd.isUri(id.stringValue())) {
            throw new BadRequestDataException("EntitySelector id must be a URI or an array of URIs, got " + id);
        }
        return id.stringValue();
    }

    /** OrderingParams (5.2.43): orderBy (String[]), coordinates and geometry of the distance reference, collation. */
    private static void ordering(JsonNode ordering, Map<String, List<String>> parameters) {
        if (ordering == null) {
            return;
        }
        if (!ordering.isObject()) {
            throw new BadRequestDataException("ordering must be an object with orderBy and optionally coordinates, geometry"
                    + " and collation");
        }
        for (String member : ordering.propertyNames()) {
            if (!Set.of("orderBy", "coordinates", "geometry", "collation").contains(member)) {
                throw new BadRequestDataException("ordering member '" + member + "' is not known; ordering has orderBy,"
                        + " coordinates, geometry and collation");
            }
        }
        stringList(ordering, "orderBy", "orderBy members such as \"name;desc\"", parameters);
        JsonNode coordinates = ordering.get("coordinates");
        if (coordinates != null) {
            if (!coordinates.isArray()) {
                throw new BadRequestDataException("ordering.coordinates must be a JSON array such as [136.6480, 36.5781], got "
                        + coordinates);
            }
            parameters.put("orderFrom", List.of(coordinates.toString()));
        }
        for (String member : List.of("geometry", "collation")) {
            JsonNode value = ordering.get(member);
            if (value != null) {
                if (!value.isString()) {
                    throw new BadRequestDataException("ordering." + member + " must be a string, got " + value);
                }
                parameters.put("geometry".equals(member) ? ORDER_GEOMETRY : member, List.of(value.stringValue()));
            }
        }
    }

    private static void stringList(JsonNode body, String member, String what, Map<String, List<String>> parameters) {
        JsonNode value = body.get(member);
        if (value == null) {
            return;
        }
        List<String> names = new ArrayList<>();
        if (value.isString()) {
            names.add(value.stringValue());
        } else if (value.isArray() && !value.isEmpty()) {
            for (JsonNode name : value) {
                if (!name.isString()) {
                    throw new BadRequestDataException(member + " must be an array of " + what);
                }
                names.add(name.stringValue());
            }
        } else {
            throw new BadRequestDataException(member + " must be a non-empty array of " + what);
        }
        parameters.put(member, List.of(String.join(",", names)));
    }
}
