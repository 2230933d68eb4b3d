package city.tsunagu.broker.common.web;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.tenant.Tenant;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * HTTP rules common to every NGSI-LD operation: a body-carrying request must state its length
 * (6.3.2: 411 otherwise, before anything else is looked at), a path with an empty entity id,
 * attribute name or instance id is the caller's error (400), not a missing resource, and the
 * tenant is echoed back.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class NgsiLdWebFilter implements WebFilter {
    private static final String API = "/ngsi-ld/";
    private static final String ENTITIES_WITHOUT_ID = "/ngsi-ld/v1/entities//";
    private static final String TEMPORAL_WITHOUT_ID = "/ngsi-ld/v1/temporal/entities//";
    /** A temporal entity's attribute path with an empty attribute name or instance id. */
    private static final Pattern TEMPORAL_EMPTY_SEGMENT = Pattern.compile("/ngsi-ld/v1/temporal/entities/[^/]+/attrs/(/.*|[^/]+/)");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!request.getPath().value().startsWith(API)) {
            return chain.filter(exchange);
        }
        HttpMethod method = request.getMethod();
        boolean carriesBody = method == HttpMethod.POST || method == HttpMethod.PATCH || method == HttpMethod.PUT;
        HttpHeaders headers = request.getHeaders();
        if (carriesBody && headers.getContentLength() < 0 && headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            exchange.getResponse().setStatusCode(HttpStatus.LENGTH_REQUIRED);
            return exchange.getResponse().setComplete();
        }
        String path = request.getPath().value();
        if (path.startsWith(ENTITIES_WITHOUT_ID)) {
            return Mono.error(new BadRequestDataException("The entity id is missing from the path /ngsi-ld/v1/entities/{entityId}/..."));
        }
        if (path.startsWith(TEMPORAL_WITHOUT_ID)) {
            return Mono.error(new BadRequestDataException("The entity id is missing from the path /ngsi-ld/v1/temporal/entities/{entityId}/..."));
        }
        if (TEMPORAL_EMPTY_SEGMENT.matcher(path).matches()) {
            // PATCH addresses an instance; with a segment missing only the attribute's path (DELETE) is left
            return Mono.error(method == HttpMethod.PATCH ? new MethodNotAllowedException(method, Set.of(HttpMethod.DELETE))
                    : new BadRequestDataException("The attribute name or instance id is missing from the path "
                            + "/ngsi-ld/v1/temporal/entities/{entityId}/attrs/{attrId}/{instanceId}"));
        }
        String tenant = headers.getFirst(Tenant.HEADER);
        if (tenant != null) {
            exchange.getResponse().getHeaders().set(Tenant.HEADER, tenant);
        }
        return chain.filter(exchange);
    }
}
