package city.tsunagu.broker.temporal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The history of attributes (the temporal API).
 *
 * @param retention           how long attribute instances are kept, by their time (env
 *                            TSUNAGU_TEMPORAL_RETENTION, e.g. {@code 90d}); unset = for ever
 * @param retentionSweep      how often instances older than the retention are deleted
 * @param keepDeletedEntities whether the history of a deleted entity stays queryable (env
 *                            TSUNAGU_TEMPORAL_KEEP_DELETED_ENTITIES); false deletes it with the entity
 * @param maxInstances        most instances of one attribute in one answer; beyond it the answer
 *                            is 206 with a Content-Range (env TSUNAGU_TEMPORAL_MAX_INSTANCES)
 */
@ConfigurationProperties("tsunagu.temporal")
public record TemporalProperties(Duration retention, @DefaultValue("1h") Duration retentionSweep,
                                 @DefaultValue("true") boolean keepDeletedEntities,
                                 @DefaultValue("10000") int maxInstances) {
    public TemporalProperties {
        if (retention != null && (retention.isZero() || retention.isNegative())) {
            retention = null;
        }
        if (maxInstances < 1) {
            throw new IllegalArgumentException("tsunagu.temporal.max-instances must be at least 1, got " + maxInstances);
        }
    }
}
