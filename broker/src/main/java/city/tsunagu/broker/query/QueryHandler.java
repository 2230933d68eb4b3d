package city.tsunagu.broker.query;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.ErrorType;
import city.tsunagu.broker.common.error.ProtocolException;
import city.tsunagu.broker.common.web.AcceptNegotiation;
import city.tsunagu.broker.common.web.JsonBodies;
import city.tsunagu.broker.common.web.JsonResponses;
import city.tsunagu.broker.common.web.NgsiLdMediaTypes;
import city.tsunagu.broker.common.web.PageLinks;
import city.tsunagu.broker.common.web.QueryParameters;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.entity.web.EntityRenderer;
import city.tsunagu.broker.entity.service.EntityService;
import city.tsunagu.broker.entity.web.GeoJsonRenderer;
import city.tsunagu.broker.entity.web.LinkedEntityRetrieval;
import city.tsunagu.broker.entity.web.RenderOptions;
import city.tsunagu.broker.entity.web.RenderOptionsParser;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.query.geo.GeoQueries;
import city.tsunagu.broker.query.geo.GeoQuery;
import city.tsunagu.broker.query.language.Condition;
import city.tsunagu.broker.query.language.QueryLanguage;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.tenant.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.locationtech.jts.geom.Geometry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Query Entities (ETSI GS CIM 009 v1.9.1, 5.7.2): by id, idPattern, the type-selection language,
 * attrs, q, scopeQ and geo-queries, ordered (4.23) and paginated. entityMap and via are known
 * parameters this broker does not evaluate yet: it says so with 501 instead of silently ignoring
 * them.
 */
@RestController
public class QueryHandler {
    private static final Set<String> PARAMS = Set.of("id", "idPattern", "type", "attrs", "pick", "omit", "options",
            "format", "limit", "offset", "count", "lang", "geometryProperty", "local",
            "q", "geoQ", "georel", "geometry", "coordinates", "geoproperty", "scopeQ", "csf", "orderBy", "orderFrom", "collation",
            "join", "joinLevel", "containedBy", "datasetId", "expandValues", "entityMap", "via");
    private static final Set<String> NOT_IMPLEMENTED = Set.of("entityMap", "via");
    /** The parameters a POST query's body stands for: those of GET and the ordering's geometry. */
    private static final Set<String> BODY_PARAMS = Stream.concat(PARAMS.stream(), Stream.of(QueryBody.ORDER_GEOMETRY))
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> ENTITY_MEMBERS = Set.of("id", "type", "scope");
    private static final Set<String> SYSTEM_MEMBERS = Set.of("https://uri.etsi.org/ngsi-ld/createdAt",
            "https://uri.etsi.org/ngsi-ld/modifiedAt", "https://uri.etsi.org/ngsi-ld/observedAt", "createdAt", "modifiedAt");
    /**
     * Selectors of which a query needs at least one (5.7.2.4), unless it is a local query: ids and
     * idPattern narrow a selection but do not make one (the ETSI suite's 019_03_05).
     */
    private static final Set<String> SELECTORS = Set.of("type", "attrs", "q", "georel", "scopeQ");
    /** URL parameters of POST /entityOperations/query: the selection is in the body. */
    private static final Set<String> POST_PARAMS = Set.of("limit", "offset", "count", "options", "format", "local",
            "geometryProperty", "lang");
    private static final Set<String> OPTIONS = Set.of("keyValues", "simplified", "concise", "normalized", "sysAttrs", "count");

    private final EntityQueryStore store;
    private final JsonResponses responses;
    private final LdContextResolver contexts;
    private final QueryProperties properties;
    private final JsonBodies bodies;
    private final EntityRenderer renderer = new EntityRenderer();
    private final GeoJsonRenderer geoJson = new GeoJsonRenderer(renderer);
    private final LinkedEntityRetrieval linked;

    public QueryHandler(EntityQueryStore store, JsonResponses responses, LdContextResolver contexts, QueryProperties properties,
                        EntityService entities, JsonBodies bodies) {
        this.bodies = bodies;
        this.store = store;
        this.responses = responses;
        this.contexts = contexts;
        this.properties = properties;
        this.linked = new LinkedEntityRetrieval(entities, renderer);
    }

    /** Query Entities (5.7.2). */
    @GetMapping({"/ngsi-ld/v1/entities", "/ngsi-ld/v1/entities/"})
    public Mono<ResponseEntity<byte[]>> queryEntities(ServerHttpRequest request) {
        MediaType accept = AcceptNegotiation.choose(request.getHeaders().getFirst(HttpHeaders.ACCEPT), true);
        Tenant tenant = Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
        QueryParameters params = QueryParameters.of(request.getQueryParams(), PARAMS);
        if ("*".equals(params.get("type")) && "false".equals(params.get("local"))) {
            throw new BadRequestDataException("type=* queries the local entities of every type (4.17); local=false contradicts it");
        }
        if (SELECTORS.stream().noneMatch(p -> params.get(p) != null) && !params.flag("local")) {
            throw new BadRequestDataException("A query needs at least one of type, attrs, q, georel or scopeQ (or local=true);"
                    + " with id or idPattern give their type, or type=* for any type");
        }
        return contexts.resolveLink(request.getHeaders().getFirst(HttpHeaders.LINK))
                .flatMap(ctx -> execute(request, accept, tenant, params, ctx, List.of(selector(params, ctx))));
    }

