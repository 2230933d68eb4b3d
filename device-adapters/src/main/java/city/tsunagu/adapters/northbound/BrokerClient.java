package city.tsunagu.adapters.northbound;

import city.tsunagu.adapters.measure.EntityUpdate;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * NGSI-LD Batch Entity Upsert (ETSI GS CIM 009, 5.6.8) with {@code options=update}, so a
 * reading changes the attributes it carries and leaves the others: the only call the adapters
 * make to the broker. Reactor Netty with a bounded pool of connections.
 */
final class BrokerClient implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String UPSERT = "/ngsi-ld/v1/entityOperations/upsert?options=update";

    private final ConnectionProvider connections;
    private final HttpClient http;

    BrokerClient(String brokerUrl, int maxConnections, Duration responseTimeout) {
        this.connections = ConnectionProvider.builder("tsunagu-northbound")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        this.http = HttpClient.create(connections).baseUrl(brokerUrl).responseTimeout(responseTimeout);
    }

    /** Sends one batch of one tenant; never fails, the result says what happened. */
    Mono<UpsertResult> upsert(String tenant, List<EntityUpdate> batch) {
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        batch.forEach(update -> body.add(update.toNgsiLd()));
        byte[] bytes = JSON.writeValueAsBytes(body);
        return http.headers(headers -> {
                    headers.set("Content-Type", "application/json");
                    if (tenant != null) {
                        headers.set("NGSILD-Tenant", tenant);
                    }
                })
                .post().uri(UPSERT)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)))
                .responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
                        .map(answer -> result(response.status().code(), answer)))
                .onErrorResume(e -> Mono.just(new UpsertResult.Unavailable(String.valueOf(e))));
    }

    private static UpsertResult result(int status, byte[] answer) {
        if (status == 201 || status == 204 || status == 200) {
            return new UpsertResult.Accepted();
        }
        if (status == 207) {
            Map<String, String> reasons = new LinkedHashMap<>();
            for (JsonNode error : JSON.readTree(answer).path("errors")) {
                reasons.put(error.path("entityId").asString(), error.path("error").path("detail").asString(
                        error.path("error").toString()));
            }
            return new UpsertResult.PartlyRejected(reasons);
        }
        String reason = "HTTP " + status + " " + new String(answer, java.nio.charset.StandardCharsets.UTF_8);
        // the broker is away, overloaded or failing: try again later; anything else is about the data
        if (status >= 500 || status == 429 || status == 408) {
            return new UpsertResult.Unavailable(reason);
        }
        return new UpsertResult.Rejected(status, reason);
    }

    @Override
    public void close() {
        connections.dispose();
    }
}
