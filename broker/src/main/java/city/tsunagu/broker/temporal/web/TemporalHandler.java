package city.tsunagu.broker.temporal.web;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.ResourceNotFoundException;
import city.tsunagu.broker.common.web.AcceptNegotiation;
import city.tsunagu.broker.common.web.JsonBodies;
import city.tsunagu.broker.common.web.JsonResponses;
import city.tsunagu.broker.common.web.PageLinks;
import city.tsunagu.broker.common.web.QueryParameters;
import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.entity.web.RenderOptions;
import city.tsunagu.broker.entity.web.RenderOptionsParser;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.query.EntityQuery;
import city.tsunagu.broker.query.QueryBody;
import city.tsunagu.broker.query.QueryHandler;
import city.tsunagu.broker.query.QueryProperties;
import city.tsunagu.broker.temporal.Aggregated;
import city.tsunagu.broker.temporal.AggregationMethod;
import city.tsunagu.broker.temporal.AggregationPeriod;
import city.tsunagu.broker.temporal.ContentRange;
import city.tsunagu.broker.temporal.TemporalEntity;
import city.tsunagu.broker.temporal.TemporalService;
import city.tsunagu.broker.temporal.TimeQuery;
import city.tsunagu.broker.tenant.Tenant;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The temporal API (ETSI GS CIM 009 v1.9.1, 5.6.11-5.6.17, 5.7.3, 5.7.4): history of entities,
 * its representations (normalized, temporalValues, aggregatedValues), CSV for analysts
 * ({@code Accept: text/csv}), and writing instances directly.
 */
@RestController
public class TemporalHandler {
    private static final String ENTITIES = "/ngsi-ld/v1/temporal/entities";
    static final MediaType CSV = MediaType.parseMediaType("text/csv");
    private static final Set<String> TEMPORAL = Set.of("timerel", "timeAt", "endTimeAt", "timeproperty", "lastN",
            "aggrMethods", "aggrPeriodDuration", "options", "format", "attrs", "pick", "omit", "lang", "datasetId", "local");
    private static final Set<String> RETRIEVE_PARAMS = union(TEMPORAL, Set.of("type", "expandValues"));
    private static final Set<String> QUERY_PARAMS = union(TEMPORAL, Set.of("id", "idPattern", "type", "q", "georel", "geometry",
            "coordinates", "geoproperty", "geoQ", "scopeQ", "csf", "limit", "offset", "count", "orderBy", "orderFrom", "collation",
            "expandValues", QueryBody.ORDER_GEOMETRY));
    private static final Set<String> OPTIONS = Set.of("temporalValues", "aggregatedValues", "normalized", "sysAttrs", "keyValues",
            "simplified", "count");
    private static final Set<String> WRITE_PARAMS = Set.of("options", "local");
    /** The members of a POST query's temporalQ and aggrParams: the query parameters they stand for. */
    private static final Set<String> TEMPORAL_MEMBERS = Set.of("timerel", "timeAt", "endTimeAt", "timeproperty", "lastN",
            "aggrMethods", "aggrPeriodDuration");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final TemporalService service;
    private final JsonBodies bodies;
    private final JsonResponses responses;
    private final LdContextResolver contexts;
    private final QueryProperties queryProperties;
    private final TemporalRenderer renderer = new TemporalRenderer();
    private final TemporalBodies temporalBodies = new TemporalBodies();
    private final EntityParser parser = new EntityParser();

    public TemporalHandler(TemporalService service, JsonBodies bodies, JsonResponses responses, LdContextResolver contexts,
                           QueryProperties queryProperties) {
        this.service = service;
        this.bodies = bodies;
        this.responses = responses;
        this.contexts = contexts;
        this.queryProperties = queryProperties;
    }

    /** The parameters of one temporal read, checked before anything is read. */
    private record Read(MediaType accept, Representation representation, RenderOptions options, TimeQuery time,
                        Set<AggregationMethod> methods, AggregationPeriod period, Set<String> attrs, Predicate<String> datasets) {
        boolean csv() {
            return accept.equalsTypeAndSubtype(CSV);
        }
    }

