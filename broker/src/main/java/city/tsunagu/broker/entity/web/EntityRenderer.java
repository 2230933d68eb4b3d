package city.tsunagu.broker.entity.web;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.ld.LdContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders expanded entities in the caller's context and chosen representation. Compaction is
 * term-map look-ups on the {@link LdContext}.
 */
public final class EntityRenderer {
    /** NGSI-LD DateTime with millisecond precision, always UTC. */
    public static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public ObjectNode render(Entity entity, LdContext ctx, RenderOptions options) {
        ObjectNode out = NODES.objectNode();
        if (options.includes("id")) {
            out.put("id", entity.id());
        }
        if (options.includes("type")) {
            out.set("type", types(entity.types(), ctx));
        }
        if (!entity.scopes().isEmpty() && options.includes("scope")) {
            out.set("scope", entity.scopes().size() == 1 ? NODES.stringNode(entity.scopes().get(0)) : strings(entity.scopes()));
        }
        for (Map.Entry<String, List<Attribute>> attribute : entity.attributes().entrySet()) {
            if (!options.includes(attribute.getKey())) {
                continue;
            }
            List<Attribute> instances = attribute.getValue();
            if (options.datasetIds() != null) {
                instances = instances.stream().filter(i -> options.includesInstance(i.datasetId())).toList();
                if (instances.isEmpty()) {
                    continue;
                }
            }
            String name = ctx.compact(attribute.getKey());
            if (instances.size() == 1) {
                out.set(name, renderAttribute(instances.get(0), ctx, options));
            } else if (options.format() == Format.SIMPLIFIED) {
                // 4.5.4: several instances become a dataset map, "@none" for the default one
                ObjectNode dataset = out.putObject(name).putObject("dataset");
                instances.forEach(i -> dataset.set(i.datasetId() == null ? "@none" : i.datasetId(),
                        renderAttribute(i, ctx, options)));
            } else {
                ArrayNode array = out.putArray(name);
                instances.forEach(i -> array.add(renderAttribute(i, ctx, options)));
            }
        }
        // the entity's own timestamps, also in the simplified representation: they are members of the entity, not attributes
        if (options.sysAttrs()) {
            putTime(out, NgsiLd.CREATED_AT, entity.createdAt());
            putTime(out, NgsiLd.MODIFIED_AT, entity.modifiedAt());
        }
        return out;
    }

    public JsonNode types(List<String> types, LdContext ctx) {
        if (types.size() == 1) {
            return NODES.stringNode(ctx.compact(types.get(0)));
        }
        ArrayNode array = NODES.arrayNode();
        types.forEach(t -> array.add(ctx.compact(t)));
        return array;
    }

    public JsonNode renderAttribute(Attribute attribute, LdContext ctx, RenderOptions options) {
        return switch (options.format()) {
            case SIMPLIFIED -> simplifiedValue(attribute, ctx, options.lang());
            case CONCISE -> concise(attribute, ctx, options);
            case NORMALIZED -> normalized(attribute, ctx, options);
        };
    }

    private ObjectNode normalized(Attribute attribute, LdContext ctx, RenderOptions options) {
        ObjectNode out = NODES.objectNode();
        if (options.lang() != null && attribute.kind() == AttributeKind.LANGUAGE_PROPERTY) {
            // 4.5.18: with lang, a LanguageProperty is presented as a Property holding one string
            out.put("type", AttributeKind.PROPERTY.typeName());
            LanguageChoice choice = chooseLanguage(attribute.value(), options.lang());
            out.set("value", choice.text());
            out.put("lang", choice.tag());
        } else {
            out.put("type", attribute.kind().typeName());
            out.set(attribute.kind().valueMember(), normalizedMemberValue(attribute, ctx));
        }
        members(out, attribute, ctx, options);
        return out;
    }

    /** In normalized and concise form each objectList entry is an object with an "object" member. */
    private JsonNode normalizedMemberValue(Attribute attribute, LdContext ctx) {
        if (attribute.kind() != AttributeKind.LIST_RELATIONSHIP) {
            return memberValue(attribute, ctx);
        }
        ArrayNode list = NODES.arrayNode();
        attribute.value().forEach(target -> list.addObject().set("object", target));
        return list;
    }

