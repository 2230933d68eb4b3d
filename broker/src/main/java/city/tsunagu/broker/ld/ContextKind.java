package city.tsunagu.broker.ld;

import java.util.Locale;
import java.util.Optional;

/** Kinds of @context the broker holds (ETSI GS CIM 009 v1.9.1, 5.13.1). */
public enum ContextKind {
    /** Added by a client through Add @context (5.13.2) and stored by the broker. */
    Hosted,
    /** Downloaded from its URL when a request referenced it, and kept for a while. */
    Cached,
    /** Created by the broker for a @context given inline or as several URLs, so that one URL names it. */
    ImplicitlyCreated;

    /** Parses a {@code kind} query parameter, ignoring case. */
    public static Optional<ContextKind> parse(String value) {
        for (ContextKind kind : values()) {
            if (kind.name().toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
