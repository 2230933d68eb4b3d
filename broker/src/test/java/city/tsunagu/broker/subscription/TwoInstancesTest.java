package city.tsunagu.broker.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import city.tsunagu.broker.BrokerApplication;
import city.tsunagu.broker.store.EmbeddedStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two broker instances on one store, as a city runs them behind a load balancer: a subscription
 * made through one is notified for writes received by the other.
 */
class TwoInstancesTest {
    private static EmbeddedStore store;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static NotificationReceiver receiver;

    @BeforeAll
    static void start() throws IOException {
        Path dir = Files.createTempDirectory("tsunagu-two-instances");
        store = EmbeddedStore.start(dir.resolve("store"), 0);
        first = broker(dir.resolve("a"));
        second = broker(dir.resolve("b"));
        receiver = new NotificationReceiver(204);
    }

    private static ConfigurableApplicationContext broker(Path dataDir) {
        // arguments, not builder properties: those are defaults, below application.yml
        return new SpringApplicationBuilder(BrokerApplication.class).run("--server.port=0", "--server.address=127.0.0.1",
                "--tsunagu.data-dir=" + dataDir, "--tsunagu.mongodb-uri=" + store.connectionString());
    }

    private static WebTestClient client(ConfigurableApplicationContext broker) {
        return ApiTestSupport.client("http://127.0.0.1:" + broker.getEnvironment().getRequiredProperty("local.server.port")
                + "/ngsi-ld/v1");
    }

    @AfterAll
    static void stop() {
        receiver.close();
        second.close();
        first.close();
        store.close();
    }

    @Test
    void aSubscriptionMadeThroughOneIsNotifiedForWritesToTheOther() {
        String tenant = "two-" + System.nanoTime();
        client(first).post().uri("/subscriptions").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"BikeHireDockingStation\"}],"
                        + " \"notification\": {\"format\": \"keyValues\", \"endpoint\": {\"uri\": \"" + receiver.uri() + "\"}}}")
                .exchange().expectStatus().isCreated();
        for (ConfigurableApplicationContext broker : List.of(second, first)) {
            String id = "urn:ngsi-ld:BikeHireDockingStation:" + (broker == first ? "first" : "second");
            client(broker).post().uri("/entities").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"id\": \"" + id + "\", \"type\": \"BikeHireDockingStation\","
                            + " \"availableBikeNumber\": {\"type\": \"Property\", \"value\": 4}}")
                    .exchange().expectStatus().isCreated();
        }
        assertThat(receiver.await(2)).extracting(n -> n.path("data").get(0).path("id").asString()).containsExactlyInAnyOrder(
                "urn:ngsi-ld:BikeHireDockingStation:second", "urn:ngsi-ld:BikeHireDockingStation:first");
    }
}
