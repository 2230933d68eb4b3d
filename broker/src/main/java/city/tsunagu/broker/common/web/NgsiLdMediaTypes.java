package city.tsunagu.broker.common.web;

import org.springframework.http.MediaType;

/** The media types of the NGSI-LD API (6.3.4, 6.3.5). */
public final class NgsiLdMediaTypes {
    public static final MediaType JSON = MediaType.APPLICATION_JSON;
    public static final MediaType JSON_LD = MediaType.parseMediaType("application/ld+json");
    public static final MediaType GEO_JSON = MediaType.parseMediaType("application/geo+json");
    public static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");
    public static final String CONTEXT_REL = "http://www.w3.org/ns/json-ld#context";

    private NgsiLdMediaTypes() {
    }
}
