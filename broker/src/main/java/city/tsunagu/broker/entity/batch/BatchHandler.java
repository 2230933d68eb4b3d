package city.tsunagu.broker.entity.batch;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.NgsiLdException;
import city.tsunagu.broker.common.error.ProblemDetailsHandler;
import city.tsunagu.broker.common.web.JsonBodies;
import city.tsunagu.broker.common.web.JsonResponses;
import city.tsunagu.broker.common.web.QueryParameters;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.entity.service.EntityService;
import city.tsunagu.broker.entity.service.UpdateResult;
import city.tsunagu.broker.tenant.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Batch entity operations (ETSI GS CIM 009 v1.9.1, 5.6.7–5.6.10 and 5.6.20). Each entity is
 * handled on its own and atomically; the answer lists successes and, per failed entity, the
 * ProblemDetails of its failure (BatchOperationResult, 5.2.16).
 */
@RestController
@RequestMapping("/ngsi-ld/v1/entityOperations")
public class BatchHandler {
    /** Entities of one batch written concurrently; bounded to keep the store's queue short. */
    private static final int CONCURRENCY = 8;
    private static final int MAX_BATCH = 10_000;
    private static final Set<String> PARAMS = Set.of("options", "local");

    private final EntityService service;
    private final JsonBodies bodies;
    private final JsonResponses responses;
    private final EntityParser parser = new EntityParser();

    public BatchHandler(EntityService service, JsonBodies bodies, JsonResponses responses) {
        this.service = service;
        this.bodies = bodies;
        this.responses = responses;
    }

    /** Batch Entity Creation (5.6.7): 201 with the ids when all were created, else 207. */
    @PostMapping("/create")
    public Mono<ResponseEntity<byte[]>> createBatch(ServerHttpRequest request, @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters.of(request.getQueryParams(), PARAMS);
        return run(request, body, (element, ctx) -> {
            var entity = parser.parseEntity(element, ctx);
            return service.create(tenant, entity).thenReturn(Outcome.created(entity.id()));
        }).map(results -> results.allSucceeded()
                ? responses.plain(HttpStatus.CREATED, results.ids(false))
                : responses.plain(HttpStatus.MULTI_STATUS, results.report()));
    }

    /** Batch Entity Creation or Update (5.6.8): 201 with ids created, 204 if all existed, else 207. */
    @PostMapping("/upsert")
    public Mono<ResponseEntity<byte[]>> upsertBatch(ServerHttpRequest request, @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters params = QueryParameters.of(request.getQueryParams(), PARAMS);
        Set<String> options = params.options(Set.of("replace", "update"));
        if (options.contains("replace") && options.contains("update")) {
            throw new BadRequestDataException("options replace and update exclude each other");
        }
        boolean update = options.contains("update");
        return run(request, body, (element, ctx) -> {
            var entity = parser.parseEntity(element, ctx);
            return service.upsert(tenant, entity, update)
                    .map(created -> created ? Outcome.created(entity.id()) : Outcome.updated(entity.id()));
        }).map(results -> {
            if (!results.allSucceeded()) {
                return responses.plain(HttpStatus.MULTI_STATUS, results.report());
            }
            return results.anyCreated() ? responses.plain(HttpStatus.CREATED, results.ids(true))
                    : ResponseEntity.noContent().<byte[]>build();
        });
    }

    /** Batch Entity Update (5.6.9): attributes of existing entities appended or replaced. */
    @PostMapping("/update")
    public Mono<ResponseEntity<byte[]>> updateBatch(ServerHttpRequest request, @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters params = QueryParameters.of(request.getQueryParams(), PARAMS);
        boolean noOverwrite = params.options(Set.of("noOverwrite")).contains("noOverwrite");
        return run(request, body, (element, ctx) -> {
            ObjectNode object = requireEntityObject(element);
            String id = EntityParser.requireUri(object.has("id") ? object.get("id") : object.get("@id"), "id");
            var fragment = parser.parseFragment(object, ctx, false);
            return service.append(tenant, id, fragment, noOverwrite, Set.of()).map(result -> outcomeOf(id, result));
        }).map(this::noContentOrReport);
    }

    /** Batch Entity Merge (5.6.20). */
    @PostMapping("/merge")
    public Mono<ResponseEntity<byte[]>> mergeBatch(ServerHttpRequest request, @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters.of(request.getQueryParams(), PARAMS);
        return run(request, body, (element, ctx) -> {
            ObjectNode object = requireEntityObject(element).deepCopy();
            String id = EntityParser.requireUri(object.has("id") ? object.get("id") : object.get("@id"), "id");
            object.remove("@context");
            return service.merge(tenant, id, object, ctx).thenReturn(Outcome.updated(id));
        }).map(this::noContentOrReport);
    }

