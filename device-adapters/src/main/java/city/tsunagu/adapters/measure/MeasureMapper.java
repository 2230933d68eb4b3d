package city.tsunagu.adapters.measure;

import city.tsunagu.adapters.expression.Expression;
import city.tsunagu.adapters.expression.ExpressionException;
import city.tsunagu.adapters.expression.Expressions;
import city.tsunagu.adapters.expression.JexlValues;
import city.tsunagu.adapters.provisioning.AttributeMapping;
import city.tsunagu.adapters.provisioning.ConfigGroup;
import city.tsunagu.adapters.provisioning.Device;
import city.tsunagu.adapters.provisioning.StaticAttribute;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a device's reading into NGSI-LD attributes as the IoT Agents do: a measure with a
 * mapping (by {@code object_id}, else by name) takes the mapping's name, type, unit and
 * expression; other measures pass through under their own name unless {@code explicitAttrs};
 * an attribute whose expression reads other measures (a location from {@code lat} and
 * {@code lon}) is computed when they are all there; static attributes come with every reading.
 * Every measured attribute gets {@code observedAt}: the reading's TimeInstant, else its arrival.
 */
public final class MeasureMapper {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ISO_INSTANT;
    private static final Set<String> NUMBER_TYPES = Set.of("number", "float", "double", "integer", "int");
    private static final Set<String> GEO_TYPES = Set.of("geo:json", "geoproperty", "geo:point", "point", "location");

    private final Expressions expressions;

    public MeasureMapper(Expressions expressions) {
        this.expressions = expressions;
    }

    public EntityUpdate map(ConfigGroup group, Device device, Reading reading, Instant arrival) {
        List<AttributeMapping> mappings = mappings(group, device);
        boolean explicit = device.explicitAttrs() != null ? device.explicitAttrs() : group != null && group.explicitAttrs();
        String observedAt = UTC.format(reading.observedAt() != null ? reading.observedAt() : arrival);

        Map<String, AttributeMapping> byKey = new HashMap<>();
        mappings.forEach(m -> byKey.put(m.measureKey(), m));
        Map<String, Object> context = context(device, reading, mappings);

        ObjectNode attributes = NODES.objectNode();
        for (Map.Entry<String, Object> measure : reading.measures().entrySet()) {
            String key = measure.getKey();
            if (key.equals("id") || key.equals("type")) {
                continue;
            }
            AttributeMapping mapping = byKey.get(key);
            if (mapping == null) {
                if (!explicit) {
                    attributes.set(key, attribute(key, null, measure.getValue(), null, observedAt));
                }
                continue;
            }
            Object value = mapping.expression() == null ? measure.getValue() : evaluate(mapping, context);
            if (value != null) {
                attributes.set(mapping.name(), attribute(mapping.name(), mapping.type(), value, mapping.unitCode(), observedAt));
            }
        }
        for (AttributeMapping mapping : mappings) {
            if (mapping.expression() != null && !reading.measures().containsKey(mapping.measureKey())) {
                Expression expression = expressions.compile(mapping.expression());
                if (context.keySet().containsAll(expression.variables()) && !expression.variables().isEmpty()) {
                    Object value = evaluate(mapping, context);
                    if (value != null) {
                        attributes.set(mapping.name(), attribute(mapping.name(), mapping.type(), value, mapping.unitCode(), observedAt));
                    }
                }
            }
        }
        if (attributes.isEmpty()) {
            throw new MeasureException("no-attribute", "no measure of the reading " + reading.measures().keySet()
                    + " maps to an attribute of " + device.entityName() + (explicit ? " (explicitAttrs is on)" : ""));
        }
        for (StaticAttribute attribute : staticAttributes(group, device)) {
            if (!attributes.has(attribute.name())) {
                attributes.set(attribute.name(), attribute(attribute.name(), attribute.type(),
                        JsonMeasures.value(attribute.value()), attribute.unitCode(), null));
            }
        }
        return new EntityUpdate(device.scope().tenant(), device.entityName(), device.entityType(), attributes,
                device.scope().service(), device.deviceId());
    }

    /** The device's mappings, then those of its group that the device does not redefine. */
    private static List<AttributeMapping> mappings(ConfigGroup group, Device device) {
        if (group == null || group.attributes().isEmpty()) {
            return device.attributes();
        }
        Map<String, AttributeMapping> byName = new LinkedHashMap<>();
        Set<String> deviceKeys = new java.util.HashSet<>();
        device.attributes().forEach(m -> {
            byName.put(m.name(), m);
            deviceKeys.add(m.measureKey());
        });
        group.attributes().forEach(m -> {
            if (!byName.containsKey(m.name()) && !deviceKeys.contains(m.measureKey())) {
                byName.put(m.name(), m);
            }
        });
        return List.copyOf(byName.values());
    }

    private static List<StaticAttribute> staticAttributes(ConfigGroup group, Device device) {
        if (group == null || group.staticAttributes().isEmpty()) {
            return device.staticAttributes();
        }
        Map<String, StaticAttribute> byName = new LinkedHashMap<>();
        group.staticAttributes().forEach(a -> byName.put(a.name(), a));
        device.staticAttributes().forEach(a -> byName.put(a.name(), a));
        return List.copyOf(byName.values());
    }

