package city.tsunagu.broker.entity.model;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.ld.LdContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a request's entity or attribute fragments (normalized or concise, compact names) into
 * the expanded model, validating as it goes: every error names the member and what to fix.
 * Expansion is term-map look-ups on the request's {@link LdContext}, never the JSON-LD algorithm.
 */
public final class EntityParser {
    /** GeoJSON geometries NGSI-LD accepts as GeoProperty values (4.7: no GeometryCollection). */
    private static final Set<String> GEOJSON_TYPES = Set.of("Point", "MultiPoint", "LineString",
            "MultiLineString", "Polygon", "MultiPolygon");
    /** Core attributes that are always GeoProperties. */
    private static final Set<String> GEO_ATTRIBUTES = Set.of(NgsiLd.CORE + "location", NgsiLd.CORE + "observationSpace",
            NgsiLd.CORE + "operationSpace");
    /** Value members of each kind; any other kind's member on an attribute is an error. */
    private static final Set<String> VALUE_MEMBERS = Set.of("value", "object", "languageMap", "vocab", "json",
            "valueList", "objectList");
    private static final Set<String> PREVIOUS_MEMBERS = Set.of("previousValue", "previousObject", "previousLanguageMap",
            "previousVocab", "previousJson", "previousValueList", "previousObjectList", "entityIdSealed", "entityTypeSealed");

    /** Parses a whole entity (Create, Replace, batch): id and type required. */
    public Entity parseEntity(JsonNode body, LdContext ctx) {
        ObjectNode object = requireObject(body, "The entity");
        String id = parseId(object);
        List<String> types = parseTypes(object.get("type") != null ? object.get("type") : object.get("@type"), ctx, true);
        List<String> scopes = parseScopes(object.get("scope"));
        Map<String, List<Attribute>> attributes = parseAttributes(object, ctx, false);
        return new Entity(id, types, scopes, attributes, null, null);
    }

    /** Parses an entity fragment (Merge, Update, Append): id and type optional, attributes as given. */
    public EntityFragment parseFragment(JsonNode body, LdContext ctx, boolean allowNull) {
        ObjectNode object = requireObject(body, "The request body");
        String id = object.has("id") || object.has("@id") ? parseId(object) : null;
        JsonNode typeNode = object.get("type") != null ? object.get("type") : object.get("@type");
        List<String> types = typeNode == null ? List.of() : parseTypes(typeNode, ctx, true);
        List<String> scopes = object.has("scope") ? parseScopes(object.get("scope")) : null;
        Map<String, List<Attribute>> attributes = parseAttributes(object, ctx, allowNull);
        return new EntityFragment(id, types, scopes, attributes);
    }

