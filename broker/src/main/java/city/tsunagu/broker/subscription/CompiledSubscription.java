package city.tsunagu.broker.subscription;

import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.entity.web.Format;
import city.tsunagu.broker.entity.web.LinkedEntityRetrieval;
import city.tsunagu.broker.entity.web.Projection;
import city.tsunagu.broker.entity.web.RenderOptions;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.query.EntityQuery;
import city.tsunagu.broker.query.geo.GeoPredicate;
import city.tsunagu.broker.query.geo.GeoQuery;
import city.tsunagu.broker.query.geo.GeoQueries;
import city.tsunagu.broker.query.language.Condition;
import city.tsunagu.broker.query.language.LinkedEntities;
import city.tsunagu.broker.query.language.Or;
import city.tsunagu.broker.query.language.QueryLanguage;
import city.tsunagu.broker.query.language.TypeMatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A subscription ready for matching at write time: its selectors, watched attributes, triggers,
 * q/scopeQ condition and geo-query with names expanded, and how its notifications look and go.
 */
public final class CompiledSubscription {
    /** One EntitySelector: ids (one or none), an id pattern, a type selection. */
    private record Selector(String id, Pattern idPattern, Condition types) {
        boolean matches(Entity entity) {
            return (id == null || id.equals(entity.id()))
                    && (idPattern == null || idPattern.matcher(entity.id()).find())
                    && types.matches(entity);
        }
    }

    /** Where and how notifications go (5.2.15 NotificationParams.endpoint). */
    public record Endpoint(String uri, String accept, List<String[]> receiverInfo, List<String[]> notifierInfo, Double timeoutSeconds) {
        /** Whether notifications go over MQTT (clause 7) rather than HTTP. */
        public boolean isMqtt() {
            return uri.startsWith("mqtt://") || uri.startsWith("mqtts://");
        }

        /** notifierInfo MQTT-QoS (7.2), 0 when not given; SubscriptionRules checked it. */
        public int mqttQos() {
            return notifierInfo.stream().filter(pair -> pair[0].equals(SubscriptionRules.MQTT_QOS)).findFirst()
                    .map(pair -> Integer.parseInt(pair[1])).orElse(0);
        }

        /** notifierInfo MQTT-Version (7.2), MQTT 3.1.1 when not given; SubscriptionRules checked it. */
        public MqttPublisher.Version mqttVersion() {
            return notifierInfo.stream().anyMatch(pair -> pair[0].equals(SubscriptionRules.MQTT_VERSION)
                    && pair[1].equals(SubscriptionRules.MQTT_5)) ? MqttPublisher.Version.MQTT_5 : MqttPublisher.Version.MQTT_3_1_1;
        }

        /** The URI fit for logs: a password left out. */
        public String display() {
            return EndpointUris.withoutPassword(uri);
        }
    }

    private final StoredSubscription stored;
    private final LdContext context;
    private final List<Selector> selectors = new ArrayList<>();
    private final Set<String> watched = new HashSet<>();
    private final Set<String> triggers = new HashSet<>();
    private final Condition condition;
    private final boolean linked;
    private final GeoQuery geoQuery;
    private final GeoPredicate geo;
    private final RenderOptions render;
    private final boolean showChanges;
    private final Endpoint endpoint;
    private final Double throttling;
    private final LinkedEntityRetrieval.Join join;
    private final int joinLevel;

    /**
     * @param context      the @context its names were written with
     * @param notifications the @context its notifications are written with: jsonldContext if it names one
     */
    CompiledSubscription(StoredSubscription stored, LdContext context, LdContext notifications) {
        this.stored = stored;
        this.context = notifications;
        JsonNode members = stored.members();
        for (JsonNode selector : members.path("entities")) {
            String id = selector.path("id").asString(null);
            String pattern = selector.path("idPattern").asString(null);
            selectors.add(new Selector(id, pattern == null ? null : Pattern.compile(pattern),
                    QueryLanguage.parseTypeSelection(selector.path("type").stringValue(), context)));
        }
        members.path("watchedAttributes").forEach(a -> watched.add(EntityParser.expandName(a.stringValue(), context)));
        JsonNode givenTriggers = members.get("notificationTrigger");
        if (givenTriggers == null) {
            triggers.addAll(SubscriptionService.DEFAULT_TRIGGERS);
        } else {
            givenTriggers.forEach(t -> triggers.add(t.stringValue()));
        }
        Condition q = members.has("q") ? QueryLanguage.parseQ(SubscriptionRules.decodedQ(members.get("q").stringValue()), context) : null;
        Condition scope = members.has("scopeQ") ? QueryLanguage.parseScopeQ(members.get("scopeQ").stringValue()) : null;
        this.condition = Condition.and(q, scope);
        this.linked = q != null && QueryLanguage.linkedDepth(q) > 0;
        this.geoQuery = members.has("geoQ") ? GeoQueries.parse(members.get("geoQ"), context) : null;
        this.geo = geoQuery == null ? null : GeoPredicate.of(geoQuery);
        JsonNode notification = members.path("notification");
        this.render = renderOptions(notification, members.get("datasetId"), context);
        this.showChanges = notification.path("showChanges").asBoolean(false);
        JsonNode endpoint = notification.path("endpoint");
        this.endpoint = new Endpoint(endpoint.path("uri").stringValue(), endpoint.path("accept").asString("application/json"),
                pairs(endpoint.get("receiverInfo")), pairs(endpoint.get("notifierInfo")),
                endpoint.has("timeout") ? endpoint.get("timeout").doubleValue() : null);
        this.throttling = members.has("throttling") ? members.get("throttling").doubleValue() : null;
        this.join = LinkedEntityRetrieval.Join.parse(notification.path("join").asString(null));
        this.joinLevel = notification.path("joinLevel").asInt(1);
    }

