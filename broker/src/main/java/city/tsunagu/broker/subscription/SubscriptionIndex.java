package city.tsunagu.broker.subscription;

import city.tsunagu.broker.entity.model.Entity;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's subscriptions indexed by the entity ids and types their selectors name, so that a
 * change is matched against the few subscriptions that can select its entity rather than all of
 * them (apps that follow one bus each are most subscriptions of a city).
 */
final class SubscriptionIndex {
    private final List<CompiledSubscription> all;
    private final Map<String, BitSet> byKey = new HashMap<>();
    private final BitSet everyEntity = new BitSet();

    SubscriptionIndex(List<CompiledSubscription> subscriptions) {
        this.all = List.copyOf(subscriptions);
        for (int i = 0; i < all.size(); i++) {
            List<String> keys = all.get(i).candidateKeys();
            if (keys.isEmpty()) {
                everyEntity.set(i);
            }
            for (String key : keys) {
                byKey.computeIfAbsent(key, k -> new BitSet()).set(i);
            }
        }
    }

    static String idKey(String id) {
        return "id " + id;
    }

    static String typeKey(String type) {
        return "type " + type;
    }

    /** The subscriptions that may select the entity, in the order they were read. */
    List<CompiledSubscription> candidates(Entity entity) {
        BitSet positions = (BitSet) everyEntity.clone();
        or(positions, idKey(entity.id()));
        entity.types().forEach(type -> or(positions, typeKey(type)));
        List<CompiledSubscription> candidates = new ArrayList<>(positions.cardinality());
        positions.stream().forEach(i -> candidates.add(all.get(i)));
        return candidates;
    }

    private void or(BitSet positions, String key) {
        BitSet indexed = byKey.get(key);
        if (indexed != null) {
            positions.or(indexed);
        }
    }
}
