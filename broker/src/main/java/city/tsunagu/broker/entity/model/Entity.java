package city.tsunagu.broker.entity.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An NGSI-LD entity with expanded type and attribute IRIs. Attributes map an expanded name to
 * its instances (one per datasetId). Immutable: updates build a new entity.
 */
public record Entity(
        String id,
        List<String> types,
        List<String> scopes,
        Map<String, List<Attribute>> attributes,
        Instant createdAt,
        Instant modifiedAt) {

    public Entity {
        Objects.requireNonNull(id, "id");
        types = List.copyOf(types);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        attributes = attributes == null ? Map.of() : attributes;
    }

    public Entity withAttributes(Map<String, List<Attribute>> attrs) {
        return new Entity(id, types, scopes, attrs, createdAt, modifiedAt);
    }

    public Entity withTimestamps(Instant created, Instant modified) {
        return new Entity(id, types, scopes, attributes, created, modified);
    }

    public Entity withTypesAndScopes(List<String> newTypes, List<String> newScopes) {
        return new Entity(id, newTypes, newScopes, attributes, createdAt, modifiedAt);
    }

    /** A mutable copy of the attribute map, in insertion order, for building an updated entity. */
    public LinkedHashMap<String, List<Attribute>> attributesCopy() {
        LinkedHashMap<String, List<Attribute>> copy = new LinkedHashMap<>();
        attributes.forEach((name, instances) -> copy.put(name, List.copyOf(instances)));
        return copy;
    }
}
