package city.tsunagu.broker.subscription;

import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.store.EntityChange;
import city.tsunagu.broker.entity.service.EntityService;
import city.tsunagu.broker.entity.store.EntityChanges;
import city.tsunagu.broker.entity.web.EntityRenderer;
import city.tsunagu.broker.entity.web.LinkedEntityRetrieval;
import city.tsunagu.broker.query.EntityQueryStore;
import city.tsunagu.broker.query.language.Condition;
import city.tsunagu.broker.query.language.LinkedEntities;
import city.tsunagu.broker.tenant.Tenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
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

    /** A subscription of a tenant (ids are unique within a tenant only). */
    private record Sent(String tenant, String subscription) {
    }

    /**
     * A tenant's subscriptions as read at {@code nanoTime} (the refresh is measured in elapsed
     * time, not by the clock of the data); {@code refreshing} while a periodic read of them runs.
     */
    private record Loaded(Mono<SubscriptionIndex> subscriptions, long nanoTime, boolean refreshing) {
        boolean isFresh(long now) {
            return now - nanoTime < REFRESH.toNanos();
        }
    }

    private final SubscriptionStore store;
    private final SubscriptionService service;
    private final NotificationDelivery delivery;
    private final Clock clock;
    private final EntityQueryStore queries;
    private final LinkedEntityRetrieval linked;
    private final Counter dropped;
    private final Map<String, Loaded> tenants = new ConcurrentHashMap<>();
    /**
     * When each throttled subscription last notified. An entry leaves when its subscription is
     * deleted here, and, when the tenant's subscriptions are read again, if its subscription is
     * gone (deleted through another instance) or its period is over, so the map holds at most the
     * throttled subscriptions within their period.
     */
    private final Map<Sent, Instant> lastSent = new ConcurrentHashMap<>();
    private final Disposable matching;

    public SubscriptionMatcher(EntityChanges changes, SubscriptionStore store, SubscriptionService service,
                               NotificationDelivery delivery, EntityService entities, EntityQueryStore queries, Clock clock,
                               MeterRegistry meters) {
        this.queries = queries;
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
        service.onDelete((tenant, id) -> lastSent.remove(new Sent(key(tenant), id)));
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
        return subscriptions(change.tenant())
                .flatMapMany(index -> Flux.fromIterable(index.candidates(entity)))
                .concatMap(subscription -> {
                    if (!subscription.isLive(now) || subscription.isPeriodic()) {
                        return Mono.empty();
                    }
                    Notifications.Trigger reason = triggers.stream()
                            .filter(t -> subscription.wants(t.name(), t.attributes())).findFirst().orElse(null);
                    if (reason == null || !subscription.selectsApartFromLinks(entity)) {
                        return Mono.empty();
                    }
                    return selects(change.tenant(), subscription, entity)
                            .filter(selected -> selected && !throttled(change.tenant(), subscription, now))
                            .flatMap(selected -> notification(subscription, change, reason, now))
                            .map(notification -> new NotificationDelivery.Outgoing(change.tenant(), subscription, notification));
                })
                .doOnNext(delivery::send)
                .then();
    }

    /** Whether the subscription selects the entity, with the entities its q reaches through Relationships read now (4.9). */
    private Mono<Boolean> selects(Tenant tenant, CompiledSubscription subscription, Entity entity) {
        Condition linkedCondition = subscription.linkedCondition();
        if (linkedCondition == null) {
            return Mono.just(subscription.selects(entity, LinkedEntities.NONE));
        }
        return queries.linkedEntities(tenant, entity, linkedCondition).map(found -> subscription.selects(entity, found));
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
    private boolean throttled(Tenant tenant, CompiledSubscription subscription, Instant now) {
        if (subscription.throttling() == null || subscription.throttling() == 0) {
            return false;
        }
        Sent key = new Sent(key(tenant), subscription.id());
        Instant last = lastSent.get(key);
        if (last != null && now.isBefore(last.plus(period(subscription)))) {
            return true;
        }
        lastSent.put(key, now);
        return false;
    }

    private static Duration period(CompiledSubscription subscription) {
        return Duration.ofMillis((long) (subscription.throttling() * 1000));
    }

    /** Forgets when the tenant's subscriptions last notified where that no longer holds anything back. */
    private void prune(Tenant tenant, List<CompiledSubscription> subscriptions) {
        String name = key(tenant);
        Map<String, Duration> periods = new HashMap<>();
        subscriptions.stream().filter(s -> s.throttling() != null).forEach(s -> periods.put(s.id(), period(s)));
        Instant now = clock.instant();
        lastSent.entrySet().removeIf(sent -> sent.getKey().tenant().equals(name) && (!periods.containsKey(sent.getKey().subscription())
                || !now.isBefore(sent.getValue().plus(periods.get(sent.getKey().subscription())))));
    }

    /** The subscriptions whose last notification holds back the next, for tests. */
    Set<String> throttledSubscriptions(Tenant tenant) {
        return lastSent.keySet().stream().filter(sent -> sent.tenant().equals(key(tenant))).map(Sent::subscription)
                .collect(Collectors.toSet());
    }

    /**
     * The tenant's subscriptions. Read again every {@link #REFRESH} in the background: matching
     * goes on with those read before while the store is slow to list them under write load.
     */
    private Mono<SubscriptionIndex> subscriptions(Tenant tenant) {
        String key = key(tenant);
        long now = System.nanoTime();
        Loaded loaded = tenants.computeIfAbsent(key, name -> new Loaded(load(tenant), now, false));
        if (!loaded.refreshing() && !loaded.isFresh(now)) {
            Loaded refreshing = new Loaded(loaded.subscriptions(), loaded.nanoTime(), true);
            if (tenants.replace(key, loaded, refreshing)) {
                load(tenant).subscribe(
                        fresh -> tenants.replace(key, refreshing, new Loaded(Mono.just(fresh), System.nanoTime(), false)),
                        e -> {
                            log.warn("Reading the subscriptions again failed; matching goes on with those read before", e);
                            tenants.replace(key, refreshing, new Loaded(refreshing.subscriptions(), System.nanoTime(), false));
                        });
            }
        }
        return loaded.subscriptions();
    }

    /** The default tenant has no name. */
    private static String key(Tenant tenant) {
        return tenant.isDefault() ? "" : tenant.name();
    }

    private Mono<SubscriptionIndex> load(Tenant tenant) {
        return store.all(tenant)
                .concatMap(stored -> service.compile(stored)
                        .onErrorResume(e -> {
                            log.warn("Subscription {} cannot be matched: {}", stored.id(), e.getMessage());
                            return Mono.empty();
                        }))
                .collectList()
                .doOnNext(subscriptions -> prune(tenant, subscriptions))
                .map(SubscriptionIndex::new)
                .cache();
    }

    @Override
    public void destroy() {
        matching.dispose();
    }
}