    /**
     * Query Entities by POST (5.7.2 via 6.23.3): the Query in the body stands for the query
     * parameters; paging, count and representation stay in the URL.
     */
    @PostMapping("/ngsi-ld/v1/entityOperations/query")
    public Mono<ResponseEntity<byte[]>> queryEntitiesByPost(ServerHttpRequest request,
                                                            @RequestBody(required = false) Mono<String> body) {
        MediaType accept = AcceptNegotiation.choose(request.getHeaders().getFirst(HttpHeaders.ACCEPT), true);
        Tenant tenant = Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
        QueryParameters.of(request.getQueryParams(), POST_PARAMS);
        return bodies.read(request, body, false).flatMap(b -> {
            QueryBody query = QueryBody.parse(b.json(), b.context());
            MultiValueMap<String, String> merged = new LinkedMultiValueMap<>(request.getQueryParams());
            query.parameters().forEach(merged::addAll);
            if (!query.selectors().isEmpty()) {
                merged.add("local", "true"); // the body's EntitySelectors (each with a type) select
            }
            return execute(request, accept, tenant, QueryParameters.of(merged, BODY_PARAMS), b.context(), query.selectors());
        });
    }

    private Mono<ResponseEntity<byte[]>> execute(ServerHttpRequest request, MediaType accept, Tenant tenant,
                                                 QueryParameters params, LdContext ctx, List<EntityQuery.Selector> selectors) {
        for (String name : NOT_IMPLEMENTED) {
            if (params.get(name) != null) {
                throw new ProtocolException(ErrorType.NOT_IMPLEMENTED, "Query parameter " + name
                        + " is not supported by this broker yet");
            }
        }
        int limit = intParam(params, "limit", properties.defaultLimit(), 0, properties.maxLimit());
        int offset = intParam(params, "offset", 0, 0, Integer.MAX_VALUE);
        boolean count = params.flag("count") || params.list("options").contains("count");
        boolean geo = accept.equalsTypeAndSubtype(NgsiLdMediaTypes.GEO_JSON);
        if (params.get("geometryProperty") != null && !geo) {
            throw new BadRequestDataException("geometryProperty is only meaningful with Accept: application/geo+json");
        }
        LinkedEntityRetrieval.Join join = LinkedEntityRetrieval.Join.parse(params.get("join"));
        int joinLevel = LinkedEntityRetrieval.joinLevel(params.get("joinLevel"));
        Set<String> containedBy = LinkedEntityRetrieval.containedBy(params, join);
        return Mono.defer(() -> {
            RenderOptions options = RenderOptionsParser.parse(params, ctx, OPTIONS);
            LinkedEntityRetrieval.checkProjectionDepth(options, join, joinLevel);
            EntityQuery query = query(params, ctx, selectors, options, offset, limit, join == null ? 0 : joinLevel);
            Mono<Long> total = count ? store.count(tenant, query) : Mono.just(-1L);
            String geometry = params.get("geometryProperty") == null ? GeoJsonRenderer.DEFAULT_GEOMETRY
                    : ctx.expand(params.get("geometryProperty"));
            return store.find(tenant, query).collectList().zipWith(total).flatMap(page -> {
                Mono<ArrayNode> rendered;
                if (join != null && !geo) {
                    rendered = linked.renderAll(tenant, page.getT1(), ctx, options, join, joinLevel, containedBy);
                } else {
                    ArrayNode array = JsonNodeFactory.instance.arrayNode();
                    page.getT1().forEach(e -> array.add(geo ? geoJson.feature(e, ctx, options, geometry) : renderer.render(e, ctx, options)));
                    rendered = Mono.just(array);
                }
                return rendered.map(body -> respond(request, accept, ctx, body, count, page.getT2(), offset, limit, page.getT1().size()));
            });
        });
    }

    private ResponseEntity<byte[]> respond(ServerHttpRequest request, MediaType accept, LdContext ctx, ArrayNode body,
                                           boolean count, long total, int offset, int limit, int returned) {
        boolean geo = accept.equalsTypeAndSubtype(NgsiLdMediaTypes.GEO_JSON);
        HttpHeaders headers = new HttpHeaders();
        if (count) {
            headers.set("NGSILD-Results-Count", Long.toString(total));
        }
        PageLinks.add(request, headers, offset, limit, returned, total, accept);
        if (geo) {
            ObjectNode collection = JsonNodeFactory.instance.objectNode();
            collection.put("type", "FeatureCollection");
            collection.set("features", body);
            return responses.body(HttpStatus.OK, collection, accept, ctx, headers, JsonResponses.prefersJsonBody(request));
        }
        return responses.body(HttpStatus.OK, body, accept, ctx, headers);
    }