    /** What expressions may read: the measures by key and by attribute name, and the device's identity. */
    private static Map<String, Object> context(Device device, Reading reading, List<AttributeMapping> mappings) {
        Map<String, Object> context = new HashMap<>();
        context.put("id", device.deviceId());
        context.put("type", device.entityType());
        context.put("service", device.scope().service());
        context.put("subservice", device.scope().subservice());
        context.put("entity_name", device.entityName());
        for (AttributeMapping mapping : mappings) {
            if (reading.measures().containsKey(mapping.measureKey())) {
                context.put(mapping.name(), reading.measures().get(mapping.measureKey()));
            }
        }
        reading.measures().forEach((key, value) -> {
            if (!key.equals("id") && !key.equals("type")) {
                context.put(key, value);
            }
        });
        return context;
    }

    private Object evaluate(AttributeMapping mapping, Map<String, Object> context) {
        try {
            return expressions.compile(mapping.expression()).evaluate(context);
        } catch (ExpressionException e) {
            throw new MeasureException("expression", "attribute " + mapping.name() + ": " + e.getMessage());
        }
    }

    /** One NGSI-LD attribute; the IoT-Agent type decides Property, GeoProperty or Relationship and the value's kind. */
    private static ObjectNode attribute(String name, String type, Object value, String unitCode, String observedAt) {
        String kind = type == null ? "" : type.toLowerCase(Locale.ROOT);
        ObjectNode attribute = NODES.objectNode();
        if (kind.equals("relationship")) {
            attribute.put("type", "Relationship");
            attribute.put("object", String.valueOf(value));
        } else if (GEO_TYPES.contains(kind)) {
            attribute.put("type", "GeoProperty");
            attribute.set("value", geometry(name, value));
        } else {
            attribute.put("type", "Property");
            attribute.set("value", typed(name, type, kind, value));
        }
        if (unitCode != null) {
            attribute.put("unitCode", unitCode);
        }
        if (observedAt != null) {
            attribute.put("observedAt", observedAt);
        }
        return attribute;
    }

    private static JsonNode typed(String name, String type, String kind, Object value) {
        if (NUMBER_TYPES.contains(kind) && !(value instanceof Number)) {
            try {
                BigDecimal number = new BigDecimal(String.valueOf(value).strip());
                return kind.startsWith("int") ? NODES.numberNode(number.toBigIntegerExact().longValueExact())
                        : NODES.numberNode(number.doubleValue());
            } catch (NumberFormatException | ArithmeticException e) {
                throw new MeasureException("bad-value", "measure '" + value + "' of attribute " + name + " is not "
                        + (kind.startsWith("int") ? "an integer" : "a number") + " as its type " + type + " requires");
            }
        }
        if (kind.equals("boolean") && value instanceof String text) {
            if (!text.equals("true") && !text.equals("false")) {
                throw new MeasureException("bad-value", "measure '" + text + "' of attribute " + name
                        + " is not true or false as its type Boolean requires");
            }
            return NODES.booleanNode(Boolean.parseBoolean(text));
        }
        return json(value);
    }

    /** GeoJSON from a GeoJSON object (coordinates given as text are read as numbers), or "lat, lon" text as geo:point. */
    private static JsonNode geometry(String name, Object value) {
        if (value instanceof String text && text.contains(",")) {
            String[] parts = text.split(",");
            try {
                ObjectNode point = NODES.objectNode();
                point.put("type", "Point");
                point.putArray("coordinates").add(Double.parseDouble(parts[1].strip())).add(Double.parseDouble(parts[0].strip()));
                return point;
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // reported below
            }
        }
        JsonNode geometry = json(value);
        if (!geometry.isObject() || !geometry.path("type").isString() || !geometry.has("coordinates")) {
            throw new MeasureException("bad-value", "attribute " + name + " needs a GeoJSON geometry or \"lat, lon\", not " + geometry);
        }
        ((ObjectNode) geometry).set("coordinates", numbers(geometry.get("coordinates"), name));
        return geometry;
    }

    private static JsonNode numbers(JsonNode coordinates, String name) {
        if (coordinates.isArray()) {
            ArrayNode array = NODES.arrayNode();
            coordinates.forEach(c -> array.add(numbers(c, name)));
            return array;
        }
        if (coordinates.isNumber()) {
            return coordinates;
        }
        try {
            return NODES.numberNode(Double.parseDouble(coordinates.asString().strip()));
        } catch (NumberFormatException e) {
            throw new MeasureException("bad-value", "coordinate '" + coordinates.asString() + "' of attribute " + name + " is not a number");
        }
    }

    /** A decoded or computed value as JSON: maps, lists and arrays (JEXL's literals) included. */
    static JsonNode json(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String text) {
            return NODES.stringNode(text);
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return NODES.numberNode(big);
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new MeasureException("bad-value", "the value " + number + " is not a JSON number");
            }
            return NODES.numberNode(d);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), json(v)));
            return object;
        }
        List<Object> list = JexlValues.toList(value);
        if (list != null) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(json(item)));
            return array;
        }
        return NODES.stringNode(String.valueOf(value));
    }
}
