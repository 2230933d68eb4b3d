package city.tsunagu.broker.entity.web;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.ResourceNotFoundException;
import city.tsunagu.broker.common.web.QueryParameters;
import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.entity.service.EntityService;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.tenant.Tenant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Linked entity retrieval (ETSI GS CIM 009 v1.9.1, 4.5.23): the entities that Relationships
 * point to, up to {@code joinLevel} hops, either inline (in an "entity" member of the
 * Relationship, or in place of the target in the simplified form) or flat (all entities in one
 * array). Targets that do not exist are left out, and so are those listed in {@code containedBy}
 * (entities the caller has already encountered, e.g. a broker forwarding the retrieval) and, inline,
 * those already on the path, so that cycles end. Nested pick/omit projections apply to the
 * entities linked through the Relationship they are nested under.
 */
public final class LinkedEntityRetrieval {
    private final EntityService service;
    private final EntityRenderer renderer;

    /** Bounds the fan-out of linked entity retrieval. */
    public static final int MAX_JOIN_LEVEL = 8;

    public LinkedEntityRetrieval(EntityService service, EntityRenderer renderer) {
        this.service = service;
        this.renderer = renderer;
    }

    /** The {@code join} parameter: inline, flat, or none (null). */
    public enum Join {
        INLINE, FLAT;

        public static Join parse(String value) {
            if (value == null) {
                return null;
            }
            return switch (value) {
                case "inline" -> INLINE;
                case "flat" -> FLAT;
                case "@none" -> null;
                default -> throw new BadRequestDataException("join must be inline, flat or @none, got '" + value + "'");
            };
        }
    }

    /** The {@code containedBy} parameter: URIs of entities not to retrieve again; only with a join. */
    public static Set<String> containedBy(QueryParameters params, Join join) {
        Set<String> ids = params.list("containedBy");
        if (!ids.isEmpty() && join == null) {
            throw new BadRequestDataException("containedBy applies to linked entity retrieval: add join=inline or join=flat");
        }
        for (String id : ids) {
            if (!NgsiLd.isUri(id)) {
                throw new BadRequestDataException("containedBy must list entity ids (URIs), got '" + id + "'");
            }
        }
        return Set.copyOf(ids);
    }

    /** Nested pick/omit lists need a join and a joinLevel as deep as they reach (5.7.2.4). */
    public static void checkProjectionDepth(RenderOptions options, Join join, int joinLevel) {
        int depth = options.projectionDepth();
        if (depth > 0 && join == null) {
            throw new BadRequestDataException("Nested pick or omit lists apply to linked entities: add join=inline or join=flat");
        }
        if (depth > joinLevel) {
            throw new BadRequestDataException("pick or omit reaches linked entities " + depth + " Relationship(s) deep, beyond"
                    + " joinLevel " + joinLevel + ": give a joinLevel of at least " + depth);
        }
    }

