package city.tsunagu.adapters.ingest;

import city.tsunagu.adapters.measure.EntityUpdate;
import java.util.List;

/**
 * What became of a device's message: its entity updates, or the reason it was rejected
 * ({@code unknown-apikey}, {@code unknown-device}, {@code malformed}, {@code bad-value}, ...) and
 * a message saying what to fix, for transports that answer the device (CoAP).
 */
public record Ingested(List<EntityUpdate> updates, String rejection, String detail) {

    static Ingested accepted(List<EntityUpdate> updates) {
        return new Ingested(updates, null, null);
    }

    public boolean rejected() {
        return rejection != null;
    }

    /** Rejected because the apikey or the device is not known (not because of what it sent). */
    public boolean unknownSender() {
        return "unknown-apikey".equals(rejection) || "unknown-device".equals(rejection);
    }
}