    /** @param datasetIds the subscription's datasetId member: the attribute instances notified (null = all) */
    private static RenderOptions renderOptions(JsonNode notification, JsonNode datasetIds, LdContext ctx) {
        Format format = switch (notification.path("format").asString("normalized")) {
            case "keyValues", "simplified" -> Format.SIMPLIFIED;
            case "concise" -> Format.CONCISE;
            default -> Format.NORMALIZED;
        };
        Projection pick = null;
        if (notification.has("attributes")) {
            Set<String> names = new LinkedHashSet<>(List.of("id", "type", "scope"));
            notification.get("attributes").forEach(a -> names.add(EntityParser.expandName(a.stringValue(), ctx)));
            pick = Projection.of(names);
        } else if (notification.has("pick")) {
            pick = Projection.parse(names(notification.get("pick")), n -> EntityParser.expandName(n, ctx));
        }
        Projection omit = notification.has("omit") ? Projection.parse(names(notification.get("omit")),
                n -> EntityParser.expandName(n, ctx)) : Projection.of(Set.of());
        Set<String> instances = null;
        if (datasetIds != null) {
            instances = new HashSet<>();
            for (JsonNode id : datasetIds.isArray() ? datasetIds : JsonNodeFactory.instance.arrayNode().add(datasetIds)) {
                instances.add(id.asString());
            }
        }
        return new RenderOptions(format, notification.path("sysAttrs").asBoolean(false), pick, omit,
                notification.path("lang").asString(null), instances);
    }

    private static String names(JsonNode value) {
        if (value.isString()) {
            return value.stringValue();
        }
        List<String> names = new ArrayList<>();
        value.forEach(n -> names.add(n.stringValue()));
        return String.join(",", names);
    }

    private static List<String[]> pairs(JsonNode pairs) {
        List<String[]> list = new ArrayList<>();
        if (pairs != null) {
            pairs.forEach(p -> list.add(new String[] {p.path("key").stringValue(), p.path("value").stringValue()}));
        }
        return List.copyOf(list);
    }

    public String id() {
        return stored.id();
    }

    public StoredSubscription stored() {
        return stored;
    }

    /** The @context notifications are compacted with and name. */
    public LdContext context() {
        return context;
    }

    public RenderOptions render() {
        return render;
    }

    public boolean showChanges() {
        return showChanges;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public Double throttling() {
        return throttling;
    }

    /** Linked entity retrieval for the notified entity (notification.join), or null. */
    public LinkedEntityRetrieval.Join join() {
        return join;
    }

    public int joinLevel() {
        return joinLevel;
    }

    /** The query a periodic notification (timeInterval) answers: the entities this subscription selects now. */
    EntityQuery query(int limit) {
        List<EntityQuery.Selector> query = new ArrayList<>();
        for (Selector selector : selectors) {
            query.add(new EntityQuery.Selector(selector.id() == null ? List.of() : List.of(selector.id()), selector.idPattern(),
                    selector.types()));
        }
        return new EntityQuery(query, List.of(), condition, geoQuery, 0, limit);
    }

    /** Periodic subscriptions (timeInterval) are notified by the clock, not by changes. */
    boolean isPeriodic() {
        return stored.members().has("timeInterval");
    }

    /** Whether it is active at {@code now}: not paused, not expired. */
    boolean isLive(Instant now) {
        return "active".equals(stored.status(now));
    }

    /** Whether a change of the attribute concerns this subscription: it is among watchedAttributes, or none are given. */
    boolean watches(String attribute) {
        return watched.isEmpty() || watched.contains(attribute);
    }

    /** Whether this subscription wants {@code trigger} for a change of the entity that touched {@code attributes}. */
    boolean wants(String trigger, Set<String> attributes) {
        if (!triggers.contains(trigger)) {
            return false;
        }
        return watched.isEmpty() || attributes.stream().anyMatch(watched::contains);
    }

    /**
     * Whether the entity (as the change left it, or as it was before a deletion) is one this
     * subscription selects; q's Linked Entity terms (4.9) look up {@code linked}.
     */
    boolean selects(Entity entity, LinkedEntities linked) {
        return selectsApartFromLinks(entity) && (condition == null || condition.matches(entity, linked));
    }

    /**
     * The keys under which the matcher's index finds this subscription: {@code id} keys for
     * selectors that name an id, {@code type} keys for the types a selector without id admits;
     * empty when some selector (an id pattern with any type, a type expression) or the lack of
     * any makes it a candidate for every entity.
     */
    List<String> candidateKeys() {
        List<String> keys = new ArrayList<>();
        for (Selector selector : selectors) {
            if (selector.id() != null) {
                keys.add(SubscriptionIndex.idKey(selector.id()));
            } else if (selector.types() instanceof TypeMatch type) {
                keys.add(SubscriptionIndex.typeKey(type.type()));
            } else if (selector.types() instanceof Or any && any.operands().stream().allMatch(TypeMatch.class::isInstance)) {
                any.operands().forEach(type -> keys.add(SubscriptionIndex.typeKey(((TypeMatch) type).type())));
            } else {
                return List.of();
            }
        }
        return keys;
    }

    /** Whether the entity passes the selectors and the geo-query: what needs no linked entity read. */
    boolean selectsApartFromLinks(Entity entity) {
        if (!selectors.isEmpty() && selectors.stream().noneMatch(s -> s.matches(entity))) {
            return false;
        }
        return geo == null || geo.test(entity);
    }

    /** q and scopeQ when q has Linked Entity terms, whose entities must be read to evaluate it; else null. */
    Condition linkedCondition() {
        return linked ? condition : null;
    }
}
