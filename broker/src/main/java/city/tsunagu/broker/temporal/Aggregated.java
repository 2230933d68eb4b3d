package city.tsunagu.broker.temporal;

import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The aggregated temporal representation of one entity (4.5.19): for each attribute (expanded
 * name) and datasetId, the results of each aggregation method per period with instances.
 */
public record Aggregated(Entity state, Map<String, List<Series>> attributes) {
    /** One attribute instance series (datasetId null = the default instance). */
    public record Series(String datasetId, AttributeKind kind, List<PeriodResult> periods) {
    }

    /** The results of one period [start, end); a method without a result (no numbers) is absent. */
    public record PeriodResult(Instant start, Instant end, Map<AggregationMethod, Number> values) {
    }
}
