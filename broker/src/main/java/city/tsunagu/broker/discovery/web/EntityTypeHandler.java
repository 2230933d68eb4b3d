package city.tsunagu.broker.discovery.web;

import city.tsunagu.broker.common.error.ResourceNotFoundException;
import city.tsunagu.broker.common.web.JsonResponses;
import city.tsunagu.broker.discovery.store.DiscoveryStore;
import city.tsunagu.broker.ld.LdContextResolver;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Entity type discovery (ETSI GS CIM 009 v1.9.1, 5.7.5-5.7.7), answered from the tenant's entities. */
@RestController
@RequestMapping("/ngsi-ld/v1/types")
public class EntityTypeHandler {
    private final DiscoveryStore store;
    private final JsonResponses responses;
    private final LdContextResolver contexts;

    public EntityTypeHandler(DiscoveryStore store, JsonResponses responses, LdContextResolver contexts) {
        this.store = store;
        this.responses = responses;
        this.contexts = contexts;
    }

    /**
     * Retrieve Available Entity Types (5.7.5): an EntityTypeList; with {@code details=true},
     * Retrieve Details of Available Entity Types (5.7.6): an array of EntityType.
     */
    @GetMapping({"", "/"})
    public Mono<ResponseEntity<byte[]>> retrieveEntityTypes(ServerHttpRequest request) {
        DiscoveryRequest r = DiscoveryRequest.of(request, DiscoveryRequest.LIST_PARAMS);
        return contexts.resolveLink(DiscoveryRequest.link(request)).flatMap(ctx -> r.details()
                ? store.entityTypeDetails(r.tenant()).collectList()
                        .map(types -> responses.body(HttpStatus.OK, DiscoveryBodies.entityTypes(types, ctx), r.accept(), ctx))
                : store.entityTypes(r.tenant()).collectList()
                        .map(types -> responses.body(HttpStatus.OK, DiscoveryBodies.entityTypeList(types, ctx), r.accept(), ctx)));
    }

    /** Retrieve Available Entity Type Information (5.7.7): an EntityTypeInfo; 404 if no entity has the type. */
    @GetMapping("/{type}")
    public Mono<ResponseEntity<byte[]>> retrieveEntityTypeInfo(ServerHttpRequest request, @PathVariable String type) {
        DiscoveryRequest r = DiscoveryRequest.of(request, DiscoveryRequest.ITEM_PARAMS);
        return contexts.resolveLink(DiscoveryRequest.link(request)).flatMap(ctx ->
                store.entityTypeInfo(r.tenant(), DiscoveryRequest.expand(type, "Entity type", ctx))
                        .switchIfEmpty(Mono.error(() -> new ResourceNotFoundException("No entity of type " + type + " exists")))
                        .map(info -> responses.body(HttpStatus.OK, DiscoveryBodies.entityTypeInfo(info, ctx), r.accept(), ctx)));
    }
}
