package city.tsunagu.broker.entity.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells the parts that follow entities of every change the store has written, whichever write
 * path made it. Two kinds:
 * <ul>
 * <li>recorders (the history) are part of the write: the store completes a write only after
 * every recorder's Mono has completed, so a request is acknowledged only when what it changed is
 * also recorded, and a recorder's failure fails the request (the entity change itself stays
 * written: there are no transactions; the client sees 500 and may repeat the request);</li>
 * <li>listeners (subscriptions) are told after the recorders, on the thread that completed the
 * write, and must only hand the change on, never block; one that throws does not stop the others.</li>
 * </ul>
 */
@Component
public class EntityChanges {
    private static final Logger log = LoggerFactory.getLogger(EntityChanges.class);

    private final List<Function<EntityChange, Mono<Void>>> recorders = new CopyOnWriteArrayList<>();
    private final List<Consumer<EntityChange>> listeners = new CopyOnWriteArrayList<>();

    public void listen(Consumer<EntityChange> listener) {
        listeners.add(listener);
    }

    /** Adds a recorder whose Mono completes when the change is durably recorded. */
    public void record(Function<EntityChange, Mono<Void>> recorder) {
        recorders.add(recorder);
    }

    Mono<Void> publish(EntityChange change) {
        Mono<Void> recorded = recorders.isEmpty() ? Mono.empty()
                : Flux.fromIterable(recorders).concatMap(recorder -> recorder.apply(change)).then();
        return recorded.then(Mono.fromRunnable(() -> notifyListeners(change)));
    }

    private void notifyListeners(EntityChange change) {
        for (Consumer<EntityChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                log.error("A listener failed on the change of entity {}", change.entityId(), e);
            }
        }
    }
}
