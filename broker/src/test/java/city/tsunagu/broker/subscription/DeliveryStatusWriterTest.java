package city.tsunagu.broker.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.TestMongo;
import city.tsunagu.broker.Waiting;
import city.tsunagu.broker.store.StoreProperties;
import city.tsunagu.broker.tenant.Tenant;
import city.tsunagu.broker.tenant.TenantDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Outcomes recorded faster than the store takes them are added up, none lost, the latest times kept. */
class DeliveryStatusWriterTest {
    @RegisterExtension
    static final TestMongo MONGO = TestMongo.embedded();

    @Test
    void outcomesRecordedWhileAWriteRunsAreAllCountedInTheStatus() throws Exception {
        SubscriptionStore store = new SubscriptionStore(
                new TenantDatabases(MONGO.client(), new StoreProperties("x", Path.of("."), "status")), JsonMapper.shared());
        Tenant tenant = Tenant.DEFAULT;
        ObjectNode members = (ObjectNode) JsonMapper.shared().readTree("{\"type\": \"Subscription\"}");
        store.insert(tenant, new StoredSubscription("urn:ngsi-ld:Subscription:busy", members, null, Instant.EPOCH, Instant.EPOCH,
                StoredSubscription.Delivery.NONE)).block();
        DeliveryStatusWriter writer = new DeliveryStatusWriter(store);
        Instant start = Instant.parse("2026-11-23T08:00:00Z");

        // 600 outcomes from 4 threads, as 4 endpoints' deliveries would report them: 400 sent, 200 failed
        ExecutorService endpoints = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            endpoints.submit(() -> {
                for (int i = 0; i < 150; i++) {
                    int n = thread * 150 + i;
                    writer.record(tenant, "urn:ngsi-ld:Subscription:busy", n % 3 != 0, start.plusSeconds(n));
                }
            });
        }
        endpoints.shutdown();
        assertThat(endpoints.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        Waiting.await().until(() -> store.find(tenant, "urn:ngsi-ld:Subscription:busy").block().delivery().timesSent() == 600);
        StoredSubscription.Delivery status = store.find(tenant, "urn:ngsi-ld:Subscription:busy").block().delivery();
        assertThat(status.timesSent()).isEqualTo(600);
        assertThat(status.timesFailed()).isEqualTo(200);
        assertThat(status.lastNotification()).isEqualTo(start.plusSeconds(599));
        assertThat(status.lastSuccess()).isEqualTo(start.plusSeconds(599));
        assertThat(status.lastFailure()).isEqualTo(start.plusSeconds(597));
    }
}
