package city.tsunagu.broker.temporal.web;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.ld.LdContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads temporal entity fragments (5.2.20): an entity whose attributes hold any number of
 * instances, several of them with the same datasetId (the same attribute at different times).
 * Each instance is checked as an attribute of the entity API is.
 */
final class TemporalBodies {
    private final EntityParser parser = new EntityParser();

    /** A whole temporal entity (id and type required). */
    Entity entity(JsonNode body, LdContext ctx) {
        if (body == null || !body.isObject()) {
            throw new BadRequestDataException("The temporal entity must be a JSON object");
        }
        ObjectNode head = ((ObjectNode) body).objectNode();
        for (String member : List.of("id", "@id", "type", "@type", "scope")) {
            if (body.has(member)) {
                head.set(member, body.get(member));
            }
        }
        Entity parsed = parser.parseEntity(head, ctx);
        return parsed.withAttributes(attributes((ObjectNode) body, ctx));
    }

    /** The attributes of a temporal fragment, each a list of instances. */
    Map<String, List<Attribute>> attributes(ObjectNode body, LdContext ctx) {
        Map<String, List<Attribute>> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : body.properties()) {
            String name = member.getKey();
            if (NgsiLd.ENTITY_MEMBERS.contains(name)) {
                continue;
            }
            if (NgsiLd.RESERVED_ATTRIBUTE_NAMES.contains(name)) {
                throw new BadRequestDataException("'" + name + "' is a member of attributes and cannot name an attribute");
            }
            List<Attribute> instances = new ArrayList<>();
            JsonNode value = member.getValue();
            if (value.isArray()) {
                if (value.isEmpty()) {
                    throw new BadRequestDataException("Attribute " + name + " has no instances");
                }
                for (JsonNode element : value) {
                    instances.add(parser.parseAttribute(name, element, ctx, false));
                }
            } else {
                instances.add(parser.parseAttribute(name, value, ctx, false));
            }
            attributes.put(EntityParser.expandName(name, ctx), instances);
        }
        return attributes;
    }
}
