package city.tsunagu.broker.info;

import city.tsunagu.broker.common.web.AcceptNegotiation;
import city.tsunagu.broker.common.web.JsonResponses;
import city.tsunagu.broker.common.web.QueryParameters;
import city.tsunagu.broker.entity.web.EntityRenderer;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.tenant.Tenant;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Retrieve Context Source Identity (ETSI GS CIM 009 v1.9.1, 5.15.2): who this broker is, per
 * tenant, so that federating brokers can tell their peers apart and detect loops.
 */
@RestController
public class SourceIdentityHandler {
    private static final String BROKER_ALIAS = "tsunagu";

    private final JsonResponses responses;
    private final LdContextResolver contexts;
    private final Clock clock;

    public SourceIdentityHandler(JsonResponses responses, LdContextResolver contexts, Clock clock) {
        this.responses = responses;
        this.contexts = contexts;
        this.clock = clock;
    }

    /** Retrieve Context Source Identity (5.15.2). */
    @GetMapping("/ngsi-ld/v1/info/sourceIdentity")
    public ResponseEntity<byte[]> retrieveSourceIdentity(ServerHttpRequest request) {
        MediaType accept = AcceptNegotiation.choose(request.getHeaders().getFirst(HttpHeaders.ACCEPT), false);
        Tenant tenant = Tenant.fromHeader(request.getHeaders().getFirst(Tenant.HEADER));
        QueryParameters.of(request.getQueryParams(), Set.of());
        String alias = tenant.isDefault() ? BROKER_ALIAS : BROKER_ALIAS + ":" + tenant.name();
        ObjectNode identity = JsonNodeFactory.instance.objectNode();
        // stable per alias: the same tenant always has the same identity
        identity.put("id", "urn:ngsi-ld:ContextSourceIdentity:"
                + UUID.nameUUIDFromBytes(alias.getBytes(StandardCharsets.UTF_8)));
        identity.put("type", "ContextSourceIdentity");
        identity.put("contextSourceAlias", alias);
        identity.put("contextSourceUptime", Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()).toString());
        identity.put("contextSourceTimeAt", EntityRenderer.DATE_TIME.format(clock.instant()));
        return responses.body(HttpStatus.OK, identity, accept, contexts.core());
    }
}
