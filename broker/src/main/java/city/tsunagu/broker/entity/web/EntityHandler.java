package city.tsunagu.broker.entity.web;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.ErrorType;
import city.tsunagu.broker.common.error.ProtocolException;
import city.tsunagu.broker.common.error.ResourceNotFoundException;
import city.tsunagu.broker.common.web.AcceptNegotiation;
import city.tsunagu.broker.common.web.JsonBodies;
import city.tsunagu.broker.common.web.JsonResponses;
import city.tsunagu.broker.common.web.NgsiLdMediaTypes;
import city.tsunagu.broker.common.web.QueryParameters;
import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.entity.service.EntityService;
import city.tsunagu.broker.entity.service.UpdateResult;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.tenant.Tenant;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The entity and entity-attribute operations of ETSI GS CIM 009 v1.9.1 (5.6, 5.7.1). */
@RestController
@RequestMapping("/ngsi-ld/v1/entities")
public class EntityHandler {
    private static final Set<String> RETRIEVE_PARAMS = Set.of("attrs", "pick", "omit", "options", "format", "lang",
            "geometryProperty", "type", "local", "join", "joinLevel", "containedBy", "datasetId", "entityMap", "via");
    private static final Set<String> RETRIEVE_OPTIONS = Set.of("keyValues", "simplified", "concise", "normalized", "sysAttrs");
    private static final Set<String> WRITE_PARAMS = Set.of("options", "format", "local", "observedAt", "lang", "type");
    private static final Set<String> WRITE_OPTIONS = Set.of("noOverwrite", "keyValues", "concise", "normalized", "replace", "update");

    private static final String SCOPE = "scope";

    private final EntityService service;
    private final JsonBodies bodies;
    private final JsonResponses responses;
    private final LdContextResolver contexts;
    private final EntityParser parser = new EntityParser();
    private final EntityRenderer renderer = new EntityRenderer();
    private final GeoJsonRenderer geoJson = new GeoJsonRenderer(renderer);
    private final LinkedEntityRetrieval linked;

    public EntityHandler(EntityService service, JsonBodies bodies, JsonResponses responses, LdContextResolver contexts) {
        this.service = service;
        this.bodies = bodies;
        this.responses = responses;
        this.contexts = contexts;
        this.linked = new LinkedEntityRetrieval(service, renderer);
    }

    /** Create Entity (5.6.1): 201 with Location. */
    @PostMapping({"", "/"})
    public Mono<ResponseEntity<Void>> createEntity(ServerHttpRequest request, @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters.of(request.getQueryParams(), WRITE_PARAMS);
        return bodies.read(request, body, false)
                .map(b -> parser.parseEntity(b.json(), b.context()))
                .flatMap(entity -> service.create(tenant, entity)
                        .thenReturn(ResponseEntity.created(URI.create("/ngsi-ld/v1/entities/" + entity.id())).<Void>build()));
    }

    /** Retrieve Entity (5.7.1), with linked entity retrieval (4.5.23) by {@code join}. */
    @GetMapping("/{id}")
    public Mono<ResponseEntity<byte[]>> retrieveEntity(ServerHttpRequest request, @PathVariable String id) {
        MediaType accept = AcceptNegotiation.choose(request.getHeaders().getFirst(HttpHeaders.ACCEPT), true);
        Tenant tenant = tenant(request);
        QueryParameters params = QueryParameters.of(request.getQueryParams(), RETRIEVE_PARAMS);
        checkId(id);
        boolean geo = accept.equalsTypeAndSubtype(NgsiLdMediaTypes.GEO_JSON);
        if (params.get("geometryProperty") != null && !geo) {
            throw new BadRequestDataException("geometryProperty is only meaningful with Accept: application/geo+json");
        }
        LinkedEntityRetrieval.Join join = LinkedEntityRetrieval.Join.parse(params.get("join"));
        int joinLevel = LinkedEntityRetrieval.joinLevel(params.get("joinLevel"));
        Set<String> containedBy = LinkedEntityRetrieval.containedBy(params, join);
        for (String name : List.of("entityMap", "via")) {
            if (params.get(name) != null) {
                throw new ProtocolException(ErrorType.NOT_IMPLEMENTED, "Parameter " + name + " is not supported by this broker yet");
            }
        }
        return contexts.resolveLink(request.getHeaders().getFirst(HttpHeaders.LINK)).flatMap(ctx -> {
            RenderOptions options = RenderOptionsParser.parse(params, ctx, RETRIEVE_OPTIONS);
            LinkedEntityRetrieval.checkProjectionDepth(options, join, joinLevel);
            Set<String> types = expandAll(params.list("type"), ctx);
            Set<String> attrs = expandAll(params.list("attrs"), ctx);
            return service.retrieve(tenant, id)
                    .filter(e -> types.isEmpty() || e.types().stream().anyMatch(types::contains))
                    .filter(e -> attrs.isEmpty() || attrs.stream().anyMatch(e.attributes()::containsKey))
                    .switchIfEmpty(Mono.error(() -> EntityService.notFound(id)))
                    .flatMap(entity -> {
                        if (geo) {
                            return Mono.just(geoJson.feature(entity, ctx, options, geometryProperty(params, ctx)));
                        }
                        if (join != null) {
                            return linked.render(tenant, entity, ctx, options, join, joinLevel, containedBy);
                        }
                        return Mono.just((JsonNode) renderer.render(entity, ctx, options));
                    })
                    .map(body -> {
                        if (body.isEmpty()) {
                            throw new ResourceNotFoundException("Entity " + id + " has none of the requested members");
                        }
                        return responses.body(HttpStatus.OK, body, accept, ctx, new HttpHeaders(),
                                JsonResponses.prefersJsonBody(request));
                    });
        });
    }

