package city.tsunagu.broker.entity.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells listeners (subscriptions; later the history) of every entity change the store has
 * acknowledged, whichever write path made it. Listeners run on the thread that completed the
 * write and must only hand the change on, never block; one that throws does not stop the others.
 */
@Component
public class EntityChanges {
    private static final Logger log = LoggerFactory.getLogger(EntityChanges.class);

    private final List<Consumer<EntityChange>> listeners = new CopyOnWriteArrayList<>();

    public void listen(Consumer<EntityChange> listener) {
        listeners.add(listener);
    }

    void publish(EntityChange change) {
        for (Consumer<EntityChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                log.error("A listener failed on the change of entity {}", change.entityId(), e);
            }
        }
    }
}
