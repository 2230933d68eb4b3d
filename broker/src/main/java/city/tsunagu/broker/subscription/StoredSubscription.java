package city.tsunagu.broker.subscription;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Subscription as the broker keeps it: the client's members as given (checked, without
 * @context), the @context its names are to be read with (a URL; null for the core @context
 * alone), and what the broker adds: timestamps and the notification status.
 */
public record StoredSubscription(String id, ObjectNode members, String context, Instant createdAt, Instant modifiedAt,
                                 Delivery delivery) {
    /** The notification status (5.2.12: timesSent, timesFailed, lastNotification, lastSuccess, lastFailure). */
    public record Delivery(long timesSent, long timesFailed, Instant lastNotification, Instant lastSuccess, Instant lastFailure) {
        public static final Delivery NONE = new Delivery(0, 0, null, null, null);
    }

    public boolean isActive() {
        return members.path("isActive").asBoolean(true);
    }

    public Instant expiresAt() {
        String expires = members.path("expiresAt").asString(null);
        return expires == null ? null : Instant.parse(expires);
    }

    /** 5.2.12: active, paused (isActive false) or expired (expiresAt passed). */
    public String status(Instant now) {
        Instant expires = expiresAt();
        if (expires != null && !expires.isAfter(now)) {
            return "expired";
        }
        return isActive() ? "active" : "paused";
    }
}
