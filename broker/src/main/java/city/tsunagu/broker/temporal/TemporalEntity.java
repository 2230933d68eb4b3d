package city.tsunagu.broker.temporal;

import city.tsunagu.broker.entity.model.Entity;
import java.util.List;
import java.util.Map;

/**
 * The temporal evolution of one entity as answered: its last known id, types and scopes, and the
 * instances of each attribute (expanded name) in time order.
 */
public record TemporalEntity(Entity state, Map<String, List<TemporalInstance>> attributes) {
}
