package city.tsunagu.broker.temporal;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.store.EntityChange;
import city.tsunagu.broker.entity.store.EntityChanges;
import city.tsunagu.broker.temporal.store.TemporalStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Turns every entity change into history (architecture decision 7): each attribute instance that
 * a write created or changed becomes a {@link TemporalInstance}, and the entity's last known state
 * is kept for temporal queries. It is a recorder of {@link EntityChanges}, so the write that made
 * the change is acknowledged only once its history is stored: an accepted write never loses its
 * history instance to a crash or a full queue between acknowledgement and recording. A deleted
 * entity's history is kept (marked with the deletion time) or deleted, as configured.
 */
@Component
public class HistoryRecorder {
    private final TemporalStore store;
    private final TemporalProperties properties;
    private final Clock clock;

    public HistoryRecorder(TemporalStore store, TemporalProperties properties, EntityChanges changes) {
        this.store = store;
        this.properties = properties;
        this.clock = Clock.systemUTC();
        changes.record(this::record);
    }

    Mono<Void> record(EntityChange change) {
        if (change.after() == null) {
            return properties.keepDeletedEntities()
                    ? store.markDeleted(change.tenant(), change.entityId(), clock.instant())
                    : store.deleteEntity(change.tenant(), change.entityId()).then();
        }
        List<TemporalInstance> instances = changedInstances(change.before(), change.after());
        return Mono.when(store.append(change.tenant(), instances), store.putEntity(change.tenant(), change.after()));
    }

    /** The instances of {@code after} that {@code before} (null for a new entity) did not have as they are. */
    static List<TemporalInstance> changedInstances(Entity before, Entity after) {
        List<TemporalInstance> changed = new ArrayList<>();
        for (Map.Entry<String, List<Attribute>> attribute : after.attributes().entrySet()) {
            List<Attribute> previous = before == null ? List.of() : before.attributes().getOrDefault(attribute.getKey(), List.of());
            for (Attribute instance : attribute.getValue()) {
                if (!previous.contains(instance)) {
                    changed.add(TemporalInstance.of(after.id(), attribute.getKey(), instance));
                }
            }
        }
        return changed;
    }
}
