package city.tsunagu.broker.ld;

import java.time.Instant;

/**
 * What the broker tells about one @context it holds (ETSI GS CIM 009 v1.9.1, 5.13.3 and 5.13.4
 * with details=true).
 *
 * @param url          where the @context is found: its original URL (Cached) or the broker's URL for it
 * @param localId      the broker's id for it, usable in /jsonldContexts/{contextId}
 * @param kind         Hosted, Cached or ImplicitlyCreated
 * @param createdAt    when it was added, downloaded or created
 * @param lastUsage    when a request last used it (this broker instance), or null
 * @param numberOfHits how many requests used it (this broker instance)
 * @param expiresAt    when a Cached copy is due to be downloaded again, or null
 */
public record ContextDetails(String url, String localId, ContextKind kind, Instant createdAt, Instant lastUsage,
                             long numberOfHits, Instant expiresAt) {

    static ContextDetails of(ContextDocument document) {
        return new ContextDetails(document.url, document.localId, document.kind, document.createdAt,
                document.usage.lastUsage(), document.usage.hits(), document.expiresAt());
    }
}
