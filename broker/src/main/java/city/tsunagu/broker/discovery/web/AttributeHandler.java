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

/** Attribute discovery (ETSI GS CIM 009 v1.9.1, 5.7.8-5.7.10), answered from the tenant's entities. */
@RestController
@RequestMapping("/ngsi-ld/v1/attributes")
public class AttributeHandler {
    private final DiscoveryStore store;
    private final JsonResponses responses;
    private final LdContextResolver contexts;

    public AttributeHandler(DiscoveryStore store, JsonResponses responses, LdContextResolver contexts) {
        this.store = store;
        this.responses = responses;
        this.contexts = contexts;
    }

    /**
     * Retrieve Available Attributes (5.7.8): an AttributeList; with {@code details=true},
     * Retrieve Details of Available Attributes (5.7.9): an array of Attribute.
     */
    @GetMapping({"", "/"})
    public Mono<ResponseEntity<byte[]>> retrieveAttributes(ServerHttpRequest request) {
        DiscoveryRequest r = DiscoveryRequest.of(request, DiscoveryRequest.LIST_PARAMS);
        return contexts.resolveLink(DiscoveryRequest.link(request)).flatMap(ctx -> r.details()
                ? store.attributeDetails(r.tenant()).collectList()
                        .map(attrs -> responses.body(HttpStatus.OK, DiscoveryBodies.attributes(attrs, ctx), r.accept(), ctx))
                : store.attributeNames(r.tenant()).collectList()
                        .map(names -> responses.body(HttpStatus.OK, DiscoveryBodies.attributeList(names, ctx), r.accept(), ctx)));
    }

    /** Retrieve Available Attribute Information (5.7.10): an Attribute; 404 if no entity has it. */
    @GetMapping("/{attrId}")
    public Mono<ResponseEntity<byte[]>> retrieveAttributeInfo(ServerHttpRequest request, @PathVariable String attrId) {
        DiscoveryRequest r = DiscoveryRequest.of(request, DiscoveryRequest.ITEM_PARAMS);
        return contexts.resolveLink(DiscoveryRequest.link(request)).flatMap(ctx ->
                store.attributeInfo(r.tenant(), DiscoveryRequest.expand(attrId, "Attribute name", ctx))
                        .switchIfEmpty(Mono.error(() -> new ResourceNotFoundException("No entity has an attribute " + attrId)))
                        .map(info -> responses.body(HttpStatus.OK, DiscoveryBodies.attributeInfo(info, ctx), r.accept(), ctx)));
    }
}
