package city.tsunagu.broker.subscription;

import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.store.EntityChange;
import city.tsunagu.broker.entity.service.EntityService;
import city.tsunagu.broker.entity.store.EntityChanges;
import city.tsunagu.broker.entity.web.EntityRenderer;
import city.tsunagu.broker.entity.web.LinkedEntityRetrieval;
import city.tsunagu.broker.tenant.Tenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Matches every accepted entity change against the tenant's subscriptions and hands the
 * notifications to {@link NotificationDelivery}. Changes wait in one bounded queue and are
 * matched in write order, off the write path; what the queue cannot take is counted
 * ({@code tsunagu.subscription.changes.dropped}) and logged. Each tenant's subscriptions are
 * held compiled in memory and read again from the store after local changes (the next change
 * waits for them) and every {@link #REFRESH}, so that broker instances sharing a store see each
 * other's subscriptions; a periodic read runs beside the matching, which goes on with the
 * subscriptions read before until it is in — under write load the store can take many seconds
 * to list a thousand subscriptions, and matching that waited for it fell behind the writes.
 */
@Component
public class SubscriptionMatcher implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionMatcher.class);
    static final Duration REFRESH = Duration.ofSeconds(2);
    private static final int QUEUE_CAPACITY = 10_000;

    /** @param refreshing whether a periodic read of them is under way */
    private record Loaded(Mono<List<CompiledSubscription>> subscriptions, Instant at, boolean refreshing) {
    }

    private final SubscriptionStore store;
    private final SubscriptionService service;
    private final NotificationDelivery delivery;
    private final Clock clock;
    private final LinkedEntityRetrieval linked;
    private final Counter dropped;
    private final Map<String, Loaded> tenants = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();
    private final Disposable matching;

    public SubscriptionMatcher(EntityChanges changes, SubscriptionStore store, SubscriptionService service,
                               NotificationDelivery delivery, EntityService entities, Clock clock, MeterRegistry meters) {
        this.linked = new LinkedEntityRetrieval(entities, new EntityRenderer());
        this.store = store;
        this.service = service;
        this.delivery = delivery;
        this.clock = clock;
        this.dropped = meters.counter("tsunagu.subscription.changes.dropped");
        FluxSink<EntityChange>[] sink = new FluxSink[1];
        this.matching = Flux.<EntityChange>create(s -> sink[0] = s)
                .onBackpressureBuffer(QUEUE_CAPACITY, this::drop, BufferOverflowStrategy.DROP_LATEST)
                .concatMap(change -> match(change).onErrorResume(e -> {
                    log.error("Matching the change of entity {} failed", change.entityId(), e);
                    return Mono.empty();
                }), 1)
                .subscribe();
        changes.listen(sink[0]::next);
        service.onChange(this::forget);
    }

    private void drop(EntityChange change) {
        dropped.increment();
        log.warn("The subscription matcher is behind: the change of entity {} was not matched", change.entityId());
    }

    /** Forgets a tenant's compiled subscriptions, so the next change reads them again. */
    void forget(Tenant tenant) {
        tenants.remove(key(tenant));
    }

    private Mono<Void> match(EntityChange change) {
        Instant now = clock.instant();
        List<Notifications.Trigger> triggers = Notifications.triggers(change);
        Entity entity = change.after() != null ? change.after() : change.before();
        return subscriptions(change.tenant(), now)
                .flatMapMany(Flux::fromIterable)
                .concatMap(subscription -> {
                    if (!subscription.isLive(now) || subscription.isPeriodic()) {
                        return Mono.empty();
                    }
                    Notifications.Trigger reason = triggers.stream()
                            .filter(t -> subscription.wants(t.name(), t.attributes())).findFirst().orElse(null);
                    if (reason == null || !subscription.selects(entity) || throttled(subscription, now)) {
                        return Mono.empty();
                    }
                    return notification(subscription, change, reason, now)
                            .map(notification -> new NotificationDelivery.Outgoing(change.tenant(), subscription, notification));
                })
                .doOnNext(delivery::send)
                .then();
    }

    /** The notification, with the linked entities read first when the subscription joins them (4.5.23). */
    private Mono<ObjectNode> notification(CompiledSubscription subscription, EntityChange change, Notifications.Trigger reason,
                                          Instant now) {
        if (subscription.join() == null || change.after() == null) {
            return Mono.just(Notifications.notification(subscription, change, reason, now));
        }
        return linked.render(change.tenant(), change.after(), subscription.context(), subscription.render(), subscription.join(),
                        subscription.joinLevel(), Set.of())
                .map(data -> Notifications.notification(subscription,
                        data instanceof ArrayNode all ? all : JsonNodeFactory.instance.arrayNode().add(data), reason, now));
    }

    /** Within the throttling period of the last notification (5.2.12): this one is not sent. */
    private boolean throttled(CompiledSubscription subscription, Instant now) {
        if (subscription.throttling() == null || subscription.throttling() == 0) {
            return false;
        }
        Instant last = lastSent.get(subscription.id());
        if (last != null && now.isBefore(last.plusMillis((long) (subscription.throttling() * 1000)))) {
            return true;
        }
        lastSent.put(subscription.id(), now);
        return false;
    }

    private Mono<List<CompiledSubscription>> subscriptions(Tenant tenant, Instant now) {
        String key = key(tenant);
        Loaded loaded = tenants.computeIfAbsent(key, name -> new Loaded(load(tenant), now, false));
        if (!loaded.refreshing() && !loaded.at().plus(REFRESH).isAfter(now)) {
            Loaded refreshing = new Loaded(loaded.subscriptions(), loaded.at(), true);
            if (tenants.replace(key, loaded, refreshing)) {
                load(tenant).subscribe(
                        fresh -> tenants.replace(key, refreshing, new Loaded(Mono.just(fresh), clock.instant(), false)),
                        e -> {
                            log.warn("Reading the subscriptions again failed; matching goes on with those read before", e);
                            tenants.replace(key, refreshing, new Loaded(refreshing.subscriptions(), clock.instant(), false));
                        });
            }
        }
        return loaded.subscriptions();
    }

    /** The default tenant has no name. */
    private static String key(Tenant tenant) {
        return tenant.isDefault() ? "" : tenant.name();
    }

    private Mono<List<CompiledSubscription>> load(Tenant tenant) {
        return store.all(tenant)
                .concatMap(stored -> service.compile(stored)
                        .onErrorResume(e -> {
                            log.warn("Subscription {} cannot be matched: {}", stored.id(), e.getMessage());
                            return Mono.empty();
                        }))
                .collectList()
                .cache();
    }

    @Override
    public void destroy() {
        matching.dispose();
    }
}
