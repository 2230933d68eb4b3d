package city.tsunagu.broker.entity.service;

import city.tsunagu.broker.entity.model.Attribute;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pure functions on attribute instances: system timestamps and replacing by datasetId. */
final class Attributes {
    private Attributes() {
    }

    /** Stamps an instance and its sub-attributes: created keeps {@code previous}'s createdAt. */
    static Attribute stamp(Attribute attribute, Attribute previous, Instant now) {
        Instant created = previous != null && previous.createdAt() != null ? previous.createdAt() : now;
        Map<String, Attribute> subs = new LinkedHashMap<>();
        attribute.subAttributes().forEach((name, sub) -> {
            Attribute previousSub = previous == null ? null : previous.subAttributes().get(name);
            subs.put(name, stamp(sub, previousSub, now));
        });
        return attribute.withSubAttributes(subs).withTimestamps(created, now);
    }

    static Optional<Attribute> instance(List<Attribute> instances, String datasetId) {
        if (instances == null) {
            return Optional.empty();
        }
        return instances.stream().filter(i -> i.sameDataset(datasetId)).findFirst();
    }

    /** The instances with {@code replacement} put in place of the one with the same datasetId, or added. */
    static List<Attribute> putInstance(List<Attribute> instances, Attribute replacement) {
        List<Attribute> result = new ArrayList<>(instances == null ? List.of() : instances);
        for (int i = 0; i < result.size(); i++) {
            if (result.get(i).sameDataset(replacement.datasetId())) {
                result.set(i, replacement);
                return result;
            }
        }
        result.add(replacement);
        return result;
    }

    static List<Attribute> removeInstance(List<Attribute> instances, String datasetId) {
        List<Attribute> result = new ArrayList<>(instances);
        result.removeIf(i -> i.sameDataset(datasetId));
        return result;
    }
}
