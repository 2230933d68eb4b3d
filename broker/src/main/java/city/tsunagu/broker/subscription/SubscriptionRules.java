package city.tsunagu.broker.subscription;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.entity.web.Projection;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.query.geo.GeoQueries;
import city.tsunagu.broker.query.language.QueryLanguage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The value spaces of a Subscription (ETSI GS CIM 009 v1.9.1, 5.2.12) and NotificationParams
 * (5.2.14), checked as Create Subscription (5.8.1.4) and Update Subscription (5.8.2.4) require:
 * each violation is BadRequestData whose detail names the member and what is allowed.
 */
final class SubscriptionRules {
    static final Set<String> TRIGGERS = Set.of("entityCreated", "entityUpdated", "entityDeleted", "attributeCreated",
            "attributeUpdated", "attributeDeleted");
    static final Set<String> FORMATS = Set.of("normalized", "concise", "keyValues", "simplified");
    static final Set<String> ACCEPTS = Set.of("application/json", "application/ld+json", "application/geo+json");
    /** Members a client may set; the status members are the broker's. */
    static final Set<String> MEMBERS = Set.of("id", "type", "subscriptionName", "description", "entities", "watchedAttributes",
            "notificationTrigger", "timeInterval", "q", "geoQ", "scopeQ", "csf", "isActive", "notification", "expiresAt",
            "throttling", "temporalQ", "lang", "jsonldContext", "datasetId", "@context");
    private static final Set<String> NOTIFICATION_STATUS = Set.of("timesSent", "timesFailed", "lastNotification",
            "lastFailure", "lastSuccess", "status");
    private static final Set<String> NOTIFICATION_MEMBERS = Set.of("attributes", "pick", "omit", "format", "showChanges",
            "sysAttrs", "endpoint", "join", "joinLevel", "lang");
    private static final Set<String> ENDPOINT_MEMBERS = Set.of("uri", "accept", "timeout", "cooldown", "receiverInfo",
            "notifierInfo");
    private static final Set<String> SCHEMES = Set.of("http", "https", "mqtt", "mqtts");
    /** notifierInfo keys of MQTT endpoints (7.2). */
    static final String MQTT_QOS = "MQTT-QoS";
    static final String MQTT_VERSION = "MQTT-Version";
    private static final List<String> MQTT_QOS_VALUES = List.of("0", "1", "2");
    static final String MQTT_3_1_1 = "mqtt3.1.1";
    static final String MQTT_5 = "mqtt5.0";

    private SubscriptionRules() {
    }

    /**
     * The members of a request body the broker takes from the client: the Subscription members of
     * 5.2.12 and those of NotificationParams, without @context, the broker's read-only members
     * (status, timestamps, notification counters), and names that are no Subscription member,
     * which JSON-LD would drop too (Table 5.2.12-2).
     */
    static ObjectNode clientMembers(JsonNode body) {
        ObjectNode members = JsonNodeFactory.instance.objectNode();
        body.properties().forEach(member -> {
            if (MEMBERS.contains(member.getKey()) && !member.getKey().equals("@context")) {
                members.set(member.getKey(), member.getValue().deepCopy());
            }
        });
        if (members.get("notification") instanceof ObjectNode notification) {
            notification.remove(NOTIFICATION_STATUS);
        }
        return members;
    }

