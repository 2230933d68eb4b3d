package city.tsunagu.broker.temporal.store;

import city.tsunagu.broker.temporal.Statistics;
import java.time.Instant;

/**
 * The summary of one bucket (one hour of one attribute instance series: entity, attribute,
 * datasetId): how many instances it holds, the first and last of their times, and the statistics
 * of the numeric values among them.
 */
public record Bucket(String entityId, String attribute, String datasetId, Instant start, long count,
                     Instant first, Instant last, Statistics numbers) {
    public Instant end() {
        return start.plus(TemporalStore.BUCKET_SPAN);
    }
}
