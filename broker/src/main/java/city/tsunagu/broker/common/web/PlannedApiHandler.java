package city.tsunagu.broker.common.web;

import city.tsunagu.broker.common.error.ErrorType;
import city.tsunagu.broker.common.error.ProtocolException;
import city.tsunagu.broker.tenant.Tenant;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The NGSI-LD resource families this broker does not serve yet (context sources). A request to them gets the same checks as any other — tenant,
 * Accept (406), Content-Type (415), query parameters (400) — and then 501 NotImplemented naming
 * what is missing, instead of a 404 that would read as a wrong URL.
 */
@RestController
public class PlannedApiHandler {
    private static final Set<String> PAGING = Set.of("limit", "offset", "count", "local");
    private static final Set<String> ENTITY_SELECTION = Set.of("id", "type", "idPattern", "attrs", "q", "csf", "georel",
            "geometry", "coordinates", "geoproperty", "geoQ", "scopeQ", "lang", "pick", "omit", "options", "format",
            "datasetId", "limit", "offset", "count", "local");
    private static final Set<String> REGISTRATIONS = union(ENTITY_SELECTION, Set.of("timeproperty", "timerel", "timeAt",
            "endTimeAt", "geometryProperty", "mode"));

    private record Family(String name, Set<String> parameters) {
    }

    private static final Map<String, Family> FAMILIES = Map.of(
            "csourceRegistrations", new Family("Context source registrations", REGISTRATIONS),
            "csourceSubscriptions", new Family("Context source subscriptions", PAGING));

    @RequestMapping({"/ngsi-ld/v1/csourceRegistrations/**",
            "/ngsi-ld/v1/csourceSubscriptions/**"})
    public Mono<Void> notImplementedYet(ServerHttpRequest request) {
        Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
        String path = request.getPath().pathWithinApplication().value();
        String segment = path.substring("/ngsi-ld/v1/".length()).split("/")[0];
        Family family = FAMILIES.get(segment);
        HttpMethod method = request.getMethod();
        if (method == HttpMethod.GET) {
            AcceptNegotiation.choose(request.getHeaders().getFirst(HttpHeaders.ACCEPT), false);
        } else if (method == HttpMethod.POST || method == HttpMethod.PATCH || method == HttpMethod.PUT) {
            var type = request.getHeaders().getContentType();
            boolean json = type != null && (type.equalsTypeAndSubtype(NgsiLdMediaTypes.JSON)
                    || type.equalsTypeAndSubtype(NgsiLdMediaTypes.JSON_LD)
                    || (method == HttpMethod.PATCH && type.equalsTypeAndSubtype(NgsiLdMediaTypes.MERGE_PATCH)));
            if (!json) {
                throw new ProtocolException(ErrorType.UNSUPPORTED_MEDIA_TYPE, "Content-Type " + type
                        + " is not supported; use application/json or application/ld+json");
            }
        }
        QueryParameters.of(request.getQueryParams(), family.parameters());
        return Mono.error(new ProtocolException(ErrorType.NOT_IMPLEMENTED,
                family.name() + " (" + path + ") are not supported by this broker yet"));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
