package city.tsunagu.broker.entity.service;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.entity.web.EntityRenderer;
import city.tsunagu.broker.entity.web.RenderOptions;
import city.tsunagu.broker.ld.LdContext;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges an attribute fragment into an existing attribute at the JSON level, in the request's
 * context, then parses the result: the same validation applies to merged attributes as to new
 * ones. Used by Merge Entity (5.6.17, merge-patch semantics with "urn:ngsi-ld:null" as null) and
 * Partial Attribute Update (5.6.4, members replaced whole).
 */
final class AttributeMerge {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final java.util.Set<String> VALUE_MEMBERS = java.util.Set.of("value", "object", "languageMap",
            "vocab", "json", "valueList", "objectList");

    private final EntityRenderer renderer = new EntityRenderer();
    private final EntityParser parser = new EntityParser();

    /**
     * @param mergePatch true for Merge Entity: compound values and sub-attributes are merged
     *                   recursively and "urn:ngsi-ld:null" removes; false: members replaced whole
     */
    Attribute merge(String name, Attribute existing, JsonNode fragment, LdContext ctx, boolean mergePatch) {
        ObjectNode base = (ObjectNode) renderer.renderAttribute(existing, ctx, RenderOptions.DEFAULT);
        ObjectNode patch = fragment.isObject() ? (ObjectNode) fragment : wrapBareValue(fragment);
        if (declaresOtherKind(patch, existing.kind())) {
            if (!mergePatch) {
                throw new BadRequestDataException("Attribute " + name + " is a " + existing.kind().typeName()
                        + "; a partial update cannot change its type: replace the attribute instead");
            }
            base.remove("type");
            VALUE_MEMBERS.forEach(base::remove);
        }
        ObjectNode merged = mergeMembers(base, patch, mergePatch);
        if (!patch.has("type") && !declaresValue(patch)) {
            merged.put("type", existing.kind().typeName());
        }
        return parser.parseAttribute(name, merged, ctx, false);
    }

    private static ObjectNode wrapBareValue(JsonNode value) {
        ObjectNode wrapped = NODES.objectNode();
        wrapped.set("value", value);
        return wrapped;
    }

    private static boolean declaresValue(ObjectNode patch) {
        return VALUE_MEMBERS.stream().anyMatch(patch::has);
    }

    private static boolean declaresOtherKind(ObjectNode patch, AttributeKind kind) {
        JsonNode type = patch.get("type");
        if (type != null && type.isString()) {
            return AttributeKind.fromType(type.stringValue()).map(k -> k != kind).orElse(true);
        }
        for (String member : VALUE_MEMBERS) {
            if (patch.has(member) && !member.equals(kind.valueMember())
                    && !(kind == AttributeKind.GEO_PROPERTY && member.equals("value"))) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode mergeMembers(ObjectNode base, ObjectNode patch, boolean mergePatch) {
        ObjectNode result = base.deepCopy();
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            String key = member.getKey();
            JsonNode value = member.getValue();
            JsonNode current = result.get(key);
            if (mergePatch && EntityParser.isNullMarker(value)) {
                result.remove(key);
            } else if (mergePatch && current != null && current.isObject() && value.isObject()) {
                boolean subAttribute = !NgsiLd.ATTRIBUTE_MEMBERS.contains(key);
                result.set(key, subAttribute ? mergeMembers((ObjectNode) current, (ObjectNode) value, true)
                        : mergeValue((ObjectNode) current, (ObjectNode) value));
            } else if (mergePatch && current != null && current.isObject() && !value.isObject()
                    && !NgsiLd.ATTRIBUTE_MEMBERS.contains(key)) {
                // a sub-attribute given concisely: its new value
                ObjectNode sub = ((ObjectNode) current).deepCopy();
                sub.set(sub.has("object") ? "object" : "value", value);
                result.set(key, sub);
            } else {
                result.set(key, value);
            }
        }
        return result;
    }

    /** RFC 7396 inside a compound value, with "urn:ngsi-ld:null" (or JSON null) removing a key. */
    private static JsonNode mergeValue(ObjectNode current, ObjectNode patch) {
        ObjectNode result = current.deepCopy();
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            JsonNode value = member.getValue();
            JsonNode existing = result.get(member.getKey());
            if (value.isNull() || EntityParser.isNullMarker(value)) {
                result.remove(member.getKey());
            } else if (existing != null && existing.isObject() && value.isObject()) {
                result.set(member.getKey(), mergeValue((ObjectNode) existing, (ObjectNode) value));
            } else {
                result.set(member.getKey(), value);
            }
        }
        return result;
    }
}
