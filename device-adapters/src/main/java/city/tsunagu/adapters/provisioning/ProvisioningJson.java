package city.tsunagu.adapters.provisioning;

import city.tsunagu.adapters.expression.ExpressionException;
import city.tsunagu.adapters.expression.Expressions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads config groups and devices from their IoT-Agent JSON, checking every field this adapter
 * uses, so that a mistake is reported when provisioning rather than lost with each reading.
 * Fields of the IoT Agents that Tsunagu does not use ({@link #KEPT_GROUP_FIELDS},
 * {@link #KEPT_DEVICE_FIELDS}) are accepted and stored, so existing provisioning scripts run
 * unchanged; any other field is an error.
 */
@Component
public class ProvisioningJson {
    static final Set<String> GROUP_FIELDS = Set.of("apikey", "resource", "entity_type", "attributes",
            "static_attributes", "commands", "explicitAttrs", "autoprovision", "timestamp", "entityNameExp");
    /** IoT-Agent group fields without effect here: the broker is Tsunagu's, security is the MQTT broker's. */
    static final Set<String> KEPT_GROUP_FIELDS = Set.of("cbroker", "description", "lazy", "internal_attributes",
            "token", "trust", "ngsiVersion", "expressionLanguage", "payloadType", "timezone", "transport",
            "defaultEntityNameConjunction", "service", "subservice", "useCBflowControl", "storeLastMeasure");
    static final Set<String> DEVICE_FIELDS = Set.of("device_id", "entity_name", "entity_type", "transport", "apikey",
            "attributes", "static_attributes", "commands", "explicitAttrs", "timestamp");
    static final Set<String> KEPT_DEVICE_FIELDS = Set.of("protocol", "lazy", "internal_attributes", "endpoint",
            "polling", "timezone", "service", "service_path", "ngsiVersion", "payloadType", "useCBflowControl",
            "storeLastMeasure");
    private static final Set<String> ATTRIBUTE_FIELDS = Set.of("object_id", "name", "type", "expression", "metadata");
    private static final Set<String> STATIC_FIELDS = Set.of("name", "type", "value", "metadata");
    private static final Set<String> TRANSPORTS = Set.of("MQTT", "HTTP", "COAP", "AMQP");
    /** Device ids become MQTT topic levels: no level separator, wildcards or spaces. */
    private static final Pattern DEVICE_ID = Pattern.compile("[^/#+\\s<>\"'=;()?&]{1,256}");
    /** As the IoT Agents and Orion forbid in names and types. */
    private static final Pattern NAME = Pattern.compile("[^<>\"'=;()\\s&?/#]{1,256}");

    private final Expressions expressions;

    public ProvisioningJson(Expressions expressions) {
        this.expressions = expressions;
    }

    /** The config groups of a POST body: {@code {"groups": [...]}}, or {@code {"services": [...]}}. */
    public List<ObjectNode> items(JsonNode body, String member) {
        if (body == null || !body.isObject()) {
            throw IotAgentException.wrongSyntax("the body must be a JSON object with the member '" + member + "'");
        }
        for (String field : body.propertyNames()) {
            if (!field.equals(member)) {
                throw IotAgentException.wrongSyntax("unknown member '" + field + "'; the body holds only '" + member + "'");
            }
        }
        JsonNode items = body.get(member);
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw IotAgentException.wrongSyntax("'" + member + "' must be a non-empty array");
        }
        List<ObjectNode> list = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isObject()) {
                throw IotAgentException.wrongSyntax(member + "[" + i + "] must be a JSON object");
            }
            list.add((ObjectNode) items.get(i));
        }
        return list;
    }

    public ConfigGroup group(ServiceScope scope, ObjectNode json) {
        checkFields(json, "config group", GROUP_FIELDS, KEPT_GROUP_FIELDS);
        String apikey = requiredString(json, "apikey", "config group");
        if (apikey.isEmpty() || apikey.contains("/") || apikey.contains("+") || apikey.contains("#")) {
            throw IotAgentException.wrongSyntax("apikey '" + apikey + "' is invalid: it must be non-empty and hold no"
                    + " '/', '+' or '#' (it is a level of MQTT topics)");
        }
        String resource = requiredString(json, "resource", "config group");
        String entityType = optionalName(json, "entity_type", "config group");
        String entityNameExp = optionalString(json, "entityNameExp", "config group");
        if (entityNameExp != null) {
            compile(entityNameExp);
        }
        return new ConfigGroup(scope, apikey, resource, entityType,
                attributes(json), staticAttributes(json), commands(json),
                optionalBoolean(json, "explicitAttrs", false), optionalBoolean(json, "autoprovision", true),
                entityNameExp, json);
    }

    /**
     * A device; {@code groupEntityType} is the entity type of the device's config group, if it has
     * one, used when the device names none.
     */
    public Device device(ServiceScope scope, ObjectNode json, String groupEntityType) {
        checkFields(json, "device", DEVICE_FIELDS, KEPT_DEVICE_FIELDS);
        String deviceId = requiredString(json, "device_id", "device");
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            throw IotAgentException.wrongSyntax("device_id '" + deviceId + "' is invalid: use 1 to 256 characters"
                    + " without spaces, '/', '+', '#' or any of <>\"'=;()?&");
        }
        String entityType = optionalName(json, "entity_type", "device");
        if (entityType == null) {
            entityType = groupEntityType;
        }
        String entityName = optionalString(json, "entity_name", "device");
        if (entityName == null) {
            if (entityType == null) {
                throw IotAgentException.wrongSyntax("device " + deviceId + " has neither entity_name nor entity_type,"
                        + " and no config group of its apikey gives an entity_type");
            }
            entityName = Device.defaultEntityName(entityType, deviceId);
            json.put("entity_name", entityName);
        } else if (!isAbsoluteUri(entityName)) {
            throw IotAgentException.wrongSyntax("entity_name '" + entityName + "' is not an absolute URI; NGSI-LD"
                    + " entity ids are URIs such as urn:ngsi-ld:Vehicle:bus-1");
        }
        if (entityType == null) {
            throw IotAgentException.wrongSyntax("device " + deviceId + " has no entity_type, and no config group of its"
                    + " apikey gives one");
        }
        if (!json.has("entity_type")) {
            json.put("entity_type", entityType);
        }
        String transport = optionalString(json, "transport", "device");
        if (transport != null && !TRANSPORTS.contains(transport.toUpperCase(Locale.ROOT))) {
            throw IotAgentException.wrongSyntax("transport '" + transport + "' is not one of " + TRANSPORTS);
        }
        JsonNode explicit = json.get("explicitAttrs");
        if (explicit != null && !explicit.isBoolean()) {
            throw IotAgentException.wrongSyntax("explicitAttrs of device " + deviceId + " must be true or false");
        }
        optionalBoolean(json, "timestamp", true);
        return new Device(scope, deviceId, entityName, entityType, optionalString(json, "apikey", "device"), transport,
                attributes(json), staticAttributes(json), commands(json),
                explicit == null ? null : explicit.booleanValue(), json);
    }

    private List<AttributeMapping> attributes(ObjectNode json) {
        List<AttributeMapping> mappings = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        Set<String> keys = new java.util.HashSet<>();
        for (JsonNode item : array(json, "attributes")) {
            String what = "attribute " + item;
            checkFields(item, "attribute", ATTRIBUTE_FIELDS, Set.of());
            String name = attributeName(item, what);
            String type = requiredString(item, "type", what);
            String objectId = optionalString(item, "object_id", what);
            if (objectId != null && objectId.isEmpty()) {
                throw IotAgentException.wrongSyntax("object_id of attribute " + name + " is empty");
            }
            String expression = optionalString(item, "expression", what);
            if (expression != null) {
                compile(expression);
            }
            AttributeMapping mapping = new AttributeMapping(objectId, name, type, expression, unitCode(item, name));
            if (!names.add(name)) {
                throw IotAgentException.wrongSyntax("attribute " + name + " is listed twice");
            }
            if (!keys.add(mapping.measureKey())) {
                throw IotAgentException.wrongSyntax("two attributes take the measure '" + mapping.measureKey() + "'");
            }
            mappings.add(mapping);
        }
        return List.copyOf(mappings);
    }

    private List<StaticAttribute> staticAttributes(ObjectNode json) {
        List<StaticAttribute> list = new ArrayList<>();
        for (JsonNode item : array(json, "static_attributes")) {
            String what = "static attribute " + item;
            checkFields(item, "static attribute", STATIC_FIELDS, Set.of());
            String name = attributeName(item, what);
            String type = requiredString(item, "type", what);
            JsonNode value = item.get("value");
            if (value == null || value.isNull()) {
                throw IotAgentException.wrongSyntax("static attribute " + name + " has no value");
            }
            list.add(new StaticAttribute(name, type, value, unitCode(item, name)));
        }
        return List.copyOf(list);
    }

    private List<String> commands(ObjectNode json) {
        List<String> list = new ArrayList<>();
        for (JsonNode item : array(json, "commands")) {
            list.add(attributeName(item, "command " + item));
        }
        return List.copyOf(list);
    }

    /** The IoT Agents' {@code "metadata": {"unitCode": {"type": "Text", "value": "CEL"}}}. */
    private static String unitCode(JsonNode item, String name) {
        JsonNode metadata = item.get("metadata");
        if (metadata == null) {
            return null;
        }
        if (!metadata.isObject()) {
            throw IotAgentException.wrongSyntax("metadata of attribute " + name + " must be a JSON object");
        }
        JsonNode unit = metadata.get("unitCode");
        if (unit == null) {
            return null;
        }
        JsonNode value = unit.isObject() ? unit.get("value") : unit;
        if (value == null || !value.isString() || value.stringValue().isEmpty()) {
            throw IotAgentException.wrongSyntax("metadata.unitCode of attribute " + name
                    + " must be {\"type\": \"Text\", \"value\": \"<UN/CEFACT code>\"}");
        }
        return value.stringValue();
    }

    private static String attributeName(JsonNode item, String what) {
        String name = requiredString(item, "name", what);
        if (!NAME.matcher(name).matches()) {
            throw IotAgentException.wrongSyntax("attribute name '" + name + "' is invalid: use 1 to 256 characters"
                    + " without spaces or any of <>\"'=;()&?/#");
        }
        if (name.equals("id") || name.equals("type")) {
            throw IotAgentException.wrongSyntax("'" + name + "' cannot be an attribute name");
        }
        return name;
    }

    private void compile(String expression) {
        try {
            expressions.compile(expression);
        } catch (ExpressionException e) {
            throw IotAgentException.invalidExpression(expression, e.getMessage());
        }
    }

    private static void checkFields(JsonNode json, String what, Set<String> used, Set<String> kept) {
        if (!json.isObject()) {
            throw IotAgentException.wrongSyntax("each " + what + " must be a JSON object, not " + json);
        }
        for (String field : json.propertyNames()) {
            if (!used.contains(field) && !kept.contains(field)) {
                throw IotAgentException.wrongSyntax("unknown field '" + field + "' in " + what + "; known fields are "
                        + new java.util.TreeSet<>(used));
            }
        }
    }

    private static Iterable<JsonNode> array(ObjectNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw IotAgentException.wrongSyntax("'" + field + "' must be an array");
        }
        return node;
    }

    private static String requiredString(JsonNode json, String field, String what) {
        String value = optionalString(json, field, what);
        if (value == null) {
            throw IotAgentException.wrongSyntax("'" + field + "' is missing from " + what);
        }
        return value;
    }

    private static String optionalString(JsonNode json, String field, String what) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw IotAgentException.wrongSyntax("'" + field + "' of " + what + " must be a string, not " + node);
        }
        return node.stringValue();
    }

    private static String optionalName(JsonNode json, String field, String what) {
        String value = optionalString(json, field, what);
        if (value != null && !NAME.matcher(value).matches()) {
            throw IotAgentException.wrongSyntax("'" + field + "' of " + what + " is invalid: '" + value + "'");
        }
        return value;
    }

    private static boolean optionalBoolean(JsonNode json, String field, boolean otherwise) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return otherwise;
        }
        if (!node.isBoolean()) {
            throw IotAgentException.wrongSyntax("'" + field + "' must be true or false, not " + node);
        }
        return node.booleanValue();
    }

    private static boolean isAbsoluteUri(String value) {
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
