package city.tsunagu.broker.subscription;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.ResourceNotFoundException;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.tenant.Tenant;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Subscriptions as resources (5.8): checked against the value spaces of 5.2.12, kept with the
 * @context their names are read with, and rendered for a request's @context with their status.
 */
@Service
public class SubscriptionService {
    /** notificationTrigger when a subscription gives none (5.2.12). */
    static final List<String> DEFAULT_TRIGGERS = List.of("attributeCreated", "attributeUpdated");
    private static final String ID_PREFIX = "urn:ngsi-ld:Subscription:";
    /** The members whose values hold attribute or type names, read with the subscription's @context. */
    private static final Set<String> NAMING_MEMBERS = Set.of("entities", "watchedAttributes", "q", "geoQ",
            "notification", "csf", "temporalQ");

    private final SubscriptionStore store;
    private final LdContextResolver contexts;
    private final Clock clock;
    private final List<java.util.function.Consumer<Tenant>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<java.util.function.BiConsumer<Tenant, String>> deletions = new java.util.concurrent.CopyOnWriteArrayList<>();

    public SubscriptionService(SubscriptionStore store, LdContextResolver contexts, Clock clock) {
        this.store = store;
        this.contexts = contexts;
        this.clock = clock;
    }

    /** Tells {@code listener} of the tenants whose subscriptions this instance changed. */
    void onChange(java.util.function.Consumer<Tenant> listener) {
        listeners.add(listener);
    }

    /** Tells {@code listener} of the subscriptions this instance deleted. */
    void onDelete(java.util.function.BiConsumer<Tenant, String> listener) {
        deletions.add(listener);
    }

    private void changed(Tenant tenant) {
        listeners.forEach(l -> l.accept(tenant));
    }

    /** Creates the subscription and answers its id. */
    public Mono<String> create(Tenant tenant, ObjectNode body, LdContext ctx) {
        ObjectNode members = SubscriptionRules.clientMembers(body);
        Instant now = now();
        SubscriptionRules.check(members, ctx, now);
        String id = members.has("id") ? members.get("id").stringValue() : ID_PREFIX + Notifications.randomUuid();
        members.put("id", id);
        return checkJsonldContext(members)
                .then(Mono.defer(() -> store.insert(tenant, new StoredSubscription(id, members, contextUrl(ctx), now, now,
                        StoredSubscription.Delivery.NONE))))
                .doOnSuccess(done -> changed(tenant))
                .thenReturn(id);
    }

    /**
     * Update Subscription (5.8.2): members of the fragment replace those of the subscription
     * (a notification, whole); null removes a member (merge-patch). The result is checked whole.
     */
    public Mono<Void> update(Tenant tenant, String id, ObjectNode fragment, LdContext ctx) {
        JsonNode fragmentId = fragment.get("id");
        if (fragmentId != null && !id.equals(fragmentId.asString(null))) {
            return Mono.error(new BadRequestDataException("The fragment's id " + fragmentId + " is not the subscription's, " + id));
        }
        ObjectNode changes = SubscriptionRules.clientMembers(fragment);
        if (changes.isEmpty()) {
            return Mono.error(new BadRequestDataException("The fragment has no Subscription member to change"));
        }
        return store.find(tenant, id)
                .switchIfEmpty(Mono.error(() -> new ResourceNotFoundException("Subscription " + id + " does not exist")))
                .flatMap(stored -> {
                    ObjectNode merged = stored.members().deepCopy();
                    changes.properties().forEach(member -> set(merged, member.getKey(), member.getValue()));
                    keepEndpointPassword(merged, stored.members());
                    merged.put("type", "Subscription");
                    // a fragment that names no attribute or type (e.g. {"isActive": true}) leaves the names as they were read
                    boolean names = changes.propertyNames().stream().anyMatch(NAMING_MEMBERS::contains);
                    String context = names ? contextUrl(ctx) : stored.context();
                    Mono<LdContext> readWith = names ? Mono.just(ctx) : contextOf(stored);
                    return readWith.flatMap(namesContext -> {
                        SubscriptionRules.check(merged, namesContext, now());
                        return checkJsonldContext(merged)
                                .then(Mono.defer(() -> store.replaceMembers(tenant, id, merged, context, now())));
                    });
                })
                .flatMap(updated -> updated ? Mono.<Void>empty()
                        : Mono.error(new ResourceNotFoundException("Subscription " + id + " does not exist")))
                .doOnSuccess(done -> changed(tenant));
    }

    public Mono<ObjectNode> render(Tenant tenant, String id, LdContext requestCtx, boolean sysAttrs) {
        return store.find(tenant, id).flatMap(stored -> render(stored, requestCtx, sysAttrs));
    }

    public Flux<ObjectNode> renderPage(Tenant tenant, int offset, int limit, LdContext requestCtx, boolean sysAttrs) {
        if (limit == 0) {
            return Flux.empty();
        }
        return store.page(tenant, offset, limit).concatMap(stored -> render(stored, requestCtx, sysAttrs));
    }

    public Mono<Long> count(Tenant tenant) {
        return store.count(tenant);
    }

    public Mono<Boolean> delete(Tenant tenant, String id) {
        return store.delete(tenant, id).doOnNext(deleted -> {
            if (deleted) {
                deletions.forEach(l -> l.accept(tenant, id));
            }
            changed(tenant);
        });
    }

