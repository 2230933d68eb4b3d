package city.tsunagu.broker.common.web;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.ErrorType;
import city.tsunagu.broker.common.error.InvalidRequestException;
import city.tsunagu.broker.common.error.ProtocolException;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.ld.LdContextResolver;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads NGSI-LD request bodies (6.3.5): checks Content-Type, parses JSON, and finds the @context
 * — from the Link header for application/json, from the body for application/ld+json — with the
 * same errors everywhere.
 */
@Component
public class JsonBodies {
    private final JsonMapper json;
    private final LdContextResolver contexts;

    public JsonBodies(JsonMapper json, LdContextResolver contexts) {
        this.json = json;
        this.contexts = contexts;
    }

    /** A parsed body and the context its names are to be expanded with. */
    public record Body(JsonNode json, LdContext context, boolean ldJson) {
    }

    /** Checks the Content-Type before the body is read: 415 for anything but JSON or JSON-LD. */
    public MediaType checkContentType(ServerHttpRequest request, boolean allowMergePatch) {
        MediaType type = request.getHeaders().getContentType();
        if (type == null) {
            throw new ProtocolException(ErrorType.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type is missing; use application/json or application/ld+json");
        }
        if (type.equalsTypeAndSubtype(NgsiLdMediaTypes.JSON) || type.equalsTypeAndSubtype(NgsiLdMediaTypes.JSON_LD)
                || (allowMergePatch && type.equalsTypeAndSubtype(NgsiLdMediaTypes.MERGE_PATCH))) {
            return type;
        }
        throw new ProtocolException(ErrorType.UNSUPPORTED_MEDIA_TYPE, "Content-Type " + type
                + " is not supported; use application/json or application/ld+json"
                + (allowMergePatch ? " or application/merge-patch+json" : ""));
    }

    /** Parses a body that must be a JSON object, and resolves its @context. */
    public Mono<Body> read(ServerHttpRequest request, Mono<String> text, boolean allowMergePatch) {
        return read(request, text, allowMergePatch, false);
    }

    /** Parses a body that must be a JSON array (batch operations); contexts per element. */
    public Mono<Body> readArray(ServerHttpRequest request, Mono<String> text) {
        return read(request, text, false, true);
    }

    private Mono<Body> read(ServerHttpRequest request, Mono<String> text, boolean allowMergePatch, boolean array) {
        MediaType type = checkContentType(request, allowMergePatch);
        boolean ldJson = type.equalsTypeAndSubtype(NgsiLdMediaTypes.JSON_LD);
        String link = request.getHeaders().getFirst(HttpHeaders.LINK);
        return text.switchIfEmpty(Mono.error(() -> new InvalidRequestException("The request body is empty; send a JSON object")))
                .map(this::parse)
                .flatMap(node -> {
                    if (node.isArray() != array) {
                        return Mono.error(new InvalidRequestException("The request body must be a JSON "
                                + (array ? "array" : "object")));
                    }
                    if (ldJson) {
                        if (link != null && link.contains(NgsiLdMediaTypes.CONTEXT_REL)) {
                            return Mono.error(new BadRequestDataException(
                                    "An application/ld+json request carries its @context in the body; drop the Link header"));
                        }
                        if (node.isArray()) {
                            return Mono.just(new Body(node, contexts.core(), true));
                        }
                        JsonNode context = node.get("@context");
                        if (context == null) {
                            return Mono.error(new BadRequestDataException(
                                    "An application/ld+json request body must contain an @context"));
                        }
                        return contexts.resolveInline(context).map(ctx -> new Body(node, ctx, true));
                    }
                    if (node.isObject() && node.has("@context")) {
                        return Mono.error(new BadRequestDataException(
                                "An application/json request body may not contain @context; send it as application/ld+json or use a Link header"));
                    }
                    return contexts.resolveLink(link).map(ctx -> new Body(node, ctx, false));
                });
    }

    /** The context of one element of an array body (batch operations). */
    public Mono<LdContext> elementContext(Body body, JsonNode element, ServerHttpRequest request) {
        if (body.ldJson()) {
            JsonNode context = element.get("@context");
            if (context == null) {
                return Mono.error(new BadRequestDataException("Each entity of an application/ld+json batch needs an @context"));
            }
            return contexts.resolveInline(context);
        }
        if (element.has("@context")) {
            return Mono.error(new BadRequestDataException(
                    "An application/json request body may not contain @context; send it as application/ld+json"));
        }
        return contexts.resolveLink(request.getHeaders().getFirst(HttpHeaders.LINK));
    }

    public JsonNode parse(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidRequestException("The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode() || !(node.isObject() || node.isArray())) {
            throw new InvalidRequestException("The request body must be a JSON object or array");
        }
        return node;
    }
}
