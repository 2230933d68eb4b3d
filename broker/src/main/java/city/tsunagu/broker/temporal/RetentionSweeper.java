package city.tsunagu.broker.temporal;

import city.tsunagu.broker.temporal.store.TemporalStore;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes history older than the retention (tsunagu.temporal.retention) every retention-sweep,
 * a whole bucket (an hour of a series) at a time once all of it is older; reads already leave out
 * the instances older than the retention, so answers do not wait for the sweep.
 */
@Component
public class RetentionSweeper implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

    private final TemporalStore store;
    private final TemporalProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final Disposable sweeping;

    public RetentionSweeper(TemporalStore store, TemporalProperties properties) {
        this.store = store;
        this.properties = properties;
        this.sweeping = properties.retention() == null ? null
                : Flux.interval(properties.retentionSweep(), properties.retentionSweep())
                        .concatMap(tick -> sweep(clock.instant())
                                .onErrorResume(e -> {
                                    log.warn("The retention sweep failed; the next one tries again", e);
                                    return Mono.empty();
                                }))
                        .subscribe();
    }

    /** Deletes the buckets that ended before {@code now} minus the retention; the number deleted. */
    public Mono<Long> sweep(Instant now) {
        if (properties.retention() == null) {
            return Mono.just(0L);
        }
        return store.deleteBefore(now.minus(properties.retention()));
    }

    @Override
    public void destroy() {
        if (sweeping != null) {
            sweeping.dispose();
        }
    }
}
