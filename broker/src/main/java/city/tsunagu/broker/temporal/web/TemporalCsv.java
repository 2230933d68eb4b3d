package city.tsunagu.broker.temporal.web;

import city.tsunagu.broker.entity.web.EntityRenderer;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.temporal.Aggregated;
import city.tsunagu.broker.temporal.AggregationMethod;
import city.tsunagu.broker.temporal.TemporalEntity;
import city.tsunagu.broker.temporal.TemporalInstance;
import city.tsunagu.broker.temporal.TimeProperty;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Temporal answers as CSV (RFC 4180) for spreadsheets and pandas: one row per instance
 * (entity, type, attribute, datasetId, instanceId, time, value) or per aggregation period
 * (entity, type, attribute, datasetId, start, end, one column per method). Attribute names are
 * compacted with the request's @context; values that are not numbers, strings or booleans are
 * written as JSON.
 */
final class TemporalCsv {
    private final EntityRenderer renderer = new EntityRenderer();
    private final StringBuilder out = new StringBuilder();

    static String instances(List<TemporalEntity> entities, LdContext ctx, TimeProperty property) {
        TemporalCsv csv = new TemporalCsv();
        csv.row("entityId", "entityType", "attribute", "datasetId", "instanceId", property.parameter(), "value");
        for (TemporalEntity entity : entities) {
            String type = csv.types(entity.state().types(), ctx);
            entity.attributes().forEach((name, instances) -> {
                for (TemporalInstance i : instances) {
                    JsonNode value = csv.renderer.simplifiedValue(i.value(), ctx, null);
                    csv.row(entity.state().id(), type, ctx.compact(name), i.datasetId(), i.instanceId(),
                            TemporalRenderer.time(i, property), text(value));
                }
            });
        }
        return csv.out.toString();
    }

    static String aggregated(List<Aggregated> entities, LdContext ctx, Set<AggregationMethod> methods) {
        TemporalCsv csv = new TemporalCsv();
        String[] header = new String[6 + methods.size()];
        String[] fixed = {"entityId", "entityType", "attribute", "datasetId", "start", "end"};
        System.arraycopy(fixed, 0, header, 0, fixed.length);
        int column = fixed.length;
        for (AggregationMethod method : methods) {
            header[column++] = method.parameter();
        }
        csv.row(header);
        for (Aggregated entity : entities) {
            String type = csv.types(entity.state().types(), ctx);
            entity.attributes().forEach((name, series) -> {
                for (Aggregated.Series s : series) {
                    for (Aggregated.PeriodResult period : s.periods()) {
                        String[] row = new String[header.length];
                        row[0] = entity.state().id();
                        row[1] = type;
                        row[2] = ctx.compact(name);
                        row[3] = s.datasetId();
                        row[4] = period.start().toString();
                        row[5] = period.end().toString();
                        int c = fixed.length;
                        for (AggregationMethod method : methods) {
                            Number value = period.values().get(method);
                            row[c++] = value == null ? null : TemporalRenderer.number(method, value).toString();
                        }
                        csv.row(row);
                    }
                }
            });
        }
        return csv.out.toString();
    }

    private String types(List<String> types, LdContext ctx) {
        return String.join(",", types.stream().map(ctx::compact).toList());
    }

    private static String text(JsonNode value) {
        if (value.isString()) {
            return value.stringValue();
        }
        return value.toString();
    }

    private void row(String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(escape(cells[i]));
        }
        out.append("\r\n");
    }

    private static String escape(String cell) {
        if (cell == null) {
            return "";
        }
        if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
            return '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }
}
