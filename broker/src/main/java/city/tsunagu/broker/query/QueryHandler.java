package city.tsunagu.broker.query;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.ErrorType;
import city.tsunagu.broker.common.error.ProtocolException;
import city.tsunagu.broker.common.web.AcceptNegotiation;
import city.tsunagu.broker.common.web.JsonResponses;
import city.tsunagu.broker.common.web.NgsiLdMediaTypes;
import city.tsunagu.broker.common.web.QueryParameters;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.entity.web.EntityRenderer;
import city.tsunagu.broker.entity.web.GeoJsonRenderer;
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
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Query Entities (ETSI GS CIM 009 v1.9.1, 5.7.2): by id, idPattern, the type-selection language,
 * attrs, q, scopeQ and geo-queries, paginated. orderBy, csf and linked-entity retrieval in
 * queries are known parameters this broker does not evaluate yet: it says so with 501 instead
 * of silently ignoring them.
 */
@RestController
public class QueryHandler {
    private static final Set<String> PARAMS = Set.of("id", "idPattern", "type", "attrs", "pick", "omit", "options",
            "format", "limit", "offset", "count", "lang", "geometryProperty", "local",
            "q", "geoQ", "georel", "geometry", "coordinates", "geoproperty", "scopeQ", "csf", "orderBy",
            "join", "joinLevel", "containedBy", "datasetId", "expandValues", "entityMap", "via");
    private static final Set<String> NOT_IMPLEMENTED = Set.of("csf", "orderBy", "join", "joinLevel", "containedBy",
            "datasetId", "entityMap", "via");
    private static final Set<String> OPTIONS = Set.of("keyValues", "simplified", "concise", "normalized", "sysAttrs", "count");

    private final EntityQueryStore store;
    private final JsonResponses responses;
    private final LdContextResolver contexts;
    private final QueryProperties properties;
    private final EntityRenderer renderer = new EntityRenderer();
    private final GeoJsonRenderer geoJson = new GeoJsonRenderer(renderer);

    public QueryHandler(EntityQueryStore store, JsonResponses responses, LdContextResolver contexts, QueryProperties properties) {
        this.store = store;
        this.responses = responses;
        this.contexts = contexts;
        this.properties = properties;
    }

    /** Query Entities (5.7.2). */
    @GetMapping({"/ngsi-ld/v1/entities", "/ngsi-ld/v1/entities/"})
    public Mono<ResponseEntity<byte[]>> queryEntities(ServerHttpRequest request) {
        MediaType accept = AcceptNegotiation.choose(request.getHeaders().getFirst(HttpHeaders.ACCEPT), true);
        Tenant tenant = Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
        QueryParameters params = QueryParameters.of(request.getQueryParams(), PARAMS);
        for (String name : NOT_IMPLEMENTED) {
            if (params.get(name) != null) {
                throw new ProtocolException(ErrorType.NOT_IMPLEMENTED, "Query parameter " + name
                        + " is not supported by this broker yet");
            }
        }
        int limit = intParam(params, "limit", properties.defaultLimit(), 0, properties.maxLimit());
        int offset = intParam(params, "offset", 0, 0, Integer.MAX_VALUE);
        boolean count = params.flag("count") || params.list("options").contains("count");
        return contexts.resolveLink(request.getHeaders().getFirst(HttpHeaders.LINK)).flatMap(ctx -> {
            RenderOptions options = RenderOptionsParser.parse(params, ctx, OPTIONS);
            EntityQuery query = query(params, ctx, offset, limit);
            Mono<Long> total = count ? store.count(tenant, query) : Mono.just(-1L);
            return store.find(tenant, query).collectList().zipWith(total).map(page -> {
                ArrayNode body = JsonNodeFactory.instance.arrayNode();
                boolean geo = accept.equalsTypeAndSubtype(NgsiLdMediaTypes.GEO_JSON);
                String geometry = params.get("geometryProperty") == null ? GeoJsonRenderer.DEFAULT_GEOMETRY
                        : ctx.expand(params.get("geometryProperty"));
                page.getT1().forEach(e -> body.add(geo ? geoJson.feature(e, ctx, options, geometry) : renderer.render(e, ctx, options)));
                HttpHeaders headers = new HttpHeaders();
                if (count) {
                    headers.set("NGSILD-Results-Count", Long.toString(page.getT2()));
                }
                pageLinks(request, headers, offset, limit, page.getT1().size(), page.getT2());
                if (geo) {
                    ObjectNode collection = JsonNodeFactory.instance.objectNode();
                    collection.put("type", "FeatureCollection");
                    collection.set("features", body);
                    return responses.body(HttpStatus.OK, collection, accept, ctx, headers, JsonResponses.prefersJsonBody(request));
                }
                return responses.body(HttpStatus.OK, body, accept, ctx, headers);
            });
        });
    }