    /** Parses the attribute members of an entity or fragment. */
    public Map<String, List<Attribute>> parseAttributes(ObjectNode object, LdContext ctx, boolean allowNull) {
        Map<String, List<Attribute>> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String name = member.getKey();
            if (NgsiLd.ENTITY_MEMBERS.contains(name)) {
                continue;
            }
            if (NgsiLd.RESERVED_ATTRIBUTE_NAMES.contains(name)) {
                throw new BadRequestDataException("'" + name + "' is a member of attributes and cannot name an attribute");
            }
            String iri = expandName(name, ctx);
            List<Attribute> instances = parseInstances(name, member.getValue(), ctx, allowNull);
            if (GEO_ATTRIBUTES.contains(iri)) {
                for (Attribute instance : instances) {
                    if (instance.kind() != AttributeKind.GEO_PROPERTY && !(allowNull && isNullMarker(instance.value()))) {
                        throw new BadRequestDataException("Attribute " + name + " must be a GeoProperty");
                    }
                }
            }
            attributes.put(iri, instances);
        }
        return attributes;
    }

    /** Parses the instances of one attribute: an object, or an array of objects by datasetId. */
    public List<Attribute> parseInstances(String name, JsonNode node, LdContext ctx, boolean allowNull) {
        List<Attribute> instances = new ArrayList<>();
        if (node.isArray() && !node.isEmpty() && allObjectsWithAttributeMembers(node)) {
            for (JsonNode element : node) {
                instances.add(parseAttribute(name, element, ctx, allowNull));
            }
            checkDistinctDatasets(name, instances);
        } else {
            instances.add(parseAttribute(name, node, ctx, allowNull));
        }
        return instances;
    }

    private static boolean allObjectsWithAttributeMembers(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isObject() || !(element.has("type") || element.has("value") || element.has("object")
                    || element.has("languageMap") || element.has("vocab") || element.has("json")
                    || element.has("valueList") || element.has("objectList"))) {
                return false;
            }
        }
        return true;
    }

    private static void checkDistinctDatasets(String name, List<Attribute> instances) {
        Set<String> seen = new java.util.HashSet<>();
        for (Attribute instance : instances) {
            String key = instance.datasetId() == null ? "" : instance.datasetId();
            if (!seen.add(key)) {
                throw new BadRequestDataException("Attribute " + name + " has two instances with "
                        + (instance.datasetId() == null ? "no datasetId" : "datasetId " + instance.datasetId())
                        + "; each instance needs its own datasetId");
            }
        }
    }

    /**
     * Parses a Partial Attribute Update fragment (5.6.4) when it carries a value member, so that
     * a deletion ("urn:ngsi-ld:null") can be recognised; null for fragments without a value.
     */
    public Attribute parseAttributeFragment(String name, JsonNode fragment, LdContext ctx) {
        if (fragment.isObject() && VALUE_MEMBERS.stream().noneMatch(fragment::has)) {
            return null;
        }
        return parseAttribute(name, fragment, ctx, true);
    }

    /** Parses one attribute instance (normalized or concise). */
    public Attribute parseAttribute(String name, JsonNode node, LdContext ctx, boolean allowNull) {
        if (!node.isObject()) {
            if (node.isNull()) {
                throw new BadRequestDataException("Attribute " + name + " is null; give it a value, or delete it");
            }
            // concise: a bare value is a Property
            return new Attribute(AttributeKind.PROPERTY, node, null, null, null, null, Map.of(), null, null);
        }
        ObjectNode object = (ObjectNode) node;
        if (object.has("@context")) {
            throw new BadRequestDataException("Attribute " + name + " contains an @context; give the @context once, for the whole entity");
        }
        if (isBareGeometry(object)) {
            return new Attribute(AttributeKind.GEO_PROPERTY, object, null, null, null, null, Map.of(), null, null);
        }
        AttributeKind kind = kindOf(name, object);
        String member = kind.valueMember();
        checkMembers(name, kind, object);
        JsonNode value = object.get(member);
        if (value == null || value.isNull()) {
            throw new BadRequestDataException("Attribute " + name + " of type " + kind.typeName()
                    + " needs a non-null '" + member + "' member");
        }
        if (allowNull && isNullMarker(value)) {
            return new Attribute(kind, value, datasetId(object, name), null, null, null, Map.of(), null, null);
        }
        if (!allowNull && kind != AttributeKind.JSON_PROPERTY && containsNullMarker(value)) {
            throw new BadRequestDataException("Attribute " + name + " contains \"" + NgsiLd.NULL
                    + "\"; that value deletes in a merge and is not allowed here");
        }
        if (kind == AttributeKind.GEO_PROPERTY && value.isString()) {
            value = parseGeometryString(name, value.stringValue());
        }
        value = checkValue(name, kind, value, ctx);
        String datasetId = datasetId(object, name);
        String observedAt = optionalDateTime(object, "observedAt", name);
        String unitCode = optionalString(object, "unitCode", name);
        String objectType = object.has("objectType") ? expandName(requireString(object.get("objectType"), name + ".objectType"), ctx) : null;
        Map<String, Attribute> subAttributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> sub : object.properties()) {
            String subName = sub.getKey();
            if (NgsiLd.ATTRIBUTE_MEMBERS.contains(subName)) {
                continue;
            }
            String path = name + "." + subName;
            subAttributes.put(expandName(subName, ctx), parseAttribute(path, sub.getValue(), ctx, allowNull));
        }
        return new Attribute(kind, value, datasetId, observedAt, unitCode, objectType, subAttributes, null, null);
    }

    private static String datasetId(ObjectNode object, String name) {
        JsonNode node = object.get("datasetId");
        if (node != null && node.isString() && "@none".equals(node.stringValue())) {
            return null; // "@none" names the default instance
        }
        return optionalUri(object, "datasetId", name);
    }

    /** Rejects members that belong to another kind of attribute (4.5.2 to 4.5.22). */
    private static void checkMembers(String name, AttributeKind kind, ObjectNode object) {
        for (String member : VALUE_MEMBERS) {
            boolean own = member.equals(kind.valueMember());
            if (!own && object.has(member)) {
                throw new BadRequestDataException("Attribute " + name + " of type " + kind.typeName()
                        + " cannot have a '" + member + "' member; its value goes in '" + kind.valueMember() + "'");
            }
        }
        for (String member : PREVIOUS_MEMBERS) {
            if (object.has(member)) {
                throw new BadRequestDataException("Attribute " + name + ": '" + member + "' is set by the broker, not by clients");
            }
        }
        if (object.has("unitCode") && (kind.isRelationship() || kind == AttributeKind.JSON_PROPERTY
                || kind == AttributeKind.LANGUAGE_PROPERTY || kind == AttributeKind.VOCAB_PROPERTY)) {
            throw new BadRequestDataException("Attribute " + name + " of type " + kind.typeName() + " cannot have a unitCode");
        }
    }

    private static boolean isBareGeometry(ObjectNode object) {
        JsonNode type = object.get("type");
        return type != null && type.isString() && GEOJSON_TYPES.contains(type.stringValue()) && object.has("coordinates");
    }

    private JsonNode parseGeometryString(String name, String text) {
        try {
            return tools.jackson.databind.json.JsonMapper.shared().readTree(text);
        } catch (tools.jackson.core.JacksonException e) {
            throw new BadRequestDataException("Attribute " + name + ": the GeoProperty value is a string that is not GeoJSON");
        }
    }

    /** Whether "urn:ngsi-ld:null" appears anywhere in a value. */
    static boolean containsNullMarker(JsonNode value) {
        if (isNullMarker(value)) {
            return true;
        }
        for (JsonNode child : value) {
            if (containsNullMarker(child)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a parsed instance asks for its deletion (5.5.8): its value is "urn:ngsi-ld:null",
     * or, for a LanguageProperty, its languageMap is {"@none": "urn:ngsi-ld:null"}.
     */
    public static boolean isDeletion(Attribute attribute) {
        JsonNode value = attribute.value();
        if (isNullMarker(value)) {
            return true;
        }
        return attribute.kind() == AttributeKind.LANGUAGE_PROPERTY && value.isObject() && value.size() == 1
                && isNullMarker(value.path("@none"));
    }

    /** An attribute whose value is "urn:ngsi-ld:null" is to be deleted (Merge, 5.6.17). */
    public static boolean isNullMarker(JsonNode value) {
        return value.isString() && NgsiLd.NULL.equals(value.stringValue());
    }

    private AttributeKind kindOf(String name, ObjectNode object) {
        JsonNode type = object.get("type") != null ? object.get("type") : object.get("@type");
        if (type != null) {
            if (!type.isString()) {
                throw new BadRequestDataException("Attribute " + name + " has a type that is not a string");
            }
            return AttributeKind.fromType(type.stringValue()).orElseThrow(() -> new BadRequestDataException(
                    "Attribute " + name + " has unknown type '" + type.stringValue() + "'; use Property, Relationship, "
                            + "GeoProperty, LanguageProperty, VocabProperty, JsonProperty, ListProperty or ListRelationship"));
        }
        for (String member : List.of("object", "languageMap", "vocab", "json", "valueList", "objectList")) {
            if (object.has(member)) {
                return AttributeKind.fromValueMember(member).orElseThrow();
            }
        }
        if (object.has("value")) {
            JsonNode value = object.get("value");
            return isGeometry(value) ? AttributeKind.GEO_PROPERTY : AttributeKind.PROPERTY;
        }
        throw new BadRequestDataException("Attribute " + name + " has neither a type nor a value member");
    }

    private JsonNode checkValue(String name, AttributeKind kind, JsonNode value, LdContext ctx) {
        switch (kind) {
            case RELATIONSHIP -> {
                if (value.isArray()) {
                    for (JsonNode target : value) {
                        requireUri(target, name + ".object");
                    }
                } else {
                    requireUri(value, name + ".object");
                }
            }
            case LIST_RELATIONSHIP -> {
                if (!value.isArray()) {
                    throw new BadRequestDataException("Attribute " + name + ": objectList must be an array of URIs");
                }
                ArrayNode targets = JsonNodeFactory.instance.arrayNode();
                for (JsonNode target : value) {
                    JsonNode uri = target.isObject() && target.has("object") ? target.get("object") : target;
                    requireUri(uri, name + ".objectList");
                    targets.add(uri);
                }
                return targets;
            }
            case GEO_PROPERTY -> {
                if (!isGeometry(value)) {
                    throw new BadRequestDataException("Attribute " + name
                            + ": a GeoProperty value must be a GeoJSON geometry with type and coordinates");
                }
            }
            case LANGUAGE_PROPERTY -> {
                if (!value.isObject()) {
                    throw new BadRequestDataException("Attribute " + name + ": languageMap must be an object of language tag to string");
                }
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    JsonNode text = entry.getValue();
                    if (entry.getKey().isEmpty()) {
                        throw new BadRequestDataException("Attribute " + name + ": languageMap has an empty language tag");
                    }
                    boolean ok = text.isString() || (text.isArray() && !text.isEmpty() && allStrings(text));
                    if (!ok) {
                        throw new BadRequestDataException("Attribute " + name + ": languageMap value for '"
                                + entry.getKey() + "' must be a string");
                    }
                }
            }
            case VOCAB_PROPERTY -> {
                if (value.isString()) {
                    return JsonNodeFactory.instance.stringNode(ctx.expand(value.stringValue()));
                }
                if (value.isArray() && allStrings(value)) {
                    ArrayNode expanded = JsonNodeFactory.instance.arrayNode();
                    value.forEach(v -> expanded.add(ctx.expand(v.stringValue())));
                    return expanded;
                }
                throw new BadRequestDataException("Attribute " + name + ": vocab must be a string or an array of strings");
            }
            case LIST_PROPERTY -> {
                if (!value.isArray()) {
                    throw new BadRequestDataException("Attribute " + name + ": valueList must be an array");
                }
            }
            case JSON_PROPERTY -> {
                if (!value.isObject() && !value.isArray()) {
                    throw new BadRequestDataException("Attribute " + name + ": json must be a JSON object or array");
                }
            }
            case PROPERTY -> {
                // any JSON value
            }
        }
        return value;
    }

    static boolean isGeometry(JsonNode value) {
        if (!value.isObject() || !value.path("type").isString()) {
            return false;
        }
        String type = value.get("type").stringValue();
        if (!GEOJSON_TYPES.contains(type)) {
            return false;
        }
        JsonNode coordinates = value.get("coordinates");
        return coordinates != null && coordinates.isArray() && !coordinates.isEmpty() && numericArrays(coordinates);
    }

    private static boolean numericArrays(JsonNode node) {
        for (JsonNode element : node) {
            if (element.isArray()) {
                if (element.isEmpty() || !numericArrays(element)) {
                    return false;
                }
            } else if (!element.isNumber()) {
                return false;
            }
        }
        return true;
    }

    private static boolean allStrings(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isString()) {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode requireObject(JsonNode body, String what) {
        if (body == null || !body.isObject()) {
            throw new BadRequestDataException(what + " must be a JSON object");
        }
        return (ObjectNode) body;
    }

    private static String parseId(ObjectNode object) {
        JsonNode id = object.get("id") != null ? object.get("id") : object.get("@id");
        if (id == null) {
            throw new BadRequestDataException("The entity has no id; give it an 'id' that is a URI, e.g. urn:ngsi-ld:Vehicle:bus-1");
        }
        return requireUri(id, "id");
    }

    public static String requireUri(JsonNode node, String what) {
        if (node == null || !node.isString() || !NgsiLd.isUri(node.stringValue())) {
            throw new BadRequestDataException(what + " must be a URI (e.g. urn:ngsi-ld:Type:name), got " + node);
        }
        return node.stringValue();
    }

    private List<String> parseTypes(JsonNode node, LdContext ctx, boolean required) {
        if (node == null) {
            if (required) {
                throw new BadRequestDataException("The entity has no type; give it a 'type', e.g. \"Vehicle\"");
            }
            return List.of();
        }
        List<String> types = new ArrayList<>();
        if (node.isString()) {
            types.add(expandType(node.stringValue(), ctx));
        } else if (node.isArray() && !node.isEmpty()) {
            for (JsonNode t : node) {
                if (!t.isString()) {
                    throw new BadRequestDataException("Entity type must be a string or an array of strings");
                }
                String expanded = expandType(t.stringValue(), ctx);
                if (!types.contains(expanded)) {
                    types.add(expanded);
                }
            }
        } else {
            throw new BadRequestDataException("Entity type must be a string or a non-empty array of strings");
        }
        return types;
    }

    private static String expandType(String type, LdContext ctx) {
        String expanded = NgsiLd.isValidName(type) ? ctx.expand(type) : null;
        if (expanded == null || expanded.startsWith("@")) {
            throw new BadRequestDataException("Entity type '" + type + "' is not a valid name: use a term starting with a letter, or an IRI");
        }
        return expanded;
    }

    private static List<String> parseScopes(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        List<String> scopes = new ArrayList<>();
        if (node.isString()) {
            scopes.add(checkScope(node.stringValue()));
        } else if (node.isArray()) {
            for (JsonNode s : node) {
                scopes.add(checkScope(s.isString() ? s.stringValue() : null));
            }
        } else {
            throw new BadRequestDataException("scope must be a string or an array of strings");
        }
        return scopes;
    }

    private static String checkScope(String scope) {
        if (!NgsiLd.isValidScope(scope) || NgsiLd.NULL.equals(scope)) {
            throw new BadRequestDataException("Scope '" + scope + "' is invalid; scopes look like /Kanazawa/Station");
        }
        return scope;
    }

    /** Expands an attribute name after checking it. */
    public static String expandName(String name, LdContext ctx) {
        if (!NgsiLd.isValidName(name)) {
            throw new BadRequestDataException("Attribute name '" + name + "' is not valid: names may not contain "
                    + "whitespace or any of < > \" ' = ; ( ) \\");
        }
        return ctx.expand(name);
    }

    private static String optionalUri(ObjectNode object, String member, String name) {
        JsonNode node = object.get(member);
        if (node == null) {
            return null;
        }
        return requireUri(node, "Attribute " + name + ": " + member);
    }

    private static String optionalDateTime(ObjectNode object, String member, String name) {
        JsonNode node = object.get(member);
        if (node == null) {
            return null;
        }
        if (!node.isString() || !NgsiLd.isDateTime(node.stringValue())) {
            throw new BadRequestDataException("Attribute " + name + ": " + member
                    + " must be an ISO 8601 DateTime such as 2026-04-01T08:00:00Z, got " + node);
        }
        return node.stringValue();
    }

    private static String optionalString(ObjectNode object, String member, String name) {
        JsonNode node = object.get(member);
        if (node == null) {
            return null;
        }
        return requireString(node, "Attribute " + name + ": " + member);
    }

    private static String requireString(JsonNode node, String what) {
        if (!node.isString()) {
            throw new BadRequestDataException(what + " must be a string");
        }
        return node.stringValue();
    }

    /** A parsed partial entity; {@code scopes} null when the fragment did not mention scope. */
    public record EntityFragment(String id, List<String> types, List<String> scopes,
                                 Map<String, List<Attribute>> attributes) {
    }
}
