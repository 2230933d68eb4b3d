package city.tsunagu.broker.discovery.web;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.web.AcceptNegotiation;
import city.tsunagu.broker.common.web.QueryParameters;
import city.tsunagu.broker.entity.model.NgsiLd;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.tenant.Tenant;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The checks every discovery request passes, in the order the other handlers use: Accept (406),
 * tenant, query parameters (400 for unknown ones, 6.3.20). {@code local=true} asks for the local
 * datastore only (5.7.11), which is all this broker answers from anyway.
 */
record DiscoveryRequest(MediaType accept, Tenant tenant, boolean details) {
    /** GET /types and GET /attributes. */
    static final Set<String> LIST_PARAMS = Set.of("details", "local");
    /** GET /types/{type} and GET /attributes/{attrId}. */
    static final Set<String> ITEM_PARAMS = Set.of("local");

    static DiscoveryRequest of(ServerHttpRequest request, Set<String> allowed) {
        MediaType accept = AcceptNegotiation.choose(request.getHeaders().getFirst(HttpHeaders.ACCEPT), false);
        Tenant tenant = Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
        QueryParameters params = QueryParameters.of(request.getQueryParams(), allowed);
        params.flag("local");
        return new DiscoveryRequest(accept, tenant, params.flag("details"));
    }

    static String link(ServerHttpRequest request) {
        return request.getHeaders().getFirst(HttpHeaders.LINK);
    }

    /** A type or attribute name from the path, expanded with the request's @context. */
    static String expand(String name, String what, LdContext ctx) {
        if (!NgsiLd.isValidName(name)) {
            throw new BadRequestDataException(what + " '" + name + "' is not a valid name: use a term or an IRI without "
                    + "whitespace or any of < > \" ' = ; ( ) \\");
        }
        return ctx.expand(name);
    }
}
