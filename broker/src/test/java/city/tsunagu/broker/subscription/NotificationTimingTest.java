package city.tsunagu.broker.subscription;

import static city.tsunagu.broker.Waiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import city.tsunagu.broker.MutableClock;
import city.tsunagu.broker.tenant.Tenant;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What subscriptions do by time (throttling, timeInterval, expiresAt), on a broker whose clock
 * stands still until the test advances it: each step happens when the test moves the clock, and
 * the test then waits only for the notification that step causes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"server.address=127.0.0.1"})
class NotificationTimingTest {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2030-04-01T08:00:00Z"));
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /**
     * A broker of its own, on {@link #CLOCK} and its own data directory (a store directory is
     * locked by the broker that opened it), so the other API tests keep real time.
     */
    @TestConfiguration
    static class ClockConfiguration {
        @Bean
        @Primary
        MutableClock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        String dataDir = Files.createTempDirectory("tsunagu-timing-test").toString();
        registry.add("tsunagu.data-dir", () -> dataDir);
        registry.add("tsunagu.mongodb-uri", () -> "");
    }

    @LocalServerPort
    private int port;
    @Autowired
    private SubscriptionMatcher matcher;
    private final List<String> subscriptions = new ArrayList<>();
    private String tenant;
    private NotificationReceiver receiver;

    @BeforeEach
    void receiver() {
        tenant = "timing-" + System.nanoTime();
        receiver = new NotificationReceiver(204);
    }

    /** Deletes the test's subscriptions, so that the clock moved by a later test does not notify them. */
    @AfterEach
    void stop() {
        subscriptions.forEach(id -> client().delete().uri("/subscriptions/{id}", id).header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isNoContent());
        receiver.close();
    }

    private WebTestClient client() {
        return ApiTestSupport.client("http://127.0.0.1:" + port + "/ngsi-ld/v1");
    }

    private static String uniqueId(String type) {
        return "urn:ngsi-ld:" + type + ":" + SEQUENCE.incrementAndGet();
    }

    private String subscribe(String body) {
        String location = client().post().uri("/subscriptions").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated().returnResult(byte[].class).getResponseHeaders()
                .getLocation().toString();
        String id = location.substring(location.lastIndexOf('/') + 1);
        subscriptions.add(id);
        return id;
    }

