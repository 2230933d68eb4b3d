package city.tsunagu.broker.discovery.model;

import city.tsunagu.broker.entity.model.AttributeKind;
import java.util.Set;

/**
 * Everything the Attribute data type (5.2.28) says about one attribute name, as Retrieve
 * Available Attribute Information (5.7.10) returns it: the number of attribute instances with
 * that name (every datasetId counts), their kinds, and the entity types that carry them.
 */
public record AttributeInfo(String name, long attributeCount, Set<AttributeKind> attributeTypes, Set<String> typeNames) {
    public AttributeInfo {
        attributeTypes = Set.copyOf(attributeTypes);
        typeNames = Set.copyOf(typeNames);
    }
}
