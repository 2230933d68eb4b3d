package city.tsunagu.broker.subscription;

import city.tsunagu.broker.entity.web.EntityRenderer;
import city.tsunagu.broker.query.EntityQueryStore;
import city.tsunagu.broker.tenant.Tenant;
import city.tsunagu.broker.tenant.TenantDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Periodic notifications (timeInterval, 5.2.12): once a second the due subscriptions of every
 * tenant are claimed in the store and each is sent the entities it selects at that moment, up to
 * {@link #MAX_ENTITIES}.
 */
@Component
public class PeriodicNotifier implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(PeriodicNotifier.class);
    static final int MAX_ENTITIES = 1000;
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final EntityRenderer RENDERER = new EntityRenderer();

    private final Disposable ticking;

    public PeriodicNotifier(TenantDatabases tenants, SubscriptionStore store, SubscriptionService service,
                            EntityQueryStore entities, NotificationDelivery delivery, Clock clock) {
        this.ticking = Flux.interval(TICK)
                .onBackpressureDrop()
                .concatMap(tick -> {
                    Instant now = clock.instant();
                    return Flux.concat(Mono.just(Tenant.DEFAULT), tenants.tenantNames().map(Tenant::new))
                            .concatMap(tenant -> store.claimDue(tenant, now)
                                    .filter(due -> "active".equals(due.status(now)))
                                    .concatMap(service::compile)
                                    .concatMap(subscription -> selected(entities, tenant, subscription)
                                            .filter(data -> !data.isEmpty())
                                            .doOnNext(data -> delivery.send(new NotificationDelivery.Outgoing(tenant, subscription,
                                                    Notifications.notification(subscription, data, null, now))))))
                            .then()
                            .onErrorResume(e -> {
                                log.error("Periodic notifications failed this round", e);
                                return Mono.empty();
                            });
                })
                .subscribe();
    }

    /** The entities the subscription selects now, in its notification's representation. */
    private static Mono<ArrayNode> selected(EntityQueryStore entities, Tenant tenant, CompiledSubscription subscription) {
        return entities.find(tenant, subscription.query(MAX_ENTITIES))
                .map(entity -> RENDERER.render(entity, subscription.context(), subscription.render()))
                .collect(JsonNodeFactory.instance::arrayNode, ArrayNode::add);
    }

    @Override
    public void destroy() {
        ticking.dispose();
    }
}
