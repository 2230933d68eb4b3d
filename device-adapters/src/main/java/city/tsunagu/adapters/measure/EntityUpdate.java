package city.tsunagu.adapters.measure;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one reading changes: attributes of one entity in one tenant (null = the default
 * tenant), in NGSI-LD normalized form, ready for a batch upsert.
 *
 * @param source the device, for logs and for the per-service metrics
 */
public record EntityUpdate(String tenant, String entityId, String entityType, ObjectNode attributes, String service,
                           String source) {

    /** The entity as an element of a batch upsert. */
    public ObjectNode toNgsiLd() {
        ObjectNode entity = JsonNodeFactory.instance.objectNode();
        entity.put("id", entityId);
        entity.put("type", entityType);
        entity.setAll(attributes);
        return entity;
    }
}
