package city.tsunagu.broker.entity.service;

import java.util.List;

/**
 * The outcome of an attribute update (UpdateResult, ETSI GS CIM 009 5.2.18): names are compacted
 * by the web layer.
 */
public record UpdateResult(List<String> updated, List<NotUpdated> notUpdated) {
    public record NotUpdated(String attributeName, String reason) {
    }

    public boolean complete() {
        return notUpdated.isEmpty();
    }
}
