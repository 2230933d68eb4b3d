package city.tsunagu.broker.ld;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The remote @contexts a @context value refers to, found before Titanium runs so that all of them
 * can be downloaded first (Titanium itself never does I/O).
 *
 * <p>{@code required} are those the context processing loads: array items, a string context,
 * {@code @import}. {@code scoped} are those only referenced from type- or property-scoped contexts
 * inside term definitions: term maps are flat and never apply scoped contexts, so those are not
 * downloaded, and Titanium's check of a scoped context sees an empty one in their place. Core
 * context URLs are in neither: the bundled copy stands for them.
 *
 * @param required absolute http(s) URLs, in order of appearance
 * @param scoped   absolute URLs referenced from scoped contexts only
 */
record ContextReferences(List<String> required, Set<String> scoped) {
    static final ContextReferences NONE = new ContextReferences(List.of(), Set.of());

    /**
     * Scans a @context value (string, object, array of those, or null).
     *
     * @param base the URL of the document the value comes from, against which relative
     *             references are resolved; null for a @context sent in a request
     */
    static ContextReferences of(JsonNode context, String base) {
        Set<String> required = new LinkedHashSet<>();
        Set<String> scoped = new LinkedHashSet<>();
        scan(context, base, required, scoped, false);
        scoped.removeAll(required);
        return new ContextReferences(List.copyOf(required), Collections.unmodifiableSet(scoped));
    }

    private static void scan(JsonNode context, String base, Set<String> required, Set<String> scoped, boolean inScope) {
        if (context == null || context.isNull()) {
            return;
        }
        if (context.isString()) {
            String url = resolve(context.stringValue(), base);
            if (!CoreContext.isCoreUrl(url)) {
                (inScope ? scoped : required).add(url);
            }
        } else if (context.isArray()) {
            for (JsonNode item : context) {
                if (item.isArray()) {
                    throw new InvalidContextException("a @context array may not contain another array");
                }
                scan(item, base, required, scoped, inScope);
            }
        } else if (context.isObject()) {
            for (Map.Entry<String, JsonNode> entry : context.properties()) {
                JsonNode value = entry.getValue();
                if (entry.getKey().equals("@import")) {
                    if (!value.isString()) {
                        throw new InvalidContextException("@import must be a URL, got " + value);
                    }
                    scan(value, base, required, scoped, inScope);
                } else if (!entry.getKey().startsWith("@") && value.isObject() && value.has("@context")) {
                    scan(value.get("@context"), base, required, scoped, true);
                }
            }
        } else {
            throw new InvalidContextException("a @context must be a URL, an object or an array of those, not " + describe(context));
        }
    }

    private static String resolve(String reference, String base) {
        URI uri;
        try {
            uri = new URI(reference);
        } catch (URISyntaxException e) {
            throw new InvalidContextException("'" + reference + "' is not a valid @context URL");
        }
        if (!uri.isAbsolute()) {
            if (base == null) {
                throw new InvalidContextException("'" + reference + "' is not an absolute @context URL");
            }
            uri = URI.create(base).resolve(uri);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidContextException("@context URL '" + reference + "' is not http or https");
        }
        if (uri.getHost() == null) {
            throw new InvalidContextException("@context URL '" + reference + "' has no host");
        }
        return uri.toString();
    }

    private static String describe(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + node;
    }
}
