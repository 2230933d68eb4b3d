package city.tsunagu.broker.query;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.web.QueryParameters;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.query.EntityPurge.Target;
import city.tsunagu.broker.query.language.Condition;
import city.tsunagu.broker.query.language.QueryLanguage;
import city.tsunagu.broker.tenant.Tenant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Purge Entities (ETSI GS CIM 009 v1.9.1, 5.6.21; {@code DELETE /entities}, 6.4.3.3): the whole
 * entities, or with {@code keep} all attributes but those, or with {@code drop} those attributes,
 * of the entities that type, id, idPattern, q and scopeQ select. The request is checked in full
 * before anything is deleted, so a rejected purge changes nothing.
 */
@RestController
public class PurgeHandler {
    private static final Set<String> PARAMS = Set.of("type", "id", "idPattern", "q", "scopeQ", "keep", "drop", "local");

    private final EntityPurge purge;
    private final LdContextResolver contexts;

    public PurgeHandler(EntityPurge purge, LdContextResolver contexts) {
        this.purge = purge;
        this.contexts = contexts;
    }

    /** Purge Entities (5.6.21): 204 whether or not anything matched. */
    @DeleteMapping({"/ngsi-ld/v1/entities", "/ngsi-ld/v1/entities/"})
    public Mono<ResponseEntity<Void>> purgeEntities(ServerHttpRequest request) {
        Tenant tenant = Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
        QueryParameters params = QueryParameters.of(request.getQueryParams(), PARAMS);
        boolean local = params.flag("local");
        if (params.get("keep") != null && params.get("drop") != null) {
            throw new BadRequestDataException("Give keep (the attributes to keep) or drop (the attributes to delete), not both");
        }
        return contexts.resolveLink(request.getHeaders().getFirst(HttpHeaders.LINK))
                .flatMap(ctx -> {
                    String type = params.get("type");
                    Condition types = type == null || "*".equals(type) ? null : QueryLanguage.parseTypeSelection(type, ctx);
                    Condition q = q(params, ctx);
                    Condition scope = params.get("scopeQ") == null ? null : QueryLanguage.parseScopeQ(params.get("scopeQ"));
                    // ids and idPattern only narrow (5.6.21.4, suite 060_06): idPattern=.* must not purge a tenant; local=true is the explicit "all"
                    boolean selective = type != null || scope != null || (q != null && !QueryLanguage.attributes(q).isEmpty());
                    if (!selective && !local) {
                        throw new BadRequestDataException("Purge Entities needs a type, a scopeQ or a q on an attribute that is"
                                + " not a system member (id and idPattern only narrow these), or local=true to purge all");
                    }
                    EntityQuery selection = new EntityQuery(List.of(new EntityQuery.Selector(EntitySelectors.ids(params), EntitySelectors.idPattern(params),
                            types)), List.of(), Condition.and(q, scope), null, 0, EntityPurge.PAGE_SIZE);
                    return purge.purge(tenant, selection, Condition.and(types, q, scope), target(params, ctx));
                })
                .thenReturn(ResponseEntity.noContent().build());
    }

    private static Condition q(QueryParameters params, LdContext ctx) {
        if (params.get("q") == null) {
            return null;
        }
        Condition q = QueryLanguage.parseQ(params.get("q"), ctx);
        if (QueryLanguage.linkedDepth(q) > 0) {
            throw new BadRequestDataException("Purge Entities cannot select by attributes of linked entities (q with"
                    + " relationship{attribute})");
        }
        return q;
    }

    private static Target target(QueryParameters params, LdContext ctx) {
        String name = params.get("keep") != null ? "keep" : params.get("drop") != null ? "drop" : null;
        if (name == null) {
            return Target.ENTITY;
        }
        Set<String> attributes = new LinkedHashSet<>();
        params.list(name).forEach(a -> attributes.add(EntityParser.expandName(a, ctx)));
        if (attributes.isEmpty()) {
            throw new BadRequestDataException(name + " needs at least one attribute name");
        }
        return new Target("keep".equals(name) ? Target.Mode.KEEP : Target.Mode.DROP, attributes);
    }

}
