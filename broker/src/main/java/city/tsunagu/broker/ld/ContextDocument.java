package city.tsunagu.broker.ld;

import jakarta.json.JsonStructure;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A @context document held by the broker: downloaded (kind Cached) or stored by the
 * /jsonldContexts API (Hosted, ImplicitlyCreated). It keeps the document in both object models —
 * Jackson to serve it, jakarta.json for Titanium — and the references found in it.
 */
final class ContextDocument {
    final String url;
    final String finalUrl;
    final String localId;
    final ContextKind kind;
    final JsonNode body;
    final JsonStructure jsonLd;
    final ContextReferences references;
    final Instant createdAt;
    final ContextUsage usage;
    final String tenant;
    private volatile long expiresAtMillis;

    ContextDocument(String url, String finalUrl, String localId, ContextKind kind, JsonNode body, JsonStructure jsonLd,
                    ContextReferences references, Instant createdAt, ContextUsage usage, String tenant,
                    long expiresAtMillis) {
        this.url = url;
        this.finalUrl = finalUrl;
        this.localId = localId;
        this.kind = kind;
        this.body = body;
        this.jsonLd = jsonLd;
        this.references = references;
        this.createdAt = createdAt;
        this.usage = usage;
        this.tenant = tenant;
        this.expiresAtMillis = expiresAtMillis;
    }

    /** The @context member: what the document contributes to the active context. */
    JsonNode context() {
        return body.get("@context");
    }

    long expiresAtMillis() {
        return expiresAtMillis;
    }

    boolean isFresh(long nowMillis) {
        return nowMillis < expiresAtMillis;
    }

    /** Keeps a stale copy in use a little longer after a failed refresh. */
    void extend(long untilMillis) {
        expiresAtMillis = untilMillis;
    }

    Instant expiresAt() {
        return expiresAtMillis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(expiresAtMillis);
    }
}
