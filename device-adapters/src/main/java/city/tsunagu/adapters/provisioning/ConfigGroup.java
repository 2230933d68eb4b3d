package city.tsunagu.adapters.provisioning;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A config group: the template of every device that sends with its {@code apikey} (unique
 * together with {@code resource}). {@code json} is the group as provisioned, returned as is.
 */
public record ConfigGroup(
        ServiceScope scope,
        String apikey,
        String resource,
        String entityType,
        List<AttributeMapping> attributes,
        List<StaticAttribute> staticAttributes,
        List<String> commands,
        boolean explicitAttrs,
        boolean autoprovision,
        String entityNameExp,
        ObjectNode json) {
}