    /** Retrieve Temporal Evolution of an Entity (5.7.3). */
    @GetMapping(ENTITIES + "/{id}")
    public Mono<ResponseEntity<byte[]>> retrieveTemporalEntity(ServerHttpRequest request, @PathVariable String id) {
        MediaType accept = accept(request);
        Tenant tenant = tenant(request);
        QueryParameters params = QueryParameters.of(request.getQueryParams(), RETRIEVE_PARAMS);
        checkId(id);
        return contexts.resolveLink(request.getHeaders().getFirst(HttpHeaders.LINK)).flatMap(ctx -> {
            Read read = read(request.getQueryParams(), params, ctx, accept);
            Set<String> types = new HashSet<>();
            params.list("type").forEach(t -> types.add(ctx.expand(t)));
            return service.state(tenant, id)
                    .filter(e -> types.isEmpty() || e.types().stream().anyMatch(types::contains))
                    .switchIfEmpty(Mono.error(() -> TemporalService.notFound(id)))
                    .flatMap(state -> {
                        if (!read.attrs().isEmpty() && read.attrs().stream().noneMatch(state.attributes()::containsKey)) {
                            return Mono.error(new ResourceNotFoundException("Entity " + id + " has no history of the attributes asked for"));
                        }
                        return answer(tenant, List.of(state), read, ctx, request, null);
                    });
        });
    }

    /** Query Temporal Evolution of Entities (5.7.4): the entities are selected as Query Entities selects them. */
    @GetMapping({ENTITIES, ENTITIES + "/"})
    public Mono<ResponseEntity<byte[]>> queryTemporalEntities(ServerHttpRequest request) {
        MediaType accept = accept(request);
        Tenant tenant = tenant(request);
        QueryParameters params = QueryParameters.of(request.getQueryParams(), QUERY_PARAMS);
        return contexts.resolveLink(request.getHeaders().getFirst(HttpHeaders.LINK))
                .flatMap(ctx -> query(request, accept, tenant, request.getQueryParams(), params, ctx,
                        List.of(QueryHandler.selector(params, ctx))));
    }

    /**
     * Query Temporal Evolution of Entities by POST (5.7.4 via 6.24.3): a Query whose temporalQ
     * holds timerel, timeAt, endTimeAt, timeproperty and lastN, and aggrParams (or temporalQ)
     * the aggregation methods and period; representation and paging stay in the URL.
     */
    @PostMapping("/ngsi-ld/v1/temporal/entityOperations/query")
    public Mono<ResponseEntity<byte[]>> queryTemporalEntitiesByPost(ServerHttpRequest request,
                                                                   @RequestBody(required = false) Mono<String> body) {
        MediaType accept = accept(request);
        Tenant tenant = tenant(request);
        QueryParameters.of(request.getQueryParams(), Set.of("limit", "offset", "count", "options", "format", "local", "lang"));
        return bodies.read(request, body, false).flatMap(b -> {
            if (!b.json().isObject()) {
                return Mono.error(new BadRequestDataException("The body must be a Query object"));
            }
            ObjectNode query = ((ObjectNode) b.json()).deepCopy();
            JsonNode temporalQ = query.remove("temporalQ");
            JsonNode aggrParams = query.remove("aggrParams");
            QueryBody parsed = QueryBody.parse(query, b.context());
            MultiValueMap<String, String> merged = new LinkedMultiValueMap<>(request.getQueryParams());
            parsed.parameters().forEach(merged::addAll);
            temporalMembers(temporalQ, "temporalQ", merged);
            temporalMembers(aggrParams, "aggrParams", merged);
            if (merged.containsKey("aggrMethods") && !merged.containsKey("format")
                    && !String.join(",", merged.getOrDefault("options", List.of())).contains("aggregatedValues")) {
                merged.add("options", "aggregatedValues");
            }
            if (!parsed.selectors().isEmpty()) {
                merged.add("local", "true"); // the body's EntitySelectors (each with a type) select
            }
            QueryParameters params = QueryParameters.of(merged, QUERY_PARAMS);
            return query(request, accept, tenant, merged, params, b.context(), parsed.selectors().isEmpty()
                    ? List.of(QueryHandler.selector(params, b.context())) : parsed.selectors());
        });
    }