    private JsonNode concise(Attribute attribute, LdContext ctx, RenderOptions options) {
        boolean bare = attribute.kind() == AttributeKind.PROPERTY && attribute.subAttributes().isEmpty()
                && attribute.datasetId() == null && attribute.observedAt() == null && attribute.unitCode() == null
                && !options.sysAttrs() && !attribute.value().isObject();
        if (bare) {
            return attribute.value();
        }
        ObjectNode out = NODES.objectNode();
        if (options.lang() != null && attribute.kind() == AttributeKind.LANGUAGE_PROPERTY) {
            LanguageChoice choice = chooseLanguage(attribute.value(), options.lang());
            out.set("value", choice.text());
            out.put("lang", choice.tag());
        } else {
            String member = attribute.kind().valueMember();
            if (attribute.kind() == AttributeKind.GEO_PROPERTY) {
                out.put("type", attribute.kind().typeName());
            }
            out.set(member, normalizedMemberValue(attribute, ctx));
        }
        members(out, attribute, ctx, options);
        return out;
    }

    private void members(ObjectNode out, Attribute attribute, LdContext ctx, RenderOptions options) {
        if (attribute.objectType() != null) {
            out.put("objectType", ctx.compact(attribute.objectType()));
        }
        if (attribute.datasetId() != null) {
            out.put("datasetId", attribute.datasetId());
        }
        if (attribute.observedAt() != null) {
            out.put("observedAt", attribute.observedAt());
        }
        if (attribute.unitCode() != null) {
            out.put("unitCode", attribute.unitCode());
        }
        for (Map.Entry<String, Attribute> sub : attribute.subAttributes().entrySet()) {
            out.set(ctx.compact(sub.getKey()), renderAttribute(sub.getValue(), ctx, options));
        }
        if (options.sysAttrs()) {
            putTime(out, NgsiLd.CREATED_AT, attribute.createdAt());
            putTime(out, NgsiLd.MODIFIED_AT, attribute.modifiedAt());
        }
    }

    /**
     * The simplified (keyValues) form (4.5.4): the value alone for values, objects and lists;
     * a single-member object naming the member for languageMap, json and vocab, which could
     * otherwise not be told from a plain value.
     */
    public JsonNode simplifiedValue(Attribute attribute, LdContext ctx, String lang) {
        return switch (attribute.kind()) {
            case LANGUAGE_PROPERTY -> lang == null ? wrap("languageMap", attribute.value())
                    : chooseLanguage(attribute.value(), lang).text();
            case JSON_PROPERTY, VOCAB_PROPERTY -> wrap(attribute.kind().valueMember(), memberValue(attribute, ctx));
            default -> memberValue(attribute, ctx);
        };
    }

    private static ObjectNode wrap(String member, JsonNode value) {
        ObjectNode wrapped = NODES.objectNode();
        wrapped.set(member, value);
        return wrapped;
    }

    private JsonNode memberValue(Attribute attribute, LdContext ctx) {
        JsonNode value = attribute.value();
        if (attribute.kind() == AttributeKind.VOCAB_PROPERTY) {
            if (value.isString()) {
                return NODES.stringNode(ctx.compact(value.stringValue()));
            }
            ArrayNode compacted = NODES.arrayNode();
            value.forEach(v -> compacted.add(ctx.compact(v.stringValue())));
            return compacted;
        }
        return value;
    }

    /**
     * Picks the text for the {@code lang} parameter (4.15): ranges by descending quality, each
     * matched case-insensitively as RFC 4647 lookup does (exact, then the range truncated, then
     * a longer tag under the range), "*" for any; with no match, any language.
     */
    static LanguageChoice chooseLanguage(JsonNode languageMap, String lang) {
        List<String> tags = new java.util.ArrayList<>();
        languageMap.propertyNames().forEach(tags::add);
        for (String range : LanguageRanges.byQuality(lang)) {
            if (range.equals("*")) {
                break;
            }
            String tag = LanguageRanges.lookup(range, tags);
            if (tag != null) {
                return new LanguageChoice(tag, languageMap.get(tag));
            }
        }
        if (languageMap.has("@none")) {
            return new LanguageChoice("@none", languageMap.get("@none"));
        }
        if (!tags.isEmpty()) {
            return new LanguageChoice(tags.get(0), languageMap.get(tags.get(0)));
        }
        return new LanguageChoice("@none", NODES.nullNode());
    }

    private record LanguageChoice(String tag, JsonNode text) {
    }

    private static void putTime(ObjectNode out, String member, Instant time) {
        if (time != null) {
            out.put(member, DATE_TIME.format(time));
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
