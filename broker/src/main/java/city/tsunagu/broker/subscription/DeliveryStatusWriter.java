package city.tsunagu.broker.subscription;

import city.tsunagu.broker.tenant.Tenant;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Writes notification outcomes into the subscriptions' status (timesSent, timesFailed,
 * lastNotification, lastSuccess, lastFailure) without holding up delivery: one store write per
 * subscription at a time, and the outcomes that arrive meanwhile are added up into the next one.
 * At a notification now and then that is a write each, as before; a busy subscription costs the
 * store a write per round trip instead of one per notification.
 */
final class DeliveryStatusWriter {
    private static final Logger log = LoggerFactory.getLogger(DeliveryStatusWriter.class);

    private record Key(Tenant tenant, String subscription) {
    }

    /** Outcomes not written yet; {@code writing} while a write of this subscription's status runs. */
    private record Pending(long attempts, long failures, Instant lastNotification, Instant lastSuccess, Instant lastFailure,
                           boolean writing) {
        static final Pending NONE = new Pending(0, 0, null, null, null, false);

        Pending plus(boolean success, Instant at) {
            return new Pending(attempts + 1, failures + (success ? 0 : 1), latest(lastNotification, at),
                    success ? latest(lastSuccess, at) : lastSuccess, success ? lastFailure : latest(lastFailure, at), writing);
        }

        boolean isEmpty() {
            return attempts == 0;
        }

        private static Instant latest(Instant a, Instant b) {
            return a == null || b.isAfter(a) ? b : a;
        }
    }

    private final SubscriptionStore store;
    private final Map<Key, Pending> pending = new ConcurrentHashMap<>();

    DeliveryStatusWriter(SubscriptionStore store) {
        this.store = store;
    }

    void record(Tenant tenant, String subscription, boolean success, Instant at) {
        Key key = new Key(tenant, subscription);
        Pending[] toWrite = new Pending[1];
        pending.compute(key, (k, current) -> {
            Pending next = (current == null ? Pending.NONE : current).plus(success, at);
            if (next.writing()) {
                return next;
            }
            toWrite[0] = next;
            return new Pending(0, 0, null, null, null, true);
        });
        if (toWrite[0] != null) {
            write(key, toWrite[0]);
        }
    }

    private void write(Key key, Pending outcomes) {
        store.recordDelivery(key.tenant(), key.subscription(), outcomes.attempts(), outcomes.failures(),
                        outcomes.lastNotification(), outcomes.lastSuccess(), outcomes.lastFailure())
                .doOnError(e -> log.warn("Could not record the notification status of subscription {}", key.subscription(), e))
                .onErrorResume(e -> Mono.empty())
                .doFinally(signal -> next(key))
                .subscribe();
    }

    /** After a write: the outcomes added up meanwhile go next, or the entry goes. */
    private void next(Key key) {
        Pending[] toWrite = new Pending[1];
        pending.computeIfPresent(key, (k, current) -> {
            if (current.isEmpty()) {
                return null;
            }
            toWrite[0] = current;
            return new Pending(0, 0, null, null, null, true);
        });
        if (toWrite[0] != null) {
            write(key, toWrite[0]);
        }
    }
}
