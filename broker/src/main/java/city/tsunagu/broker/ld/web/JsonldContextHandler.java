package city.tsunagu.broker.ld.web;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.ErrorType;
import city.tsunagu.broker.common.error.InvalidRequestException;
import city.tsunagu.broker.common.error.ProtocolException;
import city.tsunagu.broker.ld.ContextDetails;
import city.tsunagu.broker.ld.ContextKind;
import city.tsunagu.broker.ld.JsonldContextService;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.tenant.Tenant;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The @context resources (ETSI GS CIM 009 v1.9.1, 5.13; HTTP binding 6.30): the broker as a
 * @context server. Hosted @contexts belong to the tenant of the NGSILD-Tenant header.
 */
@RestController
@RequestMapping(LdContextResolver.CONTEXTS_PATH)
public class JsonldContextHandler {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final MediaType LD_JSON = MediaType.valueOf("application/ld+json");

    private final JsonldContextService contexts;
    private final JsonMapper json;

    public JsonldContextHandler(JsonldContextService contexts, JsonMapper json) {
        this.contexts = contexts;
        this.json = json;
    }

    /** Add @context, 5.13.2: stores the @context of a {"@context": ...} body as a Hosted @context; 201 with its Location. */
    @PostMapping
    public Mono<ResponseEntity<Void>> addContext(@RequestHeader(value = Tenant.HEADER, required = false) String tenant,
                                                @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
                                                @RequestBody(required = false) Mono<String> body) {
        checkContentType(contentType);
        Tenant owner = Tenant.fromHeader(tenant);
        return body.switchIfEmpty(Mono.error(() -> new InvalidRequestException("The request body is empty; send {\"@context\": ...}")))
                .map(this::contextMember)
                .flatMap(context -> contexts.add(owner, context))
                .map(id -> ResponseEntity.created(URI.create(LdContextResolver.CONTEXTS_PATH + "/" + id)).build());
    }

    /** List @contexts, 5.13.3: their URLs, or with details=true their details; kind filters. */
    @GetMapping
    public Mono<ResponseEntity<byte[]>> listContexts(@RequestHeader(value = Tenant.HEADER, required = false) String tenant,
                                                     @RequestParam(required = false) String details,
                                                     @RequestParam(required = false) String kind) {
        boolean withDetails = flag("details", details);
        ContextKind only = kind == null || kind.isEmpty() ? null : ContextKind.parse(kind).orElseThrow(() ->
                new BadRequestDataException("kind must be Hosted, Cached or ImplicitlyCreated, not '" + kind + "'"));
        Tenant owner = Tenant.fromHeader(tenant);
        return contexts.list(owner, only)
                .map(entry -> withDetails ? details(entry) : json.getNodeFactory().stringNode(entry.url()))
                .collectList()
                .map(entries -> {
                    ArrayNode array = json.createArrayNode();
                    entries.forEach(array::add);
                    return ok(array);
                });
    }

    /** Serve @context, 5.13.4: the @context by local id or (Cached) URL, or with details=true its details. */
    @GetMapping("/{contextId}")
    public Mono<ResponseEntity<byte[]>> serveContext(@RequestHeader(value = Tenant.HEADER, required = false) String tenant,
                                                     @PathVariable String contextId,
                                                     @RequestParam(required = false) String details) {
        boolean withDetails = flag("details", details);
        Tenant owner = Tenant.fromHeader(tenant);
        if (withDetails) {
            return contexts.details(owner, contextId).map(entry -> ok(details(entry)));
        }
        return contexts.content(owner, contextId).map(this::ok);
    }

    /** Delete and reload @context, 5.13.5: deletes a Hosted or implicit @context, drops or (reload=true) re-downloads a Cached one. */
    @DeleteMapping("/{contextId}")
    public Mono<ResponseEntity<Void>> deleteContext(@RequestHeader(value = Tenant.HEADER, required = false) String tenant,
                                                    @PathVariable String contextId,
                                                    @RequestParam(required = false) String reload) {
        boolean reloading = flag("reload", reload);
        Tenant owner = Tenant.fromHeader(tenant);
        return contexts.delete(owner, contextId, reloading).then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
    }

    private JsonNode contextMember(String text) {
        JsonNode body;
        try {
            body = json.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidRequestException("The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("The request body must be a JSON object {\"@context\": ...}");
        }
        JsonNode context = body.get("@context");
        if (context == null) {
            throw new InvalidRequestException("The request body has no \"@context\" member; send {\"@context\": ...}");
        }
        return context;
    }

    private ObjectNode details(ContextDetails entry) {
        ObjectNode node = json.createObjectNode();
        node.put("URL", entry.url());
        node.put("localId", entry.localId());
        node.put("kind", entry.kind().name());
        node.put("createdAt", timestamp(entry.createdAt()));
        if (entry.lastUsage() != null) {
            node.put("lastUsage", timestamp(entry.lastUsage()));
        }
        node.put("numberOfHits", entry.numberOfHits());
        if (entry.expiresAt() != null) {
            node.put("expiresAt", timestamp(entry.expiresAt()));
        }
        return node;
    }

    private ResponseEntity<byte[]> ok(JsonNode body) {
        return ResponseEntity.status(HttpStatus.OK).contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body));
    }

    private static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadRequestDataException(name + " must be true or false, not '" + value + "'");
        };
    }

    private static void checkContentType(String header) {
        if (header == null || header.isBlank()) {
            return;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(header);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Content-Type '" + header + "' is not a valid media type");
        }
        if (type.equalsTypeAndSubtype(MediaType.APPLICATION_JSON) || type.equalsTypeAndSubtype(LD_JSON)) {
            return;
        }
        throw new ProtocolException(ErrorType.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type " + type + " is not supported; send the @context as application/json or application/ld+json");
    }
}
