package city.tsunagu.broker.discovery.model;

import java.util.Set;

/**
 * An entity type with the names of the attributes its instances carry (EntityType, ETSI GS CIM
 * 009 v1.9.1, 5.2.25). Names are expanded IRIs; compaction is the renderer's business.
 */
public record EntityType(String type, Set<String> attributeNames) {
    public EntityType {
        attributeNames = Set.copyOf(attributeNames);
    }
}