    /** The members of temporalQ or aggrParams as the query parameters they stand for. */
    private static void temporalMembers(JsonNode members, String name, MultiValueMap<String, String> params) {
        if (members == null) {
            return;
        }
        if (!members.isObject()) {
            throw new BadRequestDataException(name + " must be an object");
        }
        for (var member : members.properties()) {
            if (!TEMPORAL_MEMBERS.contains(member.getKey())) {
                throw new BadRequestDataException(name + " member '" + member.getKey() + "' is not known; use "
                        + String.join(", ", TEMPORAL_MEMBERS));
            }
            JsonNode value = member.getValue();
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asString()));
                params.add(member.getKey(), String.join(",", items));
            } else if (value.isString() || value.isNumber()) {
                params.add(member.getKey(), value.asString());
            } else {
                throw new BadRequestDataException(name + "." + member.getKey() + " must be a string or a number");
            }
        }
    }

    private Mono<ResponseEntity<byte[]>> query(ServerHttpRequest request, MediaType accept, Tenant tenant, MultiValueMap<String, String> raw,
                                               QueryParameters params, LdContext ctx, List<EntityQuery.Selector> selectors) {
        int limit = intParam(params, "limit", queryProperties.defaultLimit(), 0, queryProperties.maxLimit());
        int offset = intParam(params, "offset", 0, 0, Integer.MAX_VALUE);
        boolean count = params.flag("count") || params.list("options").contains("count");
        if (!params.flag("local") && List.of("type", "attrs", "q", "georel", "scopeQ").stream().allMatch(p -> params.get(p) == null)) {
            throw new BadRequestDataException("A temporal query needs at least one of type, attrs, q, georel or scopeQ (or local=true)");
        }
        if (params.get("orderBy") != null && !"id".equals(params.get("orderBy"))) {
            throw new BadRequestDataException("Temporal query results are ordered by entity id; orderBy other than id is not supported");
        }
        Read read = read(raw, params, ctx, accept);
        // an entity is in the result only with an instance the query selects (5.7.4), so pages and
        // counts are taken after that test, in id order
        EntityQuery query = QueryHandler.query(params, ctx, selectors, RenderOptions.DEFAULT, 0, Integer.MAX_VALUE, 0);
        if (read.representation() == Representation.AGGREGATED_VALUES) {
            // the aggregation itself tells whether the range holds an instance: computed once
            Flux<Aggregated> selected = service.states(tenant, query)
                    .concatMap(state -> service.aggregate(tenant, state, read.attrs(), read.datasets(), read.time(), read.period(), read.methods()))
                    .filter(a -> a.attributes().values().stream().flatMap(List::stream).anyMatch(series -> !series.periods().isEmpty()));
            return page(selected, offset, limit, count, request, accept)
                    .map(page -> aggregatedAnswer(page.getT1(), false, read, ctx, page.getT2()));
        }
        Flux<Entity> selected = service.states(tenant, query)
                .concatMap(state -> service.hasInstances(tenant, state, read.attrs(), read.datasets(), read.time())
                        .filter(Boolean::booleanValue).map(has -> state));
        return page(selected, offset, limit, count, request, accept)
                .flatMap(page -> answer(tenant, page.getT1(), read, ctx, request, page.getT2()));
    }

    /** A page of the selected results in their order, with the count and page links when asked for. */
    private static <T> Mono<Tuple2<List<T>, HttpHeaders>> page(Flux<T> selected, int offset, int limit, boolean count,
                                                             ServerHttpRequest request, MediaType accept) {
        Mono<List<T>> matches = count ? selected.collectList() : selected.take((long) offset + limit).collectList();
        return matches.map(all -> {
            List<T> page = all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
            long total = count ? all.size() : -1L;
            HttpHeaders headers = new HttpHeaders();
            if (count) {
                headers.set("NGSILD-Results-Count", Long.toString(total));
            }
            PageLinks.add(request, headers, offset, limit, page.size(), total, accept);
            return Tuples.of(page, headers);
        });
    }

    private Mono<ResponseEntity<byte[]>> answer(Tenant tenant, List<Entity> states, Read read, LdContext ctx, ServerHttpRequest request,
                                                HttpHeaders given) {
        HttpHeaders headers = given == null ? new HttpHeaders() : given;
        boolean single = given == null;
        if (read.representation() == Representation.AGGREGATED_VALUES) {
            return Flux.fromIterable(states)
                    .concatMap(state -> service.aggregate(tenant, state, read.attrs(), read.datasets(), read.time(), read.period(), read.methods()))
                    .collectList()
                    .map(aggregated -> aggregatedAnswer(aggregated, single, read, ctx, headers));
        }
        return Flux.fromIterable(states)
                .concatMap(state -> service.history(tenant, state, read.attrs(), read.datasets(), read.time()))
                .map(history -> service.limit(history, read.time()))
                .collectList()
                .map(limited -> {
                    ContentRange truncated = limited.stream().map(TemporalService.Limited::truncated).filter(r -> r != null).findFirst().orElse(null);
                    ContentRange range = truncated != null ? truncated
                            : limited.stream().map(TemporalService.Limited::range).filter(r -> r != null).findFirst().orElse(null);
                    if (range != null) {
                        headers.set(HttpHeaders.CONTENT_RANGE, range.header());
                    }
                    HttpStatus status = truncated != null ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK;
                    List<TemporalEntity> entities = limited.stream().map(TemporalService.Limited::entity).toList();
                    if (read.csv()) {
                        return csv(TemporalCsv.instances(entities, ctx, read.time().property()), headers, status);
                    }
                    List<JsonNode> rendered = new ArrayList<>();
                    for (TemporalEntity entity : entities) {
                        rendered.add(read.representation() == Representation.TEMPORAL_VALUES
                                ? renderer.temporalValues(entity, ctx, read.options(), read.time().property())
                                : renderer.normalized(entity, ctx, read.options()));
                    }
                    if (single && rendered.get(0).size() == 0) {
                        throw new ResourceNotFoundException("Entity " + entities.get(0).state().id() + " has none of the requested members");
                    }
                    return json(rendered, single, read, ctx, headers, status);
                });
    }

    private ResponseEntity<byte[]> aggregatedAnswer(List<Aggregated> aggregated, boolean single, Read read, LdContext ctx, HttpHeaders headers) {
        if (read.csv()) {
            return csv(TemporalCsv.aggregated(aggregated, ctx, read.methods()), headers, HttpStatus.OK);
        }
        List<JsonNode> rendered = aggregated.stream().map(a -> (JsonNode) renderer.aggregated(a, ctx, read.options())).toList();
        return json(rendered, single, read, ctx, headers, HttpStatus.OK);
    }

    private ResponseEntity<byte[]> json(List<JsonNode> rendered, boolean single, Read read, LdContext ctx, HttpHeaders headers,
                                        HttpStatus status) {
        if (single) {
            return responses.body(status, rendered.get(0), read.accept(), ctx, headers);
        }
        ArrayNode array = NODES.arrayNode();
        rendered.forEach(array::add);
        return responses.body(status, array, read.accept(), ctx, headers);
    }

    private static ResponseEntity<byte[]> csv(String text, HttpHeaders headers, HttpStatus status) {
        headers.setContentType(MediaType.parseMediaType("text/csv;charset=UTF-8"));
        return ResponseEntity.status(status).headers(headers).body(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Read read(MultiValueMap<String, String> raw, QueryParameters params, LdContext ctx, MediaType accept) {
        Set<String> options = params.options(OPTIONS);
        Representation representation = Representation.of(params.get("format"), options);
        // the temporal formats are Representation's; the other representation parameters are read as for entities
        MultiValueMap<String, String> withoutFormat = new LinkedMultiValueMap<>(raw);
        withoutFormat.remove("format");
        RenderOptions render = RenderOptionsParser.parse(QueryParameters.of(withoutFormat, QUERY_PARAMS), ctx, OPTIONS);
        if (render.projectionDepth() > 0) {
            throw new BadRequestDataException("pick and omit of linked entities need join, which temporal queries do not offer");
        }
        if (render.pick() != null && params.get("pick") == null) {
            render = new RenderOptions(render.format(), render.sysAttrs(), null, render.omit(), render.lang(), render.datasetIds());
        }
        render = new RenderOptions(city.tsunagu.broker.entity.web.Format.NORMALIZED, render.sysAttrs(), render.pick(), render.omit(),
                render.lang(), render.datasetIds());
        TimeQuery time = TimeQuery.parse(params.get("timerel"), params.get("timeAt"), params.get("endTimeAt"),
                params.get("timeproperty"), params.get("lastN"));
        Set<AggregationMethod> methods = Set.of();
        AggregationPeriod period = AggregationPeriod.WHOLE_RANGE;
        if (representation == Representation.AGGREGATED_VALUES) {
            methods = AggregationMethod.parse(params.list("aggrMethods"));
            period = AggregationPeriod.parse(params.get("aggrPeriodDuration"));
        } else if (params.get("aggrPeriodDuration") != null) {
            AggregationPeriod.parse(params.get("aggrPeriodDuration")); // checked, though only the aggregated representation uses it
        }
        Set<String> attrs = new LinkedHashSet<>();
        params.list("attrs").forEach(a -> attrs.add(EntityParser.expandName(a, ctx)));
        if (render.pick() != null) {
            render.pick().names().stream().filter(n -> !Set.of("id", "type", "scope").contains(n)).forEach(attrs::add);
        }
        RenderOptions finalRender = render;
        return new Read(accept, representation, render, time, methods, period, attrs, finalRender::includesInstance);
    }

    // ---- writing ----------------------------------------------------------------------------

    /** Create or Update Temporal Representation of an Entity (5.6.11): 201 when new, 204 when instances were added. */
    @PostMapping({ENTITIES, ENTITIES + "/"})
    public Mono<ResponseEntity<Void>> createTemporalEntity(ServerHttpRequest request, @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters.of(request.getQueryParams(), WRITE_PARAMS);
        return bodies.read(request, body, false)
                .map(b -> temporalBodies.entity(b.json(), b.context()))
                .flatMap(entity -> service.createOrAdd(tenant, entity)
                        .map(created -> created
                                ? ResponseEntity.created(URI.create("/ngsi-ld/v1/temporal/entities/" + entity.id())).<Void>build()
                                : ResponseEntity.noContent().<Void>build()));
    }

    /** Add Attributes to Temporal Representation of an Entity (5.6.12). */
    @PostMapping(ENTITIES + "/{id}/attrs")
    public Mono<ResponseEntity<Void>> addTemporalAttributes(ServerHttpRequest request, @PathVariable String id,
                                                            @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters.of(request.getQueryParams(), WRITE_PARAMS);
        checkId(id);
        return bodies.read(request, body, false)
                .flatMap(b -> {
                    if (!b.json().isObject()) {
                        return Mono.error(new BadRequestDataException("The request body must be a JSON object of attributes"));
                    }
                    ObjectNode object = (ObjectNode) b.json();
                    JsonNode bodyId = object.get("id");
                    if (bodyId != null && !(bodyId.isString() && bodyId.stringValue().equals(id))) {
                        return Mono.error(new BadRequestDataException("The body's id " + bodyId + " differs from the id in the URL, " + id));
                    }
                    return service.addAttributes(tenant, id, temporalBodies.attributes(object, b.context()));
                })
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** Modify Attribute Instance in Temporal Representation of an Entity (5.6.15). */
    @PatchMapping(ENTITIES + "/{id}/attrs/{attrId}/{instanceId}")
    public Mono<ResponseEntity<Void>> modifyInstance(ServerHttpRequest request, @PathVariable String id, @PathVariable String attrId,
                                                     @PathVariable String instanceId, @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters.of(request.getQueryParams(), WRITE_PARAMS);
        checkId(id);
        checkInstanceId(instanceId);
        return bodies.read(request, body, false)
                .flatMap(b -> {
                    String attribute = EntityParser.expandName(attrId, b.context());
                    JsonNode fragment = b.json().isObject() && b.json().has(attrId) ? b.json().get(attrId) : b.json();
                    if (fragment.isArray() && fragment.size() == 1) {
                        fragment = fragment.get(0);
                    }
                    Attribute change = parser.parseAttribute(attrId, fragment, b.context(), false);
                    return service.modifyInstance(tenant, id, attribute, instanceId, change);
                })
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** Delete Temporal Representation of an Entity (5.6.16). */
    @DeleteMapping(ENTITIES + "/{id}")
    public Mono<ResponseEntity<Void>> deleteTemporalEntity(ServerHttpRequest request, @PathVariable String id) {
        Tenant tenant = tenant(request);
        QueryParameters.of(request.getQueryParams(), Set.of("local"));
        checkId(id);
        return service.deleteEntity(tenant, id).thenReturn(ResponseEntity.noContent().build());
    }

    /** Delete Attribute from Temporal Representation of an Entity (5.6.13): one datasetId, or all with deleteAll=true. */
    @DeleteMapping(ENTITIES + "/{id}/attrs/{attrId}")
    public Mono<ResponseEntity<Void>> deleteTemporalAttribute(ServerHttpRequest request, @PathVariable String id, @PathVariable String attrId) {
        Tenant tenant = tenant(request);
        QueryParameters params = QueryParameters.of(request.getQueryParams(), Set.of("deleteAll", "datasetId", "local"));
        checkId(id);
        boolean deleteAll = params.flag("deleteAll");
        String datasetId = params.get("datasetId");
        if (datasetId != null && !NgsiLd.isUri(datasetId)) {
            throw new BadRequestDataException("datasetId must be a URI, got '" + datasetId + "'");
        }
        return contexts.resolveLink(request.getHeaders().getFirst(HttpHeaders.LINK))
                .flatMap(ctx -> service.deleteAttribute(tenant, id, EntityParser.expandName(attrId, ctx), datasetId, deleteAll))
                .thenReturn(ResponseEntity.noContent().build());
    }

    /** Delete Attribute Instance from Temporal Representation of an Entity (5.6.17). */
    @DeleteMapping(ENTITIES + "/{id}/attrs/{attrId}/{instanceId}")
    public Mono<ResponseEntity<Void>> deleteInstance(ServerHttpRequest request, @PathVariable String id, @PathVariable String attrId,
                                                     @PathVariable String instanceId) {
        Tenant tenant = tenant(request);
        QueryParameters.of(request.getQueryParams(), Set.of("local"));
        checkId(id);
        checkInstanceId(instanceId);
        return contexts.resolveLink(request.getHeaders().getFirst(HttpHeaders.LINK))
                .flatMap(ctx -> service.deleteInstance(tenant, id, EntityParser.expandName(attrId, ctx), instanceId))
                .thenReturn(ResponseEntity.noContent().build());
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static MediaType accept(ServerHttpRequest request) {
        String accept = request.getHeaders().getFirst(HttpHeaders.ACCEPT);
        if (accept != null && MediaType.parseMediaTypes(accept).stream().anyMatch(t -> t.equalsTypeAndSubtype(CSV))) {
            return CSV;
        }
        return AcceptNegotiation.choose(accept, false);
    }

    private static Tenant tenant(ServerHttpRequest request) {
        return Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
    }

    private static void checkId(String id) {
        if (!NgsiLd.isUri(id)) {
            throw new BadRequestDataException("Entity id '" + id + "' is not a URI; ids look like urn:ngsi-ld:Vehicle:bus-1");
        }
    }

    private static void checkInstanceId(String instanceId) {
        if (!NgsiLd.isUri(instanceId)) {
            throw new BadRequestDataException("instanceId '" + instanceId + "' is not a URI");
        }
    }

    private static int intParam(QueryParameters params, String name, int fallback, int min, int max) {
        String value = params.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new BadRequestDataException(name + " must be between " + min + " and " + max + ", got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new BadRequestDataException(name + " must be an integer, got '" + value + "'");
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
