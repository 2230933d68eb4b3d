package city.tsunagu.adapters.northbound;

import java.util.Map;

/**
 * The broker's answer to one batch upsert: everything taken, some entities refused (with the
 * broker's reason per entity id), the whole batch refused, or not answered (to be retried).
 */
sealed interface UpsertResult {
    record Accepted() implements UpsertResult {
    }

    record PartlyRejected(Map<String, String> reasons) implements UpsertResult {
    }

    record Rejected(int status, String reason) implements UpsertResult {
    }

    record Unavailable(String reason) implements UpsertResult {
    }
}
