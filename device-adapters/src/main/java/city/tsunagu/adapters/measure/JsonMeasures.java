package city.tsunagu.adapters.measure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The IoT Agent JSON payload: an object of measures ({@code {"t": 21.5, "h": 40}}), an array of
 * such objects (several readings, in order), or, on a single-attribute topic, the bare value.
 */
public final class JsonMeasures {
    private static final JsonMapper JSON = JsonMapper.shared();

    private JsonMeasures() {
    }

    public static List<Reading> decode(byte[] payload) {
        JsonNode root = parse(payload);
        List<Reading> readings = new ArrayList<>();
        if (root.isObject()) {
            readings.add(reading(root));
        } else if (root.isArray() && !root.isEmpty()) {
            for (JsonNode item : root) {
                if (!item.isObject()) {
                    throw new MeasureException("malformed", "each element of a JSON array of measures must be an object, not " + item);
                }
                readings.add(reading(item));
            }
        } else {
            throw new MeasureException("malformed", "a JSON measure payload is an object or a non-empty array of objects, not " + root);
        }
        return readings;
    }

    /** The payload of {@code .../attrs/{objectId}}: JSON if it parses, else the text itself. */
    public static Reading decodeSingle(String objectId, byte[] payload) {
        Object value;
        try {
            value = value(JSON.readTree(payload));
        } catch (JacksonException e) {
            value = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (value == null) {
            throw new MeasureException("malformed", "the measure " + objectId + " has no value");
        }
        Map<String, Object> measures = new LinkedHashMap<>();
        measures.put(objectId, value);
        return new Reading(measures, null);
    }

    private static JsonNode parse(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (JacksonException e) {
            throw new MeasureException("malformed", "the payload is not JSON: " + e.getOriginalMessage());
        }
    }

    private static Reading reading(JsonNode object) {
        Map<String, Object> measures = new LinkedHashMap<>();
        Instant observedAt = null;
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (field.getKey().equals(Reading.TIME_INSTANT)) {
                observedAt = TimeInstants.parse(field.getValue().asString());
            } else {
                measures.put(field.getKey(), value(field.getValue()));
            }
        }
        if (measures.isEmpty()) {
            throw new MeasureException("malformed", "the reading " + object + " holds no measure");
        }
        return new Reading(measures, observedAt);
    }

    static Object value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(value(item)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            map.put(field.getKey(), value(field.getValue()));
        }
        return map;
    }
}
