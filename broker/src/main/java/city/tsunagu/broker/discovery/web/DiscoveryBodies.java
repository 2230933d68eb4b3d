package city.tsunagu.broker.discovery.web;

import city.tsunagu.broker.discovery.model.AttributeInfo;
import city.tsunagu.broker.discovery.model.AttributeSummary;
import city.tsunagu.broker.discovery.model.EntityType;
import city.tsunagu.broker.discovery.model.EntityTypeInfo;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.ld.LdContext;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of the discovery data types (ETSI GS CIM 009 v1.9.1, 5.2.24-5.2.28): type and
 * attribute names compacted with the request's @context, the {@code id} of a described type or
 * attribute left expanded, lists sorted by compacted name so that answers are stable.
 */
final class DiscoveryBodies {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ATTRIBUTE = "Attribute";

    private DiscoveryBodies() {
    }

    /** EntityTypeList (5.2.24). */
    static ObjectNode entityTypeList(Collection<String> types, LdContext ctx) {
        ObjectNode body = list("EntityTypeList");
        body.set("typeList", compactedSorted(types, ctx));
        return body;
    }

    /** An array of EntityType (5.2.25). */
    static ArrayNode entityTypes(Collection<EntityType> types, LdContext ctx) {
        ArrayNode body = NODES.arrayNode();
        sortedBy(types, t -> ctx.compact(t.type())).forEach(type -> {
            ObjectNode item = body.addObject();
            item.put("id", type.type());
            item.put("type", "EntityType");
            item.put("typeName", ctx.compact(type.type()));
            item.set("attributeNames", compactedSorted(type.attributeNames(), ctx));
        });
        return body;
    }

    /** EntityTypeInfo (5.2.26). */
    static ObjectNode entityTypeInfo(EntityTypeInfo info, LdContext ctx) {
        ObjectNode body = NODES.objectNode();
        body.put("id", info.type());
        body.put("type", "EntityTypeInfo");
        body.put("typeName", ctx.compact(info.type()));
        body.put("entityCount", info.entityCount());
        ArrayNode details = body.putArray("attributeDetails");
        sortedBy(info.attributeDetails().entrySet(), e -> ctx.compact(e.getKey())).forEach(attribute -> {
            ObjectNode item = attribute(attribute.getKey(), ctx);
            item.set("attributeTypes", kinds(attribute.getValue()));
            details.add(item);
        });
        return body;
    }

    /** AttributeList (5.2.27). */
    static ObjectNode attributeList(Collection<String> names, LdContext ctx) {
        ObjectNode body = list("AttributeList");
        body.set("attributeList", compactedSorted(names, ctx));
        return body;
    }

    /** An array of Attribute (5.2.28) with the types that carry each. */
    static ArrayNode attributes(Collection<AttributeSummary> attributes, LdContext ctx) {
        ArrayNode body = NODES.arrayNode();
        sortedBy(attributes, a -> ctx.compact(a.name())).forEach(attribute -> {
            ObjectNode item = attribute(attribute.name(), ctx);
            item.set("typeNames", compactedSorted(attribute.typeNames(), ctx));
            body.add(item);
        });
        return body;
    }

    /** One Attribute (5.2.28) with all its members. */
    static ObjectNode attributeInfo(AttributeInfo info, LdContext ctx) {
        ObjectNode body = attribute(info.name(), ctx);
        body.put("attributeCount", info.attributeCount());
        body.set("attributeTypes", kinds(info.attributeTypes()));
        body.set("typeNames", compactedSorted(info.typeNames(), ctx));
        return body;
    }

    private static ObjectNode list(String type) {
        ObjectNode body = NODES.objectNode();
        body.put("id", "urn:ngsi-ld:" + type + ":" + UUID.randomUUID());
        body.put("type", type);
        return body;
    }

    private static ObjectNode attribute(String name, LdContext ctx) {
        ObjectNode item = NODES.objectNode();
        item.put("id", name);
        item.put("type", ATTRIBUTE);
        item.put("attributeName", ctx.compact(name));
        return item;
    }

    private static ArrayNode kinds(Set<AttributeKind> kinds) {
        ArrayNode array = NODES.arrayNode();
        kinds.stream().sorted().forEach(kind -> array.add(kind.typeName()));
        return array;
    }

    private static ArrayNode compactedSorted(Collection<String> iris, LdContext ctx) {
        ArrayNode array = NODES.arrayNode();
        iris.stream().map(ctx::compact).sorted().forEach(array::add);
        return array;
    }

    private static <T> List<T> sortedBy(Collection<T> items, Function<T, String> key) {
        return items.stream().sorted(Comparator.comparing(key)).toList();
    }
}
