package city.tsunagu.load.data;

import city.tsunagu.load.config.LoadConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The few calls the loader makes to the hub, outside Gatling. */
final class HubClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LoadConfig config;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HubClient(LoadConfig config) {
        this.config = config;
    }

    /** Waits until {@code /actuator/health} answers UP: the hub may still be starting. */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest health = HttpRequest.newBuilder(URI.create(config.hub() + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (ConnectException e) {
                last = "connection refused";
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the hub at " + config.hub() + " did not become healthy within " + timeout + ": " + last);
    }

    /** Batch Upsert (5.6.8); every entity must be created or updated, or the load fails. */
    void upsert(List<Map<String, Object>> entities) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.hub() + "/ngsi-ld/v1/entityOperations/upsert"))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(entities)));
        config.tenant().ifPresent(t -> request.header("NGSILD-Tenant", t));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 204) {
            throw new IllegalStateException("batch upsert answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Create or Update Temporal Representation of an Entity (5.6.11): instances added, or the load fails. */
    void addHistory(Map<String, Object> temporalEntity) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.hub() + "/ngsi-ld/v1/temporal/entities"))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(temporalEntity)));
        config.tenant().ifPresent(t -> request.header("NGSILD-Tenant", t));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 204) {
            throw new IllegalStateException("temporal entity answered " + response.statusCode() + ": " + response.body());
        }
    }
}
