package city.tsunagu.broker.subscription.web;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.ResourceNotFoundException;
import city.tsunagu.broker.common.web.AcceptNegotiation;
import city.tsunagu.broker.common.web.JsonBodies;
import city.tsunagu.broker.common.web.JsonResponses;
import city.tsunagu.broker.common.web.PageLinks;
import city.tsunagu.broker.common.web.QueryParameters;
import city.tsunagu.broker.common.web.VersionPreference;
import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.query.QueryProperties;
import city.tsunagu.broker.subscription.SubscriptionService;
import city.tsunagu.broker.tenant.Tenant;
import java.net.URI;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The Subscription operations of ETSI GS CIM 009 v1.9.1 (5.8): create, update, retrieve, query, delete. */
@RestController
@RequestMapping("/ngsi-ld/v1/subscriptions")
public class SubscriptionHandler {
    private static final Set<String> READ_PARAMS = Set.of("options", "local");
    private static final Set<String> LIST_PARAMS = Set.of("limit", "offset", "count", "options", "local");
    private static final Set<String> OPTIONS = Set.of("sysAttrs", "count");

    private final SubscriptionService service;
    private final JsonBodies bodies;
    private final JsonResponses responses;
    private final LdContextResolver contexts;
    private final QueryProperties paging;

    public SubscriptionHandler(SubscriptionService service, JsonBodies bodies, JsonResponses responses, LdContextResolver contexts,
                               QueryProperties paging) {
        this.service = service;
        this.bodies = bodies;
        this.responses = responses;
        this.contexts = contexts;
        this.paging = paging;
    }

    /** Create Subscription (5.8.1): 201 with Location. */
    @PostMapping({"", "/"})
    public Mono<ResponseEntity<Void>> create(ServerHttpRequest request, @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
        QueryParameters.of(request.getQueryParams(), Set.of("local"));
        return bodies.read(request, body, false)
                .flatMap(b -> service.create(tenant, (ObjectNode) b.json(), b.context()))
                .map(id -> ResponseEntity.created(URI.create("/ngsi-ld/v1/subscriptions/" + id)).<Void>build());
    }

    /** Update Subscription (5.8.2): the fragment's members replace the subscription's; 204. */
    @PatchMapping("/{id}")
    public Mono<ResponseEntity<Void>> update(ServerHttpRequest request, @PathVariable String id,
                                             @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
        QueryParameters.of(request.getQueryParams(), Set.of("local"));
        checkId(id);
        return bodies.read(request, body, true)
                .flatMap(b -> service.update(tenant, id, (ObjectNode) b.json(), b.context()))
                .thenReturn(ResponseEntity.noContent().<Void>build());
    }

    /**
     * Retrieve Subscription (5.8.3). A preferred earlier NGSI-LD version (6.3.6) is honoured and
     * said so: a Subscription reads the same in every version this broker speaks.
     */
    @GetMapping("/{id}")
    public Mono<ResponseEntity<byte[]>> retrieve(ServerHttpRequest request, @PathVariable String id) {
        MediaType accept = AcceptNegotiation.choose(request.getHeaders().getFirst(HttpHeaders.ACCEPT), false);
        Tenant tenant = Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
        QueryParameters params = QueryParameters.of(request.getQueryParams(), READ_PARAMS);
        boolean sysAttrs = params.options(OPTIONS).contains("sysAttrs");
        checkId(id);
        return contexts.resolveLink(request.getHeaders().getFirst(HttpHeaders.LINK))
                .flatMap(ctx -> service.render(tenant, id, ctx, sysAttrs)
                        .switchIfEmpty(Mono.error(() -> notFound(id)))
                        .map(rendered -> {
                            HttpHeaders headers = new HttpHeaders();
                            String version = VersionPreference.of(request.getHeaders().getFirst("Prefer"));
                            if (version != null) {
                                headers.set("Preference-Applied", VersionPreference.applied(version));
                            }
                            return responses.body(HttpStatus.OK, rendered, accept, ctx, headers);
                        }));
    }

    /** Query Subscriptions (5.8.4): a page in id order, with count and the Links to the pages around it. */
    @GetMapping({"", "/"})
    public Mono<ResponseEntity<byte[]>> query(ServerHttpRequest request) {
        MediaType accept = AcceptNegotiation.choose(request.getHeaders().getFirst(HttpHeaders.ACCEPT), false);
        Tenant tenant = Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
        QueryParameters params = QueryParameters.of(request.getQueryParams(), LIST_PARAMS);
        Set<String> options = params.options(OPTIONS);
        int limit = intParam(params, "limit", paging.defaultLimit(), 0, paging.maxLimit());
        int offset = intParam(params, "offset", 0, 0, Integer.MAX_VALUE);
        boolean count = params.flag("count") || options.contains("count");
        return contexts.resolveLink(request.getHeaders().getFirst(HttpHeaders.LINK))
                .flatMap(ctx -> service.renderPage(tenant, offset, limit, ctx, options.contains("sysAttrs"))
                        .collect(JsonNodeFactory.instance::arrayNode, ArrayNode::add)
                        .zipWith(service.count(tenant))
                        .map(page -> {
                            HttpHeaders headers = new HttpHeaders();
                            if (count) {
                                headers.set("NGSILD-Results-Count", Long.toString(page.getT2()));
                            }
                            PageLinks.add(request, headers, offset, limit, page.getT1().size(), page.getT2(), accept);
                            return responses.body(HttpStatus.OK, page.getT1(), accept, ctx, headers);
                        }));
    }

    /** Delete Subscription (5.8.5): 204. */
    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<Void>> delete(ServerHttpRequest request, @PathVariable String id) {
        Tenant tenant = Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
        QueryParameters.of(request.getQueryParams(), Set.of("local"));
        checkId(id);
        return service.delete(tenant, id)
                .flatMap(deleted -> deleted ? Mono.just(ResponseEntity.noContent().<Void>build()) : Mono.error(notFound(id)));
    }

    private static void checkId(String id) {
        if (!NgsiLd.isUri(id)) {
            throw new BadRequestDataException("Subscription id '" + id + "' is not a URI");
        }
    }

    private static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("Subscription " + id + " does not exist");
    }

    private static int intParam(QueryParameters params, String name, int fallback, int min, int max) {
        String value = params.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequestDataException(name + " must be an integer from " + min + " to " + max + ", got '" + value + "'");
    }
}
