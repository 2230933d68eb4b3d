package city.tsunagu.broker.discovery.model;

import city.tsunagu.broker.entity.model.AttributeKind;
import java.util.Map;
import java.util.Set;

/**
 * What is known about one entity type (EntityTypeInfo, 5.2.26): how many entities have it and,
 * per attribute name (expanded IRI), the kinds of attribute instances seen under that name.
 */
public record EntityTypeInfo(String type, long entityCount, Map<String, Set<AttributeKind>> attributeDetails) {
    public EntityTypeInfo {
        attributeDetails = Map.copyOf(attributeDetails);
    }
}