    /** Delete Entity (5.6.6). */
    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<Void>> deleteEntity(ServerHttpRequest request, @PathVariable String id) {
        Tenant tenant = tenant(request);
        QueryParameters params = QueryParameters.of(request.getQueryParams(), Set.of("type", "local"));
        checkId(id);
        return contexts.resolveLink(request.getHeaders().getFirst(HttpHeaders.LINK))
                .flatMap(ctx -> service.delete(tenant, id, List.copyOf(expandAll(params.list("type"), ctx))))
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** Merge Entity (5.6.17). */
    @PatchMapping("/{id}")
    public Mono<ResponseEntity<Void>> mergeEntity(ServerHttpRequest request, @PathVariable String id,
                                                  @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters.of(request.getQueryParams(), WRITE_PARAMS);
        bodies.checkContentType(request, true);
        checkId(id);
        return bodies.read(request, body, true)
                .flatMap(b -> {
                    ObjectNode fragment = object(b.json());
                    checkBodyId(fragment, id);
                    return service.merge(tenant, id, fragment, b.context());
                })
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** Replace Entity (5.6.18). */
    @PutMapping("/{id}")
    public Mono<ResponseEntity<Void>> replaceEntity(ServerHttpRequest request, @PathVariable String id,
                                                    @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters.of(request.getQueryParams(), WRITE_PARAMS);
        bodies.checkContentType(request, false);
        checkId(id);
        return bodies.read(request, body, false)
                .flatMap(b -> {
                    ObjectNode object = object(b.json());
                    checkBodyId(object, id);
                    if (!object.has("id") && !object.has("@id")) {
                        object = object.deepCopy();
                        object.put("id", id);
                    }
                    return service.replace(tenant, parser.parseEntity(object, b.context()));
                })
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** Replace or merge without an entity id: a client error, not a missing resource. */
    @RequestMapping(path = "/", method = {org.springframework.web.bind.annotation.RequestMethod.PUT,
            org.springframework.web.bind.annotation.RequestMethod.PATCH})
    public Mono<ResponseEntity<Void>> missingId() {
        return Mono.error(new BadRequestDataException("The entity id is missing from the path: /ngsi-ld/v1/entities/{entityId}"));
    }

    /** Append Entity Attributes (5.6.3): 204, or 207 with what was not appended. */
    @PostMapping({"/{id}/attrs", "/{id}/attrs/"})
    public Mono<ResponseEntity<byte[]>> appendAttributes(ServerHttpRequest request, @PathVariable String id,
                                                         @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters params = QueryParameters.of(request.getQueryParams(), WRITE_PARAMS);
        boolean noOverwrite = params.options(WRITE_OPTIONS).contains("noOverwrite");
        bodies.checkContentType(request, false);
        checkId(id);
        return bodies.read(request, body, false)
                .flatMap(b -> {
                    ObjectNode fragment = object(b.json());
                    checkBodyId(fragment, id);
                    var parsed = parser.parseFragment(fragment, b.context(), false);
                    return service.append(tenant, id, parsed, noOverwrite, typeGate(params, b.context()))
                            .map(this::updateResponse);
                });
    }

    /** Update Entity Attributes (5.6.2): 204, or 207 with what did not exist. */
    @PatchMapping({"/{id}/attrs", "/{id}/attrs/"})
    public Mono<ResponseEntity<byte[]>> updateAttributes(ServerHttpRequest request, @PathVariable String id,
                                                         @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters params = QueryParameters.of(request.getQueryParams(), WRITE_PARAMS);
        bodies.checkContentType(request, false);
        checkId(id);
        return bodies.read(request, body, false)
                .flatMap(b -> {
                    ObjectNode fragment = object(b.json());
                    checkBodyId(fragment, id);
                    var parsed = parser.parseFragment(fragment, b.context(), true);
                    return service.update(tenant, id, parsed, typeGate(params, b.context())).map(this::updateResponse);
                });
    }

    /** Partial Attribute Update (5.6.4). */
    @PatchMapping("/{id}/attrs/{attrId}")
    public Mono<ResponseEntity<Void>> updateAttribute(ServerHttpRequest request, @PathVariable String id,
                                                      @PathVariable String attrId, @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters params = QueryParameters.of(request.getQueryParams(), WRITE_PARAMS);
        bodies.checkContentType(request, true);
        checkId(id);
        if (SCOPE.equals(attrId)) {
            throw new BadRequestDataException("scope is not an attribute and cannot be partially updated; use PATCH /entities/{id}/attrs");
        }
        return bodies.read(request, body, true)
                .flatMap(b -> service.updateAttribute(tenant, id, attrId, EntityParser.expandName(attrId, b.context()),
                        withoutContext(b.json()), b.context(), typeGate(params, b.context())))
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** Replace Attribute (5.6.19). */
    @PutMapping("/{id}/attrs/{attrId}")
    public Mono<ResponseEntity<Void>> replaceAttribute(ServerHttpRequest request, @PathVariable String id,
                                                       @PathVariable String attrId, @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters params = QueryParameters.of(request.getQueryParams(), WRITE_PARAMS);
        bodies.checkContentType(request, false);
        checkId(id);
        return bodies.read(request, body, false)
                .flatMap(b -> {
                    Attribute replacement = parser.parseAttribute(attrId, withoutContext(b.json()), b.context(), false);
                    return service.replaceAttribute(tenant, id, attrId, EntityParser.expandName(attrId, b.context()), replacement,
                            typeGate(params, b.context()));
                })
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** Delete Entity Attribute (5.6.5). */
    @DeleteMapping("/{id}/attrs/{attrId}")
    public Mono<ResponseEntity<Void>> deleteAttribute(ServerHttpRequest request, @PathVariable String id, @PathVariable String attrId) {
        Tenant tenant = tenant(request);
        QueryParameters params = QueryParameters.of(request.getQueryParams(), Set.of("datasetId", "deleteAll", "local", "type"));
        checkId(id);
        String datasetId = params.get("datasetId");
        if (datasetId != null && !NgsiLd.isUri(datasetId)) {
            throw new BadRequestDataException("datasetId must be a URI, got '" + datasetId + "'");
        }
        boolean deleteAll = params.flag("deleteAll");
        return contexts.resolveLink(request.getHeaders().getFirst(HttpHeaders.LINK))
                .flatMap(ctx -> SCOPE.equals(attrId) ? service.deleteScope(tenant, id, typeGate(params, ctx))
                        : service.deleteAttribute(tenant, id, attrId, EntityParser.expandName(attrId, ctx), datasetId, deleteAll,
                        typeGate(params, ctx)))
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** 204, or 207 with an UpdateResult naming attributes by their expanded IRIs, as the suite expects. */
    private ResponseEntity<byte[]> updateResponse(UpdateResult result) {
        if (result.complete()) {
            return ResponseEntity.noContent().build();
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode updated = body.putArray("updated");
        result.updated().forEach(updated::add);
        ArrayNode notUpdated = body.putArray("notUpdated");
        result.notUpdated().forEach(n -> notUpdated.addObject()
                .put("attributeName", n.attributeName())
                .put("reason", n.reason()));
        return responses.plain(HttpStatus.MULTI_STATUS, body);
    }

    /** The {@code type} parameter of attribute operations: the entity must be of one of these types. */
    private static Set<String> typeGate(QueryParameters params, LdContext ctx) {
        return expandAll(params.list("type"), ctx);
    }

    static Tenant tenant(ServerHttpRequest request) {
        return Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
    }

    static void checkId(String id) {
        if (!NgsiLd.isUri(id)) {
            throw new BadRequestDataException("Entity id '" + id + "' is not a URI; ids look like urn:ngsi-ld:Vehicle:bus-1");
        }
    }

    private static void checkBodyId(ObjectNode body, String id) {
        JsonNode bodyId = body.has("id") ? body.get("id") : body.get("@id");
        if (bodyId != null && !(bodyId.isString() && bodyId.stringValue().equals(id))) {
            throw new BadRequestDataException("The id in the body (" + bodyId + ") differs from the id in the path (" + id + ")");
        }
    }

    private static ObjectNode object(JsonNode json) {
        if (!json.isObject()) {
            throw new BadRequestDataException("The request body must be a JSON object");
        }
        return (ObjectNode) json;
    }

    private static JsonNode withoutContext(JsonNode json) {
        if (json.isObject() && json.has("@context")) {
            ObjectNode copy = ((ObjectNode) json).deepCopy();
            copy.remove("@context");
            return copy;
        }
        return json;
    }

    private static Set<String> expandAll(Set<String> names, LdContext ctx) {
        Set<String> expanded = new HashSet<>();
        names.forEach(n -> expanded.add(ctx.expand(n)));
        return expanded;
    }

    private static String geometryProperty(QueryParameters params, LdContext ctx) {
        String name = params.get("geometryProperty");
        return name == null ? GeoJsonRenderer.DEFAULT_GEOMETRY : ctx.expand(name);
    }
}