    /** Batch Entity Delete (5.6.10): the body is an array of entity ids. */
    @PostMapping("/delete")
    public Mono<ResponseEntity<byte[]>> deleteBatch(ServerHttpRequest request, @RequestBody(required = false) Mono<String> body) {
        Tenant tenant = tenant(request);
        QueryParameters.of(request.getQueryParams(), PARAMS);
        bodies.checkContentType(request, false);
        return body.switchIfEmpty(Mono.error(() -> new BadRequestDataException("The request body is empty; send an array of entity ids")))
                .map(bodies::parse)
                .flatMap(json -> {
                    ArrayNode ids = requireArray(json);
                    return Flux.fromIterable(ids)
                            .flatMapSequential(idNode -> Mono.defer(() -> {
                                String id = EntityParser.requireUri(idNode, "Entity id");
                                return service.delete(tenant, id).thenReturn(Outcome.updated(id));
                            }).onErrorResume(NgsiLdException.class, e -> Mono.just(Outcome.failed(idNode.isString() ? idNode.stringValue() : idNode.toString(), e))), CONCURRENCY)
                            .collectList().map(Results::new);
                })
                .map(this::noContentOrReport);
    }

    private ResponseEntity<byte[]> noContentOrReport(Results results) {
        return results.allSucceeded() ? ResponseEntity.noContent().build()
                : responses.plain(HttpStatus.MULTI_STATUS, results.report());
    }

    private static Outcome outcomeOf(String id, UpdateResult result) {
        if (result.complete()) {
            return Outcome.updated(id);
        }
        String reasons = String.join("; ", result.notUpdated().stream()
                .map(n -> n.attributeName() + ": " + n.reason()).toList());
        return Outcome.failed(id, new BadRequestDataException("Not all attributes were updated: " + reasons));
    }

    /** Parses the array body, resolves each element's context, applies {@code operation} to each. */
    private Mono<Results> run(ServerHttpRequest request, Mono<String> body,
                              BiFunction<JsonNode, city.tsunagu.broker.ld.LdContext, Mono<Outcome>> operation) {
        return bodies.readArray(request, body).flatMap(b -> {
            ArrayNode entities = requireArray(b.json());
            // the same entity twice in one batch: applied one after the other, in the given order
            int concurrency = hasDuplicateIds(entities) ? 1 : CONCURRENCY;
            Flux<Outcome> outcomes = Flux.<JsonNode>fromIterable(entities)
                    .flatMapSequential(element -> bodies.elementContext(b, element, request)
                            .flatMap(ctx -> operation.apply(element, ctx))
                            .onErrorResume(NgsiLdException.class, e -> Mono.just(Outcome.failed(idOf(element), e))), concurrency);
            return outcomes.collectList().map(Results::new);
        });
    }

    private static boolean hasDuplicateIds(ArrayNode entities) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode element : entities) {
            String id = idOf(element);
            if (id != null && !seen.add(id)) {
                return true;
            }
        }
        return false;
    }

    private static ArrayNode requireArray(JsonNode json) {
        if (!json.isArray()) {
            throw new BadRequestDataException("The request body must be a JSON array");
        }
        for (JsonNode element : json) {
            if (element.isNull()) {
                throw new BadRequestDataException("The batch holds a null element; remove it");
            }
        }
        if (json.isEmpty()) {
            throw new BadRequestDataException("The request body is an empty array; send at least one element");
        }
        if (json.size() > MAX_BATCH) {
            throw new BadRequestDataException("A batch may hold at most " + MAX_BATCH + " elements; split it");
        }
        return (ArrayNode) json;
    }

    private static ObjectNode requireEntityObject(JsonNode element) {
        if (!element.isObject()) {
            throw new BadRequestDataException("Each batch element must be a JSON object");
        }
        return (ObjectNode) element;
    }

    private static String idOf(JsonNode element) {
        JsonNode id = element.isObject() ? (element.has("id") ? element.get("id") : element.get("@id")) : null;
        return id != null && id.isString() ? id.stringValue() : null;
    }

    private static Tenant tenant(ServerHttpRequest request) {
        return Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
    }

    private record Outcome(String id, boolean created, NgsiLdException error) {
        static Outcome created(String id) {
            return new Outcome(id, true, null);
        }

        static Outcome updated(String id) {
            return new Outcome(id, false, null);
        }

        static Outcome failed(String id, NgsiLdException error) {
            return new Outcome(id, false, error);
        }
    }

    private record Results(List<Outcome> outcomes) {
        boolean allSucceeded() {
            return outcomes.stream().allMatch(o -> o.error() == null);
        }

        boolean anyCreated() {
            return outcomes.stream().anyMatch(Outcome::created);
        }

        ArrayNode ids(boolean createdOnly) {
            ArrayNode ids = JsonNodeFactory.instance.arrayNode();
            outcomes.stream().filter(o -> o.error() == null && (!createdOnly || o.created())).forEach(o -> ids.add(o.id()));
            return ids;
        }

        ObjectNode report() {
            ObjectNode report = JsonNodeFactory.instance.objectNode();
            ArrayNode success = report.putArray("success");
            ArrayNode errors = report.putArray("errors");
            List<Outcome> failed = new ArrayList<>();
            outcomes.forEach(o -> {
                if (o.error() == null) {
                    success.add(o.id());
                } else {
                    failed.add(o);
                }
            });
            failed.forEach(o -> {
                ObjectNode entry = errors.addObject();
                if (o.id() != null) {
                    entry.put("entityId", o.id());
                } else {
                    entry.putNull("entityId");
                }
                entry.set("error", ProblemDetailsHandler.toJson(ProblemDetailsHandler.Problem.of(o.error())));
            });
            return report;
        }
    }
}