    /** Checks a whole Subscription (as created, or as a PATCH leaves it); names are expanded with {@code ctx}. */
    static void check(ObjectNode subscription, LdContext ctx, Instant now) {
        if (!"Subscription".equals(subscription.path("type").asString(null))) {
            throw bad("type must be \"Subscription\"");
        }
        JsonNode id = subscription.get("id");
        if (id != null && (!id.isString() || !NgsiLd.isUri(id.stringValue()))) {
            throw bad("id must be a URI, e.g. urn:ngsi-ld:Subscription:buses-near-station");
        }
        JsonNode entities = subscription.get("entities");
        JsonNode watched = subscription.get("watchedAttributes");
        if (entities == null && watched == null) {
            throw bad("a Subscription needs entities, watchedAttributes or both");
        }
        if (entities != null) {
            if (!entities.isArray() || entities.isEmpty()) {
                throw bad("entities must be a non-empty array of EntitySelectors ({\"type\": ..., \"id\"?, \"idPattern\"?})");
            }
            entities.forEach(selector -> entitySelector(selector, ctx));
        }
        if (watched != null) {
            names(watched, "watchedAttributes", ctx);
        }
        JsonNode triggers = subscription.get("notificationTrigger");
        if (triggers != null) {
            if (!triggers.isArray() || triggers.isEmpty()) {
                throw bad("notificationTrigger must be a non-empty array of " + TRIGGERS);
            }
            triggers.forEach(t -> {
                if (!t.isString() || !TRIGGERS.contains(t.stringValue())) {
                    throw bad("notificationTrigger '" + t.asString() + "' is not one of " + TRIGGERS);
                }
            });
        }
        Double interval = positiveNumber(subscription, "timeInterval", false);
        Double throttling = positiveNumber(subscription, "throttling", true);
        if (interval != null && throttling != null) {
            throw bad("timeInterval (periodic notification) and throttling cannot be combined");
        }
        if (interval != null && watched != null) {
            throw bad("timeInterval (periodic notification) and watchedAttributes cannot be combined");
        }
        string(subscription, "q").ifPresent(q -> QueryLanguage.parseQ(decodedQ(q), ctx));
        string(subscription, "scopeQ").ifPresent(QueryLanguage::parseScopeQ);
        string(subscription, "csf").ifPresent(csf -> QueryLanguage.parseCsf(csf, ctx));
        if (subscription.get("geoQ") != null) {
            GeoQueries.parse(subscription.get("geoQ"), ctx);
        }
        JsonNode datasetIds = subscription.get("datasetId");
        if (datasetIds != null) {
            for (JsonNode datasetId : datasetIds.isArray() ? datasetIds : JsonNodeFactory.instance.arrayNode().add(datasetIds)) {
                if (!datasetId.isString() || !(NgsiLd.isUri(datasetId.stringValue()) || "@none".equals(datasetId.stringValue()))) {
                    throw bad("datasetId must list URIs (or @none for the default instance)");
                }
            }
        }
        JsonNode active = subscription.get("isActive");
        if (active != null && !active.isBoolean()) {
            throw bad("isActive must be true or false");
        }
        JsonNode expires = subscription.get("expiresAt");
        if (expires != null) {
            if (!expires.isString() || !NgsiLd.isDateTime(expires.stringValue())) {
                throw bad("expiresAt must be a DateTime such as 2030-01-01T00:00:00Z");
            }
            if (!Instant.parse(expires.stringValue()).isAfter(now)) {
                throw bad("expiresAt " + expires.stringValue() + " is not in the future");
            }
        }
        string(subscription, "lang");
        string(subscription, "subscriptionName");
        string(subscription, "description");
        JsonNode context = subscription.get("jsonldContext");
        if (context != null && (!context.isString() || !NgsiLd.isUri(context.stringValue()))) {
            throw bad("jsonldContext must be the URL of an @context");
        }
        JsonNode notification = subscription.get("notification");
        if (notification == null || !notification.isObject()) {
            throw bad("notification is required: {\"endpoint\": {\"uri\": \"http://...\"}, \"format\"?: ...}");
        }
        notification(notification, ctx);
    }

    private static void entitySelector(JsonNode selector, LdContext ctx) {
        if (!selector.isObject()) {
            throw bad("each EntitySelector in entities must be an object with a type");
        }
        for (String member : selector.propertyNames()) {
            if (!Set.of("id", "idPattern", "type").contains(member)) {
                throw bad("EntitySelector member '" + member + "' is not known; an EntitySelector has type, id and idPattern");
            }
        }
        JsonNode type = selector.get("type");
        if (type == null || !type.isString() || type.stringValue().isBlank()) {
            throw bad("each EntitySelector needs a type (a string; the type-selection language may combine types)");
        }
        QueryLanguage.parseTypeSelection(type.stringValue(), ctx);
        JsonNode id = selector.get("id");
        if (id != null && (!id.isString() || !NgsiLd.isUri(id.stringValue()))) {
            throw bad("EntitySelector id must be a URI");
        }
        JsonNode pattern = selector.get("idPattern");
        if (pattern != null) {
            if (!pattern.isString()) {
                throw bad("EntitySelector idPattern must be a regular expression (a string)");
            }
            try {
                java.util.regex.Pattern.compile(pattern.stringValue());
            } catch (java.util.regex.PatternSyntaxException e) {
                throw bad("EntitySelector idPattern is not a valid regular expression: " + e.getDescription());
            }
        }
    }