    /** The {@code joinLevel} parameter: 1 when absent. */
    public static int joinLevel(String value) {
        if (value == null) {
            return 1;
        }
        try {
            int level = Integer.parseInt(value);
            if (level >= 1 && level <= MAX_JOIN_LEVEL) {
                return level;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequestDataException("joinLevel must be an integer from 1 to " + MAX_JOIN_LEVEL + ", got '" + value + "'");
    }

    /** A page of entities with what they link to: inline, each entity in turn; flat, one array of all. */
    public Mono<ArrayNode> renderAll(Tenant tenant, List<Entity> entities, LdContext ctx, RenderOptions options, Join join, int level,
                                     Set<String> containedBy) {
        if (join == Join.INLINE) {
            return Flux.fromIterable(entities).concatMap(e -> inline(tenant, e, ctx, options, level, containedBy))
                    .collect(JsonNodeFactory.instance::arrayNode, ArrayNode::add);
        }
        Map<String, ObjectNode> all = new LinkedHashMap<>();
        return Flux.fromIterable(entities).concatMap(e -> flat(tenant, e, ctx, options, level, all, containedBy))
                .then(Mono.fromSupplier(() -> {
                    ArrayNode array = JsonNodeFactory.instance.arrayNode();
                    all.values().forEach(array::add);
                    return array;
                }));
    }

    public Mono<JsonNode> render(Tenant tenant, Entity entity, LdContext ctx, RenderOptions options, Join join, int level,
                                 Set<String> containedBy) {
        if (join == Join.INLINE) {
            return inline(tenant, entity, ctx, options, level, containedBy).map(n -> n);
        }
        Map<String, ObjectNode> all = new LinkedHashMap<>();
        return flat(tenant, entity, ctx, options, level, all, containedBy).then(Mono.fromSupplier(() -> {
            if (all.size() == 1) {
                return all.values().iterator().next(); // nothing linked was found: the entity alone
            }
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            all.values().forEach(array::add);
            return array;
        }));
    }

    /** @param skip entities not to retrieve: containedBy and the entities on the path to this one */
    private Mono<ObjectNode> inline(Tenant tenant, Entity entity, LdContext ctx, RenderOptions options, int level,
                                    Set<String> skip) {
        ObjectNode rendered = renderer.render(entity, ctx, options);
        if (level <= 0) {
            return Mono.just(rendered);
        }
        Set<String> path = new HashSet<>(skip);
        path.add(entity.id());
        return Flux.fromIterable(relationships(entity, options))
                .filter(link -> !path.contains(link.target()))
                .concatMap(link -> fetch(tenant, link.target())
                        .flatMap(linked -> inline(tenant, linked, ctx, options.forLinked(link.name()), level - 1, path))
                        .doOnNext(linkedNode -> attach(rendered, ctx.compact(link.name()), link.target(), linkedNode, options)))
                .then(Mono.just(rendered));
    }

    private Mono<Void> flat(Tenant tenant, Entity entity, LdContext ctx, RenderOptions options, int level,
                            Map<String, ObjectNode> all, Set<String> containedBy) {
        if (all.containsKey(entity.id())) {
            return Mono.empty();
        }
        all.put(entity.id(), renderer.render(entity, ctx, options));
        if (level <= 0) {
            return Mono.empty();
        }
        return Flux.fromIterable(relationships(entity, options))
                .filter(link -> !containedBy.contains(link.target()))
                .concatMap(link -> fetch(tenant, link.target())
                        .flatMap(linked -> flat(tenant, linked, ctx, options.forLinked(link.name()), level - 1, all, containedBy)))
                .then();
    }

    /** Attaches a linked entity to the Relationship instance that targets it. */
    private static void attach(ObjectNode rendered, String name, String target, ObjectNode linked, RenderOptions options) {
        JsonNode attribute = rendered.get(name);
        if (attribute == null) {
            return;
        }
        if (options.format() == Format.SIMPLIFIED) {
            if (attribute.isString() && attribute.stringValue().equals(target)) {
                rendered.set(name, linked);
            }
            return;
        }
        List<JsonNode> instances = new ArrayList<>();
        if (attribute.isArray()) {
            attribute.forEach(instances::add);
        } else {
            instances.add(attribute);
        }
        for (JsonNode instance : instances) {
            if (instance instanceof ObjectNode object && target.equals(object.path("object").asString(null))) {
                object.set("entity", linked);
            }
        }
    }

    private Mono<Entity> fetch(Tenant tenant, String id) {
        return service.retrieve(tenant, id).onErrorResume(ResourceNotFoundException.class, e -> Mono.empty());
    }

    private record Link(String name, String target) {
    }

    private static List<Link> relationships(Entity entity, RenderOptions options) {
        List<Link> links = new ArrayList<>();
        entity.attributes().forEach((name, instances) -> {
            if (!options.includes(name)) {
                return;
            }
            for (Attribute instance : instances) {
                if (instance.kind() == AttributeKind.RELATIONSHIP && instance.value().isString()) {
                    links.add(new Link(name, instance.value().stringValue()));
                }
            }
        });
        return links;
    }
}