    private void createBus(String id, int speed) {
        client().post().uri("/entities").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\": \"" + id + "\", \"type\": \"Vehicle\", \"speed\": {\"type\": \"Property\", \"value\": " + speed + "}}")
                .exchange().expectStatus().isCreated();
    }

    private void setSpeed(String id, int speed) {
        client().patch().uri("/entities/{id}/attrs", id).header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"speed\": {\"type\": \"Property\", \"value\": " + speed + "}}").exchange().expectStatus().isNoContent();
    }

    /**
     * A subscription to Marker entities, notified to the same receiver. Changes are matched in
     * write order and one endpoint's notifications are sent in order, so once a marker's
     * notification has arrived, whatever an earlier write caused has arrived before it.
     */
    private String subscribeToMarkers() {
        return subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Marker\"}],"
                + " \"notification\": {\"endpoint\": {\"uri\": \"" + receiver.uri() + "\"}}}");
    }

    /** Writes a marker and answers every notification up to and including the marker's. */
    private List<String> notifiedUpToAMarker() {
        String marker = uniqueId("Marker");
        client().post().uri("/entities").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\": \"" + marker + "\", \"type\": \"Marker\"}").exchange().expectStatus().isCreated();
        await().until(() -> receiver.bodies.stream()
                .anyMatch(n -> n.path("data").path(0).path("id").asString().equals(marker)));
        return receiver.bodies.stream().map(n -> n.path("subscriptionId").asString()).toList();
    }

    private JsonNode subscription(String id) {
        return JSON.readTree(client().get().uri("/subscriptions/{id}", id).header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    @Test
    void throttlingHoldsBackNotificationsUntilTheClockHasMovedOnByThePeriod() {
        String throttled = subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}], \"throttling\": 60,"
                + " \"notification\": {\"format\": \"keyValues\", \"endpoint\": {\"uri\": \"" + receiver.uri() + "\"}}}");
        String markers = subscribeToMarkers();
        String bus = uniqueId("Vehicle");
        createBus(bus, 40);
        assertThat(receiver.await(1).get(0).path("data").get(0).path("speed").asInt()).isEqualTo(40);

        setSpeed(bus, 50);
        assertThat(notifiedUpToAMarker()).as("the clock has not moved: held back").containsExactly(throttled, markers);

        CLOCK.advance(Duration.ofSeconds(59));
        setSpeed(bus, 55);
        assertThat(notifiedUpToAMarker()).as("59 s later: still held back").containsExactly(throttled, markers, markers);

        CLOCK.advance(Duration.ofSeconds(1));
        setSpeed(bus, 60);
        JsonNode sent = receiver.await(4).get(3);
        assertThat(sent.path("subscriptionId").asString()).isEqualTo(throttled);
        assertThat(sent.path("data").get(0).path("speed").asInt()).as("the latest value, once the period is over").isEqualTo(60);

        setSpeed(bus, 65);
        assertThat(notifiedUpToAMarker()).as("a new period began with the last notification")
                .containsExactly(throttled, markers, markers, throttled, markers);
    }

    @Test
    void whatThrottlingRemembersLeavesWithTheSubscriptionAndAtTheEndOfThePeriod() {
        String subscription = "{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}], \"throttling\": 60,"
                + " \"notification\": {\"endpoint\": {\"uri\": \"" + receiver.uri() + "\"}}}";
        String deleted = subscribe(subscription);
        String kept = subscribe(subscription);
        String markers = subscribeToMarkers();
        createBus(uniqueId("Vehicle"), 40);
        receiver.await(2);
        Tenant tenant = new Tenant(this.tenant);
        assertThat(matcher.throttledSubscriptions(tenant)).containsExactlyInAnyOrder(deleted, kept);

        client().delete().uri("/subscriptions/{id}", deleted).header("NGSILD-Tenant", this.tenant).exchange().expectStatus().isNoContent();
        subscriptions.remove(deleted);
        assertThat(matcher.throttledSubscriptions(tenant)).as("deleted").containsExactly(kept);

        CLOCK.advance(Duration.ofSeconds(30));
        notifiedUpToAMarker(); // the subscriptions are read again after a local change: the next write does it
        assertThat(matcher.throttledSubscriptions(tenant)).as("within its period").containsExactly(kept);

        CLOCK.advance(Duration.ofSeconds(30));
        client().patch().uri("/subscriptions/{id}", markers).header("NGSILD-Tenant", this.tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"description\": \"markers\"}").exchange().expectStatus().isNoContent();
        notifiedUpToAMarker();
        assertThat(matcher.throttledSubscriptions(tenant)).as("its period is over").isEmpty();
    }

    @Test
    void aPeriodicSubscriptionIsNotifiedOncePerIntervalOfTheClock() {
        String bus = uniqueId("Vehicle");
        createBus(bus, 40);
        Instant start = CLOCK.instant();
        String id = subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}], \"timeInterval\": 600,"
                + " \"notification\": {\"format\": \"keyValues\", \"endpoint\": {\"uri\": \"" + receiver.uri() + "\"}}}");
        // the first notification is due when the subscription is made
        assertThat(receiver.await(1).get(0).path("data").get(0).path("speed").asInt()).isEqualTo(40);

        setSpeed(bus, 45);
        CLOCK.advance(Duration.ofSeconds(600));
        assertThat(receiver.await(2).get(1).path("data").get(0).path("speed").asInt()).as("what it selects now").isEqualTo(45);

        // half an interval is not due; the other half is, once
        CLOCK.advance(Duration.ofSeconds(300));
        CLOCK.advance(Duration.ofSeconds(300));
        receiver.await(3);
        // after a gap of several intervals one notification catches up, not one per missed interval
        CLOCK.advance(Duration.ofSeconds(2_500));
        receiver.await(4);

        // each notification was taken at the moment it fell due; a second one in an interval would
        // have been sent before the next interval's and shown here
        assertThat(receiver.bodies).allSatisfy(n -> {
            assertThat(n.path("subscriptionId").asString()).isEqualTo(id);
            assertThat(n.has("triggerReason")).as("sent by the clock, not by a change").isFalse();
        });
        assertThat(receiver.bodies).extracting(n -> Instant.parse(n.path("notifiedAt").asString())).containsExactly(
                start, start.plusSeconds(600), start.plusSeconds(1_200), start.plusSeconds(3_700));
    }

    @Test
    void aSubscriptionExpiresWhenTheClockPassesExpiresAt() {
        String id = subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}], \"expiresAt\": \""
                + CLOCK.instant().plus(Duration.ofMinutes(10)) + "\", \"notification\": {\"endpoint\": {\"uri\": \""
                + receiver.uri() + "\"}}}");
        String markers = subscribeToMarkers();
        assertThat(subscription(id).path("status").asString()).isEqualTo("active");

        CLOCK.advance(Duration.ofMinutes(10));
        assertThat(subscription(id).path("status").asString()).isEqualTo("expired");
        createBus(uniqueId("Vehicle"), 40);
        assertThat(notifiedUpToAMarker()).as("an expired subscription notifies nothing").containsExactly(markers);
    }
}
