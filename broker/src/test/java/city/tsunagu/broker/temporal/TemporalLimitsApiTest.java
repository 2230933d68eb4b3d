package city.tsunagu.broker.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import city.tsunagu.broker.temporal.store.TemporalStore;
import city.tsunagu.broker.tenant.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The limits of the history: the most instances one answer holds (Content-Range, 206) and the retention. */
@TestPropertySource(properties = {"tsunagu.temporal.max-instances=5", "tsunagu.temporal.retention=30d",
        "tsunagu.temporal.keep-deleted-entities=false"})
class TemporalLimitsApiTest extends ApiTestSupport {
    private static final JsonMapper JSON = JsonMapper.shared();

    @Autowired
    private RetentionSweeper sweeper;
    @Autowired
    private TemporalStore store;

    private String postReadings(List<Instant> times) {
        String id = uniqueId("Sensor");
        StringBuilder speed = new StringBuilder();
        StringBuilder fuel = new StringBuilder();
        for (int i = 0; i < times.size(); i++) {
            String sep = i == 0 ? "" : ",";
            speed.append(sep).append("{\"type\":\"Property\",\"value\":").append(i).append(",\"observedAt\":\"").append(times.get(i)).append("\"}");
            // fuelLevel is read a second later: the cut must fall at the same time for both attributes
            fuel.append(sep).append("{\"type\":\"Property\",\"value\":").append(i).append(",\"observedAt\":\"")
                    .append(times.get(i).plusSeconds(1)).append("\"}");
        }
        client().post().uri("/temporal/entities").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"" + id + "\",\"type\":\"Sensor\",\"speed\":[" + speed + "],\"fuelLevel\":[" + fuel + "]}")
                .exchange().expectStatus().isCreated();
        return id;
    }

    private static List<Instant> minutes(Instant start, int count) {
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            times.add(start.plus(Duration.ofMinutes(i)));
        }
        return times;
    }

    @Test
    void longHistoriesComeInPartsWithAContentRange() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofDays(1));
        String id = postReadings(minutes(start, 12));
        var result = client().get().uri("/temporal/entities/" + id).exchange().expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
                .expectBody().returnResult();
        JsonNode body = JSON.readTree(result.getResponseBody());
        assertThat(body.path("speed")).hasSize(5);
        assertThat(body.path("fuelLevel")).hasSize(4); // cut at the fifth speed reading, before the fifth fuelLevel one
        assertThat(result.getResponseHeaders().getFirst("Content-Range"))
                .isEqualTo("date-time " + start + "-" + start.plus(Duration.ofMinutes(4)) + "/*");

        var last = client().get().uri("/temporal/entities/" + id + "?lastN=8").exchange().expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT)
                .expectBody().returnResult();
        JsonNode newest = JSON.readTree(last.getResponseBody());
        assertThat(newest.path("fuelLevel")).hasSize(5);
        assertThat(newest.path("speed")).hasSize(4);
        assertThat(newest.path("speed").get(3).path("value").asInt()).isEqualTo(11);
        assertThat(last.getResponseHeaders().getFirst("Content-Range"))
                .isEqualTo("date-time " + start.plus(Duration.ofMinutes(11)).plusSeconds(1) + "-"
                        + start.plus(Duration.ofMinutes(7)).plusSeconds(1) + "/8");

        client().get().uri("/temporal/entities/" + id + "?timerel=after&timeAt=" + start.plus(Duration.ofMinutes(10)))
                .exchange().expectStatus().isOk();
    }

    @Test
    void anAttributeTheCutEmptiesIsAnsweredEmpty() {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
        StringBuilder speed = new StringBuilder();
        StringBuilder fuel = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            speed.append(i == 0 ? "" : ",").append("{\"type\":\"Property\",\"value\":").append(i)
                    .append(",\"observedAt\":\"").append(day.plus(Duration.ofMinutes(i))).append("\"}");
            fuel.append(i == 0 ? "" : ",").append("{\"type\":\"Property\",\"value\":").append(i)
                    .append(",\"observedAt\":\"").append(day.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(i))).append("\"}");
        }
        String id = "urn:ngsi-ld:Vehicle:unsynchronized-" + System.nanoTime();
        client().post().uri("/temporal/entities").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"speed\":[" + speed + "],\"fuelLevel\":[" + fuel + "]}")
                .exchange().expectStatus().isCreated();

        JsonNode oldest = JSON.readTree(client().get().uri("/temporal/entities/" + id).exchange()
                .expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT).expectBody().returnResult().getResponseBody());
        assertThat(oldest.path("speed")).hasSize(5);
        assertThat(oldest.path("fuelLevel").isArray()).isTrue();
        assertThat(oldest.path("fuelLevel")).isEmpty();

        JsonNode newest = JSON.readTree(client().get().uri("/temporal/entities/" + id + "?lastN=6").exchange()
                .expectStatus().isEqualTo(HttpStatus.PARTIAL_CONTENT).expectBody().returnResult().getResponseBody());
        assertThat(newest.path("fuelLevel")).hasSize(5);
        assertThat(newest.path("speed")).isEmpty();
    }

    @Test
    void instancesOlderThanTheRetentionAreHiddenThenSwept() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant old = now.minus(Duration.ofDays(60));
        Instant recent = now.minus(Duration.ofDays(1));
        String id = postReadings(List.of(old, recent));
        JsonNode body = JSON.readTree(client().get().uri("/temporal/entities/" + id + "?attrs=speed").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
        assertThat(body.path("speed")).hasSize(1);
        assertThat(body.path("speed").get(0).path("observedAt").asString()).isEqualTo(recent.toString());
        assertThat(store.instances(Tenant.DEFAULT, id, Set.of(), null, null).count().block()).isEqualTo(4);

        assertThat(sweeper.sweep(now).block()).isGreaterThanOrEqualTo(2);
        assertThat(store.instances(Tenant.DEFAULT, id, Set.of(), null, null).map(TemporalInstance::time).collectList().block())
                .containsExactlyInAnyOrder(recent, recent.plusSeconds(1));
    }

    @Test
    void historyOfADeletedEntityIsDeletedWhenConfigured() {
        String id = uniqueId("Sensor");
        client().post().uri("/entities").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"" + id + "\",\"type\":\"Sensor\",\"speed\":{\"type\":\"Property\",\"value\":3}}")
                .exchange().expectStatus().isCreated();
        client().get().uri("/temporal/entities/" + id).exchange().expectStatus().isOk();
        client().delete().uri("/entities/" + id).exchange().expectStatus().isNoContent();
        client().get().uri("/temporal/entities/" + id).exchange().expectStatus().isNotFound();
    }
}