    private static void notification(JsonNode notification, LdContext ctx) {
        for (String member : notification.propertyNames()) {
            if (!NOTIFICATION_MEMBERS.contains(member)) {
                throw bad("notification member '" + member + "' is not known");
            }
        }
        JsonNode attributes = notification.get("attributes");
        JsonNode pick = notification.get("pick");
        JsonNode omit = notification.get("omit");
        if (attributes != null && (pick != null || omit != null)) {
            throw bad("notification.attributes cannot be combined with pick or omit; use pick alone");
        }
        if (attributes != null) {
            names(attributes, "notification.attributes", ctx);
        }
        Projection picked = pick == null ? null : projection(pick, "notification.pick", ctx);
        Projection omitted = omit == null ? null : projection(omit, "notification.omit", ctx);
        if (picked != null && omitted != null) {
            for (String name : omitted.names()) {
                if (picked.contains(name) && omitted.drops(name)) {
                    throw bad("'" + ctx.compact(name) + "' is both in notification.pick and notification.omit");
                }
            }
        }
        String format = string(notification, "format").orElse("normalized");
        if (!FORMATS.contains(format)) {
            throw bad("notification.format '" + format + "' is not one of " + FORMATS);
        }
        JsonNode showChanges = notification.get("showChanges");
        if (showChanges != null && !showChanges.isBoolean()) {
            throw bad("notification.showChanges must be true or false");
        }
        if (showChanges != null && showChanges.booleanValue() && (format.equals("keyValues") || format.equals("simplified"))) {
            throw bad("notification.showChanges needs the normalized or concise format: keyValues has no place for previous values");
        }
        JsonNode sysAttrs = notification.get("sysAttrs");
        if (sysAttrs != null && !sysAttrs.isBoolean()) {
            throw bad("notification.sysAttrs must be true or false");
        }
        string(notification, "join").ifPresent(join -> {
            if (!Set.of("inline", "flat", "@none").contains(join)) {
                throw bad("notification.join must be inline, flat or @none");
            }
        });
        JsonNode joinLevel = notification.get("joinLevel");
        if (joinLevel != null && (!joinLevel.isIntegralNumber() || joinLevel.intValue() < 1)) {
            throw bad("notification.joinLevel must be a positive integer");
        }
        JsonNode endpoint = notification.get("endpoint");
        if (endpoint == null || !endpoint.isObject()) {
            throw bad("notification.endpoint is required: {\"uri\": \"http://127.0.0.1:8080/notify\"}");
        }
        endpoint(endpoint);
    }

