package city.tsunagu.broker.temporal;

import city.tsunagu.broker.entity.model.Attribute;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One attribute instance of an entity's history: the attribute as it was (with its datasetId,
 * observedAt and sub-attributes), its instanceId, and the time that orders the history: observedAt
 * when the instance has one, otherwise the time it was recorded (its modifiedAt).
 */
public record TemporalInstance(String entityId, String attribute, String instanceId, Attribute value, Instant time) {
    public static final String INSTANCE_PREFIX = "urn:ngsi-ld:attribute:instance:";

    public static TemporalInstance of(String entityId, String attribute, Attribute value) {
        return new TemporalInstance(entityId, attribute, INSTANCE_PREFIX + UUID.randomUUID(), value, timeOf(value));
    }

    public String datasetId() {
        return value.datasetId();
    }

    public TemporalInstance withValue(Attribute newValue) {
        return new TemporalInstance(entityId, attribute, instanceId, newValue, timeOf(newValue));
    }

    /** The time of an instance in the timeproperty asked for; null when it has none. */
    public Instant time(TimeProperty property) {
        return switch (property) {
            case OBSERVED_AT -> time;
            case CREATED_AT -> value.createdAt();
            case MODIFIED_AT -> value.modifiedAt();
        };
    }

    public static Instant timeOf(Attribute value) {
        if (value.observedAt() != null) {
            return parseTime(value.observedAt());
        }
        return value.modifiedAt();
    }

    /** An NGSI-LD DateTime (with Z or an offset). */
    public static Instant parseTime(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }
}
