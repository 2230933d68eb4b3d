package city.tsunagu.broker.ld;

import java.util.regex.Pattern;

/**
 * The NGSI-LD core @context (ETSI GS CIM 009 v1.9.1, 4.5), shipped inside the jar and never
 * fetched (architecture decision 4). Every published core context URL, v1.3 to v1.9 and the
 * unversioned one, names this bundled copy.
 */
public final class CoreContext {
    /** The URL this broker answers with for the core context (Link headers, "@context" members). */
    public static final String URL = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld";

    /** The classpath resource holding the bundled copy. */
    static final String RESOURCE = "ld/ngsi-ld-core-context-v1.9.jsonld";

    /** The local id the core context is listed and served under in /jsonldContexts. */
    static final String LOCAL_ID = "ngsi-ld-core-context-v1.9";

    private static final Pattern CORE_URL = Pattern.compile(
            "https?://uri\\.etsi\\.org/ngsi-ld/v1/ngsi-ld-core-context(-v1\\.[3-9](\\.[0-9]+)?)?\\.jsonld");

    private CoreContext() {
    }

    /** Whether the URL names an NGSI-LD core context; those are never fetched. */
    public static boolean isCoreUrl(String url) {
        return url != null && url.startsWith("http") && CORE_URL.matcher(url).matches();
    }
}