    private static void endpoint(JsonNode endpoint) {
        for (String member : endpoint.propertyNames()) {
            if (!ENDPOINT_MEMBERS.contains(member)) {
                throw bad("notification.endpoint member '" + member + "' is not known");
            }
        }
        String uri = string(endpoint, "uri").orElseThrow(() -> bad("notification.endpoint.uri is required"));
        java.net.URI parsed;
        try {
            parsed = new java.net.URI(uri);
        } catch (java.net.URISyntaxException e) {
            // the reason and where, not the exception's message: that repeats the URI with its password
            throw bad("notification.endpoint.uri is not a URI: " + e.getReason() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
        if (parsed.getScheme() == null || !SCHEMES.contains(parsed.getScheme()) || parsed.getHost() == null) {
            throw bad("notification.endpoint.uri must be an http, https, mqtt or mqtts URL with a host, got '" + EndpointUris.withoutPassword(uri) + "'");
        }
        if (parsed.getScheme().startsWith("mqtt")) {
            try {
                MqttEndpoint.parse(uri);
            } catch (IllegalArgumentException e) {
                throw bad("notification.endpoint.uri " + EndpointUris.withoutPassword(uri) + " " + e.getMessage());
            }
        }
        string(endpoint, "accept").ifPresent(accept -> {
            if (!ACCEPTS.contains(accept)) {
                throw bad("notification.endpoint.accept must be one of " + ACCEPTS);
            }
        });
        for (String member : Set.of("timeout", "cooldown")) {
            JsonNode value = endpoint.get(member);
            if (value != null && (!value.isNumber() || value.doubleValue() <= 0)) {
                throw bad("notification.endpoint." + member + " must be a positive number");
            }
        }
        keyValuePairs(endpoint.get("receiverInfo"), "receiverInfo");
        keyValuePairs(endpoint.get("notifierInfo"), "notifierInfo");
        if (parsed.getScheme().startsWith("mqtt")) {
            mqttNotifierInfo(endpoint.get("notifierInfo"));
        }
    }

    /** notifierInfo of an MQTT endpoint (7.2): MQTT-QoS 0, 1 or 2 and MQTT-Version; other keys are left alone. */
    private static void mqttNotifierInfo(JsonNode pairs) {
        if (pairs == null) {
            return;
        }
        for (JsonNode pair : pairs) {
            String key = pair.get("key").stringValue();
            String value = pair.get("value").stringValue();
            if (key.equals(MQTT_QOS) && !MQTT_QOS_VALUES.contains(value)) {
                throw bad("notifierInfo " + MQTT_QOS + " must be one of " + MQTT_QOS_VALUES + ", got '" + value + "'");
            }
            if (key.equals(MQTT_VERSION) && !value.equals(MQTT_3_1_1) && !value.equals(MQTT_5)) {
                throw bad("notifierInfo " + MQTT_VERSION + " must be " + MQTT_3_1_1 + " or " + MQTT_5 + ", got '" + value + "'");
            }
        }
    }

    /** KeyValuePair arrays (5.2.22): {"key": string, "value": string}, nothing else. */
    private static void keyValuePairs(JsonNode pairs, String name) {
        if (pairs == null) {
            return;
        }
        if (!pairs.isArray()) {
            throw bad("notification.endpoint." + name + " must be an array of {\"key\": ..., \"value\": ...}");
        }
        for (JsonNode pair : pairs) {
            if (!pair.isObject() || pair.size() != 2 || !pair.path("key").isString() || !pair.path("value").isString()
                    || pair.get("key").stringValue().isEmpty()) {
                throw bad("each entry of notification.endpoint." + name + " must be {\"key\": \"name\", \"value\": \"text\"}");
            }
        }
    }

    private static void names(JsonNode names, String member, LdContext ctx) {
        if (!names.isArray() || names.isEmpty()) {
            throw bad(member + " must be a non-empty array of attribute names");
        }
        for (JsonNode name : names) {
            if (!name.isString()) {
                throw bad(member + " must be an array of attribute names (strings)");
            }
            EntityParser.expandName(name.stringValue(), ctx);
        }
    }

    private static Projection projection(JsonNode value, String member, LdContext ctx) {
        String text;
        if (value.isString()) {
            text = value.stringValue();
        } else if (value.isArray() && !value.isEmpty()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode name : value) {
                if (!name.isString()) {
                    throw bad(member + " must be an array of names");
                }
                joined.append(joined.isEmpty() ? "" : ",").append(name.stringValue());
            }
            text = joined.toString();
        } else {
            throw bad(member + " must be a non-empty array of names");
        }
        return Projection.parse(text, name -> EntityParser.expandName(name, ctx));
    }

    private static Double positiveNumber(JsonNode subscription, String member, boolean zeroAllowed) {
        JsonNode value = subscription.get(member);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || value.doubleValue() < 0 || (!zeroAllowed && value.doubleValue() == 0)) {
            throw bad(member + " must be a " + (zeroAllowed ? "non-negative" : "positive") + " number of seconds");
        }
        return value.doubleValue();
    }

    private static java.util.Optional<String> string(JsonNode object, String member) {
        JsonNode value = object.get(member);
        if (value == null) {
            return java.util.Optional.empty();
        }
        if (!value.isString()) {
            throw bad(member + " must be a string");
        }
        return java.util.Optional.of(value.stringValue());
    }

    private static BadRequestDataException bad(String detail) {
        return new BadRequestDataException("Subscription: " + detail);
    }

    /**
     * q as the query language reads it: written as in a query string, percent-encoding included
     * ({@code name=="Eiffel%20Tower"}, as the ETSI suite sends it), it is decoded as a query
     * string's q is; a q that is not percent-encoded (a lone '%') is taken as written.
     */
    static String decodedQ(String q) {
        if (q.indexOf('%') < 0) {
            return q;
        }
        try {
            return UriUtils.decode(q, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return q;
        }
    }
}
