package city.tsunagu.broker.entity.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One instance of an NGSI-LD attribute, with expanded names. {@code value} holds the content of
 * the kind's value member ({@code value}, {@code object}, {@code languageMap}, {@code vocab} with
 * expanded IRIs, {@code json}, {@code valueList}, {@code objectList}). Instances of one attribute
 * differ by {@code datasetId} (null = the default instance).
 */
public record Attribute(
        AttributeKind kind,
        JsonNode value,
        String datasetId,
        String observedAt,
        String unitCode,
        String objectType,
        Map<String, Attribute> subAttributes,
        Instant createdAt,
        Instant modifiedAt) {

    public Attribute {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        subAttributes = subAttributes == null ? Map.of() : subAttributes;
    }

    public Attribute withTimestamps(Instant created, Instant modified) {
        return new Attribute(kind, value, datasetId, observedAt, unitCode, objectType, subAttributes, created, modified);
    }

    public Attribute withSubAttributes(Map<String, Attribute> subs) {
        return new Attribute(kind, value, datasetId, observedAt, unitCode, objectType, subs, createdAt, modifiedAt);
    }

    public boolean sameDataset(String otherDatasetId) {
        return Objects.equals(datasetId, otherDatasetId);
    }
}
