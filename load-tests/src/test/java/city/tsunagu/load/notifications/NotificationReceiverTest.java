package city.tsunagu.load.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotificationReceiverTest {
    private static final String BUS = "urn:ngsi-ld:Vehicle:KNZ-000000";

    private final HttpClient http = HttpClient.newHttpClient();
    private NotificationReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = NotificationReceiver.start();
        receiver.expect("urn:sub:follow", "/apps/1", BUS);
        receiver.expect("urn:sub:district", "/operators/0", null);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void countsEachNotificationOnceWithItsDelayFromTheWrite() throws Exception {
        PhaseTally phase = receiver.startPhase("answered");
        Instant sent = Instant.now().minusMillis(40);
        phase.measureFrom(sent.minusSeconds(1));
        phase.expect(2);

        assertThat(post("/apps/1", notification("n1", "urn:sub:follow", BUS, sent))).isEqualTo(204);
        assertThat(phase.complete()).isFalse();
        assertThat(post("/operators/0", notification("n2", "urn:sub:district", "urn:ngsi-ld:Vehicle:KNZ-000004", sent))).isEqualTo(204);
        assertThat(post("/operators/0", notification("n2", "urn:sub:district", "urn:ngsi-ld:Vehicle:KNZ-000004", sent))).isEqualTo(204);
        phase.measureUntil(Instant.now());

        assertThat(phase.complete()).isTrue();
        NotificationResults.Delivery delivery = phase.summary();
        assertThat(delivery.received()).isEqualTo(2);
        assertThat(delivery.duplicates()).isEqualTo(1);
        assertThat(delivery.missing()).isZero();
        assertThat(delivery.delayed()).isEqualTo(2);
        assertThat(delivery.p50()).isGreaterThanOrEqualTo(40.0);
        assertThat(delivery.p99()).isGreaterThanOrEqualTo(delivery.p50());
        assertThat(stats()).contains("\"received\":2", "\"duplicates\":1", "\"missing\":0", "\"phase\":\"answered\"");
    }

    @Test
    void refusesWhatNoSubscriptionAskedFor() throws Exception {
        PhaseTally phase = receiver.startPhase("checks");
        Instant sent = Instant.now();

        assertThat(post("/apps/2", notification("a", "urn:sub:follow", BUS, sent))).as("another app's endpoint").isEqualTo(400);
        assertThat(post("/apps/1", notification("b", "urn:sub:follow", "urn:ngsi-ld:Vehicle:KNZ-000004", sent))).as("another bus")
                .isEqualTo(400);
        assertThat(post("/apps/1", notification("c", "urn:sub:unknown", BUS, sent))).as("unknown subscription").isEqualTo(400);
        assertThat(post("/apps/1", "not json")).isEqualTo(400);

        assertThat(phase.summary().unexpected()).isEqualTo(4);
        assertThat(phase.received()).isZero();
    }

    @Test
    void aNewPhaseStartsFromNothing() throws Exception {
        receiver.startPhase("first").expect(1);
        post("/apps/1", notification("n1", "urn:sub:follow", BUS, Instant.now()));

        PhaseTally second = receiver.startPhase("second");

        assertThat(second.received()).isZero();
        assertThat(second.expected()).isZero();
        assertThat(stats()).contains("\"phase\":\"second\"", "\"received\":0");
    }

    @Test
    void theSilentReceiverAcceptsAndNeverAnswers() throws Exception {
        try (SilentReceiver silent = SilentReceiver.start()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(silent.url() + "/apps/1")).timeout(Duration.ofMillis(500))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

            assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
            assertThat(silent.accepted()).isEqualTo(1);
        }
    }

    private int post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(receiver.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String stats() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(receiver.url() + "/stats")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String notification(String id, String subscription, String entity, Instant sent) {
        return """
                {"id":"%s","type":"Notification","subscriptionId":"%s","notifiedAt":"%s","data":[
                  {"id":"%s","type":"Vehicle","speed":{"type":"Property","value":12.5,"observedAt":"%s","unitCode":"KMH"}}]}
                """.formatted(id, subscription, Instant.now(), entity, sent);
    }
}
