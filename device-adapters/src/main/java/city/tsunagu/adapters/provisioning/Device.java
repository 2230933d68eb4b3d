package city.tsunagu.adapters.provisioning;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A provisioned device: which entity its readings update and how. {@code explicitAttrs} is null
 * when the device does not say, so that its config group decides. {@code json} is the device as
 * provisioned, with the entity name filled in.
 */
public record Device(
        ServiceScope scope,
        String deviceId,
        String entityName,
        String entityType,
        String apikey,
        String transport,
        List<AttributeMapping> attributes,
        List<StaticAttribute> staticAttributes,
        List<String> commands,
        Boolean explicitAttrs,
        ObjectNode json) {

    /** The entity id the IoT Agents give a device that is not named: {@code urn:ngsi-ld:<type>:<id>}. */
    public static String defaultEntityName(String entityType, String deviceId) {
        return "urn:ngsi-ld:" + entityType + ":" + deviceId;
    }
}
