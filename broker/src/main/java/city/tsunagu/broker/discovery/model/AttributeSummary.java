package city.tsunagu.broker.discovery.model;

import java.util.Set;

/**
 * An attribute name with the entity types whose instances carry it: the Attribute data type
 * (5.2.28) as listed by Retrieve Details of Available Attributes (5.7.9). Expanded IRIs.
 */
public record AttributeSummary(String name, Set<String> typeNames) {
    public AttributeSummary {
        typeNames = Set.copyOf(typeNames);
    }
}
