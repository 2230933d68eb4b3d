package city.tsunagu.broker.ld;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often and when a stored @context was last used to resolve a request: the numberOfHits and
 * lastUsage of its details (5.13.4). Counted in memory, per broker instance.
 */
final class ContextUsage {
    private final LongAdder hits = new LongAdder();
    private volatile long lastUsageMillis;

    void hit(long nowMillis) {
        hits.increment();
        lastUsageMillis = nowMillis;
    }

    long hits() {
        return hits.sum();
    }

    /** When it was last used, or null if never. */
    Instant lastUsage() {
        long last = lastUsageMillis;
        return last == 0 ? null : Instant.ofEpochMilli(last);
    }
}
