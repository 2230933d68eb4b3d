package city.tsunagu.broker.common.web;

import city.tsunagu.broker.ld.LdContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes NGSI-LD response bodies (6.3.6): application/json with the @context in a Link header,
 * application/ld+json and application/geo+json with it in the body. Content-Type carries no
 * charset parameter: JSON is UTF-8 by definition and clients compare the type exactly.
 */
@Component
public class JsonResponses {
    private final JsonMapper json;

    public JsonResponses(JsonMapper json) {
        this.json = json;
    }

    public ResponseEntity<byte[]> body(HttpStatus status, JsonNode body, MediaType type, LdContext ctx) {
        return body(status, body, type, ctx, new HttpHeaders());
    }

    public ResponseEntity<byte[]> body(HttpStatus status, JsonNode body, MediaType type, LdContext ctx, HttpHeaders headers) {
        return body(status, body, type, ctx, headers, false);
    }

    /**
     * @param preferJsonBody the request said {@code Prefer: body=json}: a GeoJSON body then
     *                       leaves the @context to the Link header (6.3.6)
     */
    public ResponseEntity<byte[]> body(HttpStatus status, JsonNode body, MediaType type, LdContext ctx, HttpHeaders headers,
                                       boolean preferJsonBody) {
        boolean linkOnly = type.equalsTypeAndSubtype(NgsiLdMediaTypes.JSON)
                || (preferJsonBody && type.equalsTypeAndSubtype(NgsiLdMediaTypes.GEO_JSON));
        if (linkOnly) {
            headers.add(HttpHeaders.LINK, link(ctx));
        } else {
            withContext(body, ctx);
        }
        headers.setContentType(type);
        return ResponseEntity.status(status).headers(headers).body(json.writeValueAsBytes(body));
    }

    /** A plain JSON body that is not NGSI-LD data (reports, ProblemDetails lists). */
    public ResponseEntity<byte[]> plain(HttpStatus status, JsonNode body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body));
    }

    /** Whether the request asked for a plain JSON body ({@code Prefer: body=json}). */
    public static boolean prefersJsonBody(org.springframework.http.server.reactive.ServerHttpRequest request) {
        String prefer = request.getHeaders().getFirst("Prefer");
        return prefer != null && prefer.replace(" ", "").contains("body=json");
    }

    public static String link(LdContext ctx) {
        return "<" + ctx.linkUrl() + ">; rel=\"" + NgsiLdMediaTypes.CONTEXT_REL + "\"; type=\"application/ld+json\"";
    }

    private static void withContext(JsonNode body, LdContext ctx) {
        if (body instanceof ObjectNode object) {
            object.set("@context", ctx.responseContext());
        } else if (body instanceof ArrayNode array) {
            array.forEach(element -> withContext(element, ctx));
        }
    }
}