    /**
     * Purge Entities (5.6.21): parameters are checked, but purging is not offered yet; the
     * answer says so instead of deleting nothing silently.
     */
    @org.springframework.web.bind.annotation.DeleteMapping({"/ngsi-ld/v1/entities", "/ngsi-ld/v1/entities/"})
    public Mono<ResponseEntity<byte[]>> purgeEntities(ServerHttpRequest request) {
        Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
        QueryParameters.of(request.getQueryParams(), Set.of("type", "id", "idPattern", "q", "scopeQ", "keep", "drop", "local"));
        return Mono.error(new ProtocolException(ErrorType.NOT_IMPLEMENTED,
                "Purge Entities is not supported by this broker yet; delete entities by id or with entityOperations/delete"));
    }

    /** Link headers to the previous and next pages (6.3.10). */
    private static void pageLinks(ServerHttpRequest request, HttpHeaders headers, int offset, int limit, int returned, long total) {
        if (limit == 0) {
            return;
        }
        UriComponentsBuilder base = UriComponentsBuilder.fromPath(request.getPath().value()).query(request.getURI().getRawQuery());
        if (offset > 0) {
            String prev = base.cloneBuilder().replaceQueryParam("offset", Math.max(0, offset - limit)).build().toUriString();
            headers.add(HttpHeaders.LINK, "<" + prev + ">; rel=\"prev\"; type=\"application/ld+json\"");
        }
        if (returned == limit && (total < 0 || offset + limit < total)) {
            String next = base.cloneBuilder().replaceQueryParam("offset", offset + limit).build().toUriString();
            headers.add(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"; type=\"application/ld+json\"");
        }
    }

    private static List<String> ids(QueryParameters params) {
        List<String> ids = new ArrayList<>();
        for (String id : params.list("id")) {
            if (!NgsiLd.isUri(id)) {
                throw new BadRequestDataException("id '" + id + "' is not a URI");
            }
            ids.add(id);
        }
        return ids;
    }

    private static Pattern idPattern(QueryParameters params) {
        String pattern = params.get("idPattern");
        if (pattern == null) {
            return null;
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new BadRequestDataException("idPattern is not a valid regular expression: " + e.getDescription());
        }
    }

    /** The selection of a query: type selection, q and scopeQ as one condition, and the geo-query. */
    private static EntityQuery query(QueryParameters params, LdContext ctx, int offset, int limit) {
        String type = params.get("type");
        Condition types = type == null ? null : QueryLanguage.parseTypeSelection(type, ctx);
        Condition q = null;
        if (params.get("q") != null) {
            q = QueryLanguage.parseQ(params.get("q"), ctx, params.list("expandValues"));
            if (QueryLanguage.linkedDepth(q) > 0) {
                throw new ProtocolException(ErrorType.NOT_IMPLEMENTED,
                        "q on linked entities (relationship{attribute}) is not supported by this broker yet");
            }
        }
        Condition scope = params.get("scopeQ") == null ? null : QueryLanguage.parseScopeQ(params.get("scopeQ"));
        GeoQuery geo = GeoQueries.parse(params.get("georel"), params.get("geometry"), params.get("coordinates"),
                params.get("geoproperty"), ctx).orElse(null);
        return new EntityQuery(ids(params), idPattern(params), attrs(params, ctx), Condition.and(types, q, scope), geo,
                offset, limit);
    }

    private static List<String> attrs(QueryParameters params, LdContext ctx) {
        List<String> attrs = new ArrayList<>();
        params.list("attrs").forEach(a -> attrs.add(EntityParser.expandName(a, ctx)));
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