    /** The @context the subscription's names were written with. */
    public Mono<LdContext> contextOf(StoredSubscription stored) {
        return stored.context() == null ? contexts.resolveLink(null)
                : contexts.resolveInline(JsonNodeFactory.instance.stringNode(stored.context()));
    }

    /** The subscription ready for matching, its notifications written with jsonldContext if it gives one (5.2.12). */
    public Mono<CompiledSubscription> compile(StoredSubscription stored) {
        return contextOf(stored).flatMap(own -> {
            JsonNode notificationContext = stored.members().get("jsonldContext");
            Mono<LdContext> notification = notificationContext == null ? Mono.just(own) : contexts.resolveInline(notificationContext);
            return notification.map(rendering -> new CompiledSubscription(stored, own, rendering));
        });
    }

    private Mono<ObjectNode> render(StoredSubscription stored, LdContext requestCtx, boolean sysAttrs) {
        return contextOf(stored).map(own -> {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.put("id", stored.id());
            out.put("type", "Subscription");
            stored.members().properties().forEach(member -> {
                if (!member.getKey().equals("id") && !member.getKey().equals("type")) {
                    out.set(member.getKey(), member.getValue().deepCopy());
                }
            });
            recompact(out, own, requestCtx);
            if (!out.has("notificationTrigger")) {
                ArrayNode triggers = out.putArray("notificationTrigger");
                DEFAULT_TRIGGERS.forEach(triggers::add);
            }
            out.put("status", stored.status(now()));
            if (stored.context() != null && !out.has("jsonldContext")) {
                out.put("jsonldContext", stored.context());
            }
            ObjectNode notification = (ObjectNode) out.get("notification");
            if (notification.get("endpoint") instanceof ObjectNode endpoint && endpoint.has("uri")) {
                endpoint.put("uri", EndpointUris.withoutPassword(endpoint.get("uri").stringValue()));
            }
            StoredSubscription.Delivery delivery = stored.delivery();
            if (delivery.timesSent() > 0) {
                notification.put("timesSent", delivery.timesSent());
                notification.put("status", delivery.lastFailure() != null && (delivery.lastSuccess() == null
                        || delivery.lastFailure().isAfter(delivery.lastSuccess())) ? "failed" : "ok");
            }
            if (delivery.timesFailed() > 0) {
                notification.put("timesFailed", delivery.timesFailed());
            }
            putTime(notification, "lastNotification", delivery.lastNotification());
            putTime(notification, "lastSuccess", delivery.lastSuccess());
            putTime(notification, "lastFailure", delivery.lastFailure());
            if (sysAttrs) {
                putTime(out, "createdAt", stored.createdAt());
                putTime(out, "modifiedAt", stored.modifiedAt());
            }
            return out;
        });
    }

    /**
     * Attribute names and plain entity types, written for the subscription's @context, as the
     * request's @context names them (expressions of the type-selection language stay as written).
     */
    private static void recompact(ObjectNode out, LdContext own, LdContext requestCtx) {
        if (own == requestCtx) {
            return;
        }
        recompactNames(out.get("watchedAttributes"), own, requestCtx);
        if (out.get("notification") instanceof ObjectNode notification) {
            recompactNames(notification.get("attributes"), own, requestCtx);
        }
        if (out.get("entities") instanceof ArrayNode entities) {
            for (JsonNode selector : entities) {
                String type = selector.path("type").asString(null);
                if (type != null && type.chars().noneMatch(c -> ",;|()".indexOf(c) >= 0)) {
                    ((ObjectNode) selector).put("type", requestCtx.compact(own.expand(type)));
                }
            }
        }
    }

    private static void recompactNames(JsonNode names, LdContext own, LdContext requestCtx) {
        if (names instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, JsonNodeFactory.instance.stringNode(
                        requestCtx.compact(EntityParser.expandName(array.get(i).stringValue(), own))));
            }
        }
    }

    /**
     * A notification sent back with the endpoint URI as it was shown, password hidden (as a client
     * does that reads, changes e.g. the format, and writes the notification back), keeps the
     * stored URI and so its password.
     */
    private static void keepEndpointPassword(ObjectNode merged, ObjectNode stored) {
        JsonNode storedUri = stored.path("notification").path("endpoint").get("uri");
        if (storedUri != null && merged.path("notification").path("endpoint") instanceof ObjectNode endpoint
                && endpoint.get("uri") != null && endpoint.get("uri").isString()) {
            endpoint.put("uri", EndpointUris.restore(endpoint.get("uri").stringValue(), storedUri.stringValue()));
        }
    }

    /** jsonldContext must name an @context the broker can read (400 if it is not one, 504 if it cannot be had). */
    private Mono<Void> checkJsonldContext(ObjectNode members) {
        JsonNode context = members.get("jsonldContext");
        return context == null ? Mono.empty() : contexts.resolveInline(context).then();
    }

    private static String contextUrl(LdContext ctx) {
        return ctx.isCoreOnly() ? null : ctx.linkUrl();
    }

    private static void set(ObjectNode object, String name, JsonNode value) {
        if (value == null || value.isNull()) {
            object.remove(name);
        } else {
            object.set(name, value);
        }
    }

    private static void putTime(ObjectNode object, String name, Instant time) {
        if (time != null) {
            object.put(name, time.truncatedTo(ChronoUnit.MILLIS).toString());
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