    /** The selection of a query: type selection, q and scopeQ as one condition, and the geo-query. */
    /** The entity selector of a GET query: id, idPattern and the type-selection language ("*" = any type, 4.17). */
    public static EntityQuery.Selector selector(QueryParameters params, LdContext ctx) {
        String type = params.get("type");
        Condition types = type == null || "*".equals(type) ? null : QueryLanguage.parseTypeSelection(type, ctx);
        return new EntityQuery.Selector(EntitySelectors.ids(params), EntitySelectors.idPattern(params), types);
    }

    /**
     * The query of the parameters (also of temporal queries, 5.7.4, which select entities alike).
     *
     * @param joinLevel how far linked entities are retrieved: 0 without join
     */
    public static EntityQuery query(QueryParameters params, LdContext ctx, List<EntityQuery.Selector> selectors,
                                     RenderOptions options, int offset, int limit, int joinLevel) {
        Condition q = null;
        if (params.get("q") != null) {
            q = QueryLanguage.parseQ(params.get("q"), ctx, params.list("expandValues"));
            int depth = QueryLanguage.linkedDepth(q);
            if (depth > joinLevel) {
                throw new BadRequestDataException("q reaches linked entities " + depth + " Relationship(s) deep: give join and"
                        + " a joinLevel of at least " + depth);
            }
        }
        Condition scope = params.get("scopeQ") == null ? null : QueryLanguage.parseScopeQ(params.get("scopeQ"));
        if (params.get("csf") != null) {
            // csf chooses the context source registrations a query is forwarded to; this broker holds
            // none, so a valid csf leaves the local answer as it is, and an invalid one is refused
            QueryLanguage.parseCsf(params.get("csf"), ctx);
        }
        GeoQuery geo = GeoQueries.parse(params.get("georel"), params.get("geometry"), params.get("coordinates"),
                params.get("geoproperty"), ctx).orElse(null);
        // a type, even "*" (which implies local=true, 4.17), or an id selects; so does any selector of a POST query
        boolean selective = geo != null || scope != null || params.get("type") != null || params.get("id") != null
                || params.get("idPattern") != null || selectors.stream().anyMatch(
                s -> !s.ids().isEmpty() || s.idPattern() != null || s.types() != null);
        if (!selective && !params.flag("local")) {
            // 5.7.2.4: attrs or q that name only system members select every entity
            boolean byAttrs = attrs(params, ctx).stream().anyMatch(a -> !SYSTEM_MEMBERS.contains(a));
            boolean byQ = q != null && !QueryLanguage.attributes(q).isEmpty();
            if (!byAttrs && !byQ) {
                throw new BadRequestDataException("The query is too wide: give a type, id, idPattern, geo-query or scopeQ,"
                        + " or attrs / q on attributes that are not system members");
            }
        }
        return new EntityQuery(selectors, selectingAttributes(params, ctx, options), Condition.and(q, scope), geo,
                order(params, ctx), offset, limit);
    }

    /**
     * The attributes of which an entity needs one to be in the answer: those of attrs, or those
     * of a pick that names attributes only (4.21: pick generalises attrs; an entity with none of
     * them would be an empty object), none when pick keeps id, type or scope.
     */
    private static List<String> selectingAttributes(QueryParameters params, LdContext ctx, RenderOptions options) {
        List<String> attrs = attrs(params, ctx);
        if (attrs.isEmpty() && options.pick() != null && options.pick().names().stream().noneMatch(ENTITY_MEMBERS::contains)) {
            attrs.addAll(options.pick().names());
        }
        return attrs;
    }

    /** orderBy with its reference point (orderFrom) and collation (4.23); null without orderBy. */
    private static EntityOrder order(QueryParameters params, LdContext ctx) {
        String orderBy = params.get("orderBy");
        if (orderBy == null) {
            if (params.get("orderFrom") != null || params.get("collation") != null) {
                throw new BadRequestDataException("orderFrom and collation apply to orderBy, which is missing");
            }
            return null;
        }
        String geometry = params.get(QueryBody.ORDER_GEOMETRY) == null ? "Point" : params.get(QueryBody.ORDER_GEOMETRY);
        Geometry from = null;
        if (params.get("orderFrom") != null) {
            try {
                from = EntityOrder.reference(geometry, GeoQueries.coordinatesText(params.get("orderFrom"), geometry));
            } catch (BadRequestDataException e) {
                throw new BadRequestDataException("orderFrom: " + e.getMessage());
            }
        }
        return EntityOrder.parse(orderBy, params.get("collation"), from, ctx);
    }


    private static List<String> attrs(QueryParameters params, LdContext ctx) {
        List<String> attrs = new ArrayList<>();
        for (String name : params.list("attrs")) {
            if (ENTITY_MEMBERS.contains(name)) {
                throw new BadRequestDataException("attrs lists attribute names; '" + name + "' is an entity member, always"
                        + " included (use pick to choose entity members)");
            }
            attrs.add(EntityParser.expandName(name, ctx));
        }
        return attrs;
    }

    private static int intParam(QueryParameters params, String name, int fallback, int min, int max) {
        String value = params.get(name);
        if (value == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadRequestDataException(name + " must be an integer, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new BadRequestDataException(name + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }
}
