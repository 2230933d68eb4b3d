package city.tsunagu.broker.ld;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The @context of one request, ready for use: expanding and compacting names is a few map
 * look-ups (architecture decision 4). Obtained from {@link LdContextResolver}; immutable apart
 * from usage statistics, and shared by every request that uses the same @context.
 *
 * <p>The effective context is the user's @context followed by the NGSI-LD core @context: core
 * terms (id, type, location, observedAt, ...) and the core @vocab always win, as when JSON-LD
 * processes {@code [user..., core]}. Names are expanded as JSON-LD IRI expansion with
 * {@code vocab=true} does, and IRIs are compacted as JSON-LD IRI compaction does for values that
 * match the chosen term's definition.
 */
public final class LdContext {
    private final TermMap core;
    private final TermMap user;
    private final String vocab;
    private final JsonNode responseContext;
    private final String linkUrl;
    private final boolean coreOnly;
    private final ContextUsage[] usages;
    private final Set<String> dependencies;
    private final long expiresAtMillis;
    private volatile long lastUsedMillis;

    LdContext(TermMap core, TermMap user, JsonNode responseContext, String linkUrl, boolean coreOnly,
              ContextUsage[] usages, Set<String> dependencies, long expiresAtMillis) {
        this.core = core;
        this.user = user;
        this.vocab = core.vocab != null ? core.vocab : user.vocab;
        this.responseContext = responseContext;
        this.linkUrl = linkUrl;
        this.coreOnly = coreOnly;
        this.usages = usages;
        this.dependencies = dependencies;
        this.expiresAtMillis = expiresAtMillis;
    }

    /**
     * Expands an attribute name, entity type, or VocabProperty value: absolute IRIs (scheme:...)
     * unchanged unless the scheme is a defined prefix (compact IRI, e.g. "schema:name"), terms by
     * their definition, other names vocab-relative (core @vocab
     * https://uri.etsi.org/ngsi-ld/default-context/). A term the user @context defines as null
     * is treated as undefined.
     */
    public String expand(String term) {
        if (term == null) {
            return null;
        }
        String iri = core.terms.get(term);
        if (iri != null) {
            return iri;
        }
        iri = user.terms.get(term);
        if (iri != null) {
            return iri;
        }
        if (term.startsWith("@")) {
            return term;
        }
        int colon = term.indexOf(':', 1);
        if (colon > 0) {
            String prefix = term.substring(0, colon);
            String suffix = term.substring(colon + 1);
            if (prefix.equals("_") || suffix.startsWith("//")) {
                return term;
            }
            String prefixIri = prefixIri(prefix);
            if (prefixIri != null) {
                return prefixIri.concat(suffix);
            }
            if (isAbsoluteIri(term)) {
                return term;
            }
        }
        return vocab != null ? vocab.concat(term) : term;
    }

    /**
     * Compacts an expanded IRI: the term of this context that maps to it (user terms before core
     * terms when both match; shortest, then lexicographically least on ties, as JSON-LD's term
     * selection), else vocab-relative, else a compact IRI using a prefix, else the IRI unchanged.
     * Vocab-relative comes before compact IRIs as in JSON-LD IRI compaction, so that every name
     * without a definition round-trips: {@code compact(expand(n)).equals(n)}.
     */
    public String compact(String iri) {
        if (iri == null) {
            return null;
        }
        String term = user.iriToTerm.get(iri);
        if (term != null) {
            return term;
        }
        term = core.iriToTerm.get(iri);
        if (term != null) {
            return term;
        }
        if (vocab != null && iri.length() > vocab.length() && iri.startsWith(vocab)) {
            String suffix = iri.substring(vocab.length());
            if (!isDefined(suffix)) {
                return suffix;
            }
        }
        String compactIri = compactIri(iri, user.prefixes, null);
        compactIri = compactIri(iri, core.prefixes, compactIri);
        return compactIri != null ? compactIri : iri;
    }

    /** The value for "@context" in application/ld+json responses for a request that used this context. Do not modify it. */
    public JsonNode responseContext() {
        return responseContext;
    }

    /** The URL for the Link header (rel="http://www.w3.org/ns/json-ld#context") of application/json responses. */
    public String linkUrl() {
        return linkUrl;
    }

    public boolean isCoreOnly() {
        return coreOnly;
    }

    /** Whether the name has a definition in this context (user or core), so it is not vocab-relative. */
    public boolean isDefined(String term) {
        return core.defined.contains(term) || user.defined.contains(term);
    }

    /** Number of terms the user @context adds to the core ones. */
    int userTermCount() {
        return user.size();
    }

    /** URLs of the remote and hosted @contexts this one was built from. */
    Set<String> dependencies() {
        return dependencies;
    }

    boolean isFresh(long nowMillis) {
        return nowMillis < expiresAtMillis;
    }

    long lastUsedMillis() {
        return lastUsedMillis;
    }

    /** Records one use by a request. */
    LdContext touch(long nowMillis) {
        lastUsedMillis = nowMillis;
        for (ContextUsage usage : usages) {
            usage.hit(nowMillis);
        }
        return this;
    }

    private String prefixIri(String prefix) {
        if (core.defined.contains(prefix)) {
            return core.prefixes.get(prefix);
        }
        return user.prefixes.get(prefix);
    }

    private String compactIri(String iri, Map<String, String> prefixes, String best) {
        for (Map.Entry<String, String> prefix : prefixes.entrySet()) {
            String prefixIri = prefix.getValue();
            if (iri.length() <= prefixIri.length() || !iri.startsWith(prefixIri)) {
                continue;
            }
            String candidate = prefix.getKey() + ':' + iri.substring(prefixIri.length());
            if ((best == null || TermMap.preferred(candidate, best).equals(candidate)) && !isDefined(candidate)) {
                best = candidate;
            }
        }
        return best;
    }

    /** JSON-LD's "has the form of an IRI" as Titanium checks it: a scheme, and a valid absolute URI. */
    static boolean isAbsoluteIri(String value) {
        if (value.length() < 3 || !Character.isLetter(value.charAt(0)) || value.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ':') {
                break;
            }
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        try {
            return URI.create(value).isAbsolute();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "LdContext[" + (coreOnly ? "core" : linkUrl) + ", " + user.size() + " user terms]";
    }
}
