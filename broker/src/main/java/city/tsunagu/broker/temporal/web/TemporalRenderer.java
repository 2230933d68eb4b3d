package city.tsunagu.broker.temporal.web;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.web.EntityRenderer;
import city.tsunagu.broker.entity.web.RenderOptions;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.temporal.Aggregated;
import city.tsunagu.broker.temporal.AggregationMethod;
import city.tsunagu.broker.temporal.TemporalEntity;
import city.tsunagu.broker.temporal.TemporalInstance;
import city.tsunagu.broker.temporal.TimeProperty;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders temporal entities: normalized (4.5.7: each attribute an array of its instances with
 * their instanceId), temporalValues (4.5.9: per attribute and datasetId the pairs [value, time])
 * and aggregatedValues (4.5.19: per method the triples [result, start, end]). Times are written
 * as ISO 8601 instants, without fraction when it is zero.
 */
final class TemporalRenderer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final EntityRenderer entities = new EntityRenderer();

    ObjectNode normalized(TemporalEntity temporal, LdContext ctx, RenderOptions options) {
        ObjectNode out = head(temporal.state(), ctx, options);
        temporal.attributes().forEach((name, instances) -> {
            if (!options.includes(name)) {
                return;
            }
            ArrayNode array = out.putArray(ctx.compact(name));
            for (TemporalInstance instance : instances) {
                ObjectNode rendered = (ObjectNode) entities.renderAttribute(instance.value(), ctx, options);
                rendered.put("instanceId", instance.instanceId());
                array.add(rendered);
            }
        });
        return out;
    }

    ObjectNode temporalValues(TemporalEntity temporal, LdContext ctx, RenderOptions options, TimeProperty property) {
        ObjectNode out = head(temporal.state(), ctx, options);
        temporal.attributes().forEach((name, instances) -> {
            if (!options.includes(name)) {
                return;
            }
            Map<String, ObjectNode> byDataset = new LinkedHashMap<>();
            for (TemporalInstance instance : instances) {
                Attribute value = instance.value();
                ObjectNode series = byDataset.computeIfAbsent(String.valueOf(value.datasetId()), d -> {
                    ObjectNode s = NODES.objectNode();
                    s.put("type", value.kind().typeName());
                    if (value.datasetId() != null) {
                        s.put("datasetId", value.datasetId());
                    }
                    s.putArray(valuesMember(value.kind()));
                    return s;
                });
                ArrayNode pair = ((ArrayNode) series.get(valuesMember(value.kind()))).addArray();
                JsonNode simplified = entities.simplifiedValue(value, ctx, options.lang());
                pair.add(simplified.isNumber() && !simplified.isBigInteger() ? NODES.numberNode(simplified.doubleValue()) : simplified);
                pair.add(time(instance, property));
            }
            putSeries(out, ctx.compact(name), List.copyOf(byDataset.values()));
        });
        return out;
    }

    ObjectNode aggregated(Aggregated aggregated, LdContext ctx, RenderOptions options) {
        ObjectNode out = head(aggregated.state(), ctx, options);
        aggregated.attributes().forEach((name, series) -> {
            if (!options.includes(name)) {
                return;
            }
            List<ObjectNode> rendered = series.stream().map(s -> {
                ObjectNode o = NODES.objectNode();
                o.put("type", s.kind().typeName());
                if (s.datasetId() != null) {
                    o.put("datasetId", s.datasetId());
                }
                for (Aggregated.PeriodResult period : s.periods()) {
                    period.values().forEach((method, value) -> {
                        ArrayNode triples = o.has(method.parameter()) ? (ArrayNode) o.get(method.parameter()) : o.putArray(method.parameter());
                        ArrayNode triple = triples.addArray();
                        triple.add(number(method, value));
                        triple.add(period.start().toString());
                        triple.add(period.end().toString());
                    });
                }
                return o;
            }).toList();
            putSeries(out, ctx.compact(name), rendered);
        });
        return out;
    }

    static JsonNode number(AggregationMethod method, Number value) {
        return method == AggregationMethod.TOTAL_COUNT || method == AggregationMethod.DISTINCT_COUNT
                ? NODES.numberNode(value.longValue()) : NODES.numberNode(value.doubleValue());
    }

    private static void putSeries(ObjectNode out, String name, List<ObjectNode> series) {
        if (series.size() == 1) {
            out.set(name, series.get(0));
        } else {
            ArrayNode array = out.putArray(name);
            series.forEach(array::add);
        }
    }

    private ObjectNode head(Entity state, LdContext ctx, RenderOptions options) {
        ObjectNode out = NODES.objectNode();
        if (options.includes("id")) {
            out.put("id", state.id());
        }
        if (options.includes("type")) {
            out.set("type", entities.types(state.types(), ctx));
        }
        if (!state.scopes().isEmpty() && options.includes("scope")) {
            ArrayNode scopes = NODES.arrayNode();
            state.scopes().forEach(scopes::add);
            out.set("scope", state.scopes().size() == 1 ? NODES.stringNode(state.scopes().get(0)) : scopes);
        }
        return out;
    }

    /** The time of an instance as the query saw it: its observedAt as written, or the system time asked for. */
    static String time(TemporalInstance instance, TimeProperty property) {
        if (property == TimeProperty.OBSERVED_AT && instance.value().observedAt() != null) {
            return instance.value().observedAt();
        }
        Instant time = instance.time(property);
        return time == null ? null : time.toString();
    }

    static String valuesMember(AttributeKind kind) {
        return switch (kind) {
            case PROPERTY, GEO_PROPERTY -> "values";
            case RELATIONSHIP -> "objects";
            case LANGUAGE_PROPERTY -> "languageMaps";
            case VOCAB_PROPERTY -> "vocabs";
            case JSON_PROPERTY -> "jsons";
            case LIST_PROPERTY -> "valueLists";
            case LIST_RELATIONSHIP -> "objectLists";
        };
    }
}
