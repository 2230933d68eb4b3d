package city.tsunagu.adapters.northbound;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.adapters.AdaptersProperties;
import city.tsunagu.adapters.Await;
import city.tsunagu.adapters.TestBroker;
import city.tsunagu.adapters.measure.EntityUpdate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Batch upserts into the real broker (in this JVM, over HTTP), through an outage and a full buffer. */
class NorthboundWriterTest {
    private TestBroker broker;
    private NorthboundWriter writer;
    private ReadingMetrics metrics;

    @BeforeEach
    void startBroker() {
        broker = TestBroker.start();
    }

    @AfterEach
    void stop() {
        if (writer != null) {
            writer.stop();
        }
        broker.close();
    }

    private void startWriter(int connections, int buffer) {
        metrics = new ReadingMetrics(new SimpleMeterRegistry());
        writer = new NorthboundWriter(new AdaptersProperties("mongodb://unused", "db", broker.url(), Duration.ofSeconds(5)),
                new NorthboundProperties(connections, 50, Duration.ofMillis(20), buffer, Duration.ofSeconds(5), Duration.ofMillis(400)),
                metrics);
        writer.start();
    }

    private static EntityUpdate reading(String tenant, String bus, int sequence) {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        ObjectNode seq = attributes.putObject("sequence");
        seq.put("type", "Property");
        seq.put("value", sequence);
        return new EntityUpdate(tenant, "urn:ngsi-ld:Vehicle:" + bus, "Vehicle", attributes, tenant == null ? "" : tenant, bus);
    }

    private long sequenceOf(String tenant, String bus) {
        JsonNode entity = broker.entity(tenant, "urn:ngsi-ld:Vehicle:" + bus);
        return entity == null ? -1 : entity.path("sequence").asLong(-1);
    }

    @Test
    void deliversEveryDevicesReadingsInOrderAcrossLanesAndTenants() throws InterruptedException {
        startWriter(3, 10_000);
        int devices = 20;
        int readings = 50;
        for (int r = 1; r <= readings; r++) {
            for (int d = 0; d < devices; d++) {
                assertThat(writer.put(reading(d % 2 == 0 ? null : "city", "bus-" + d, r), Duration.ofSeconds(30))).isTrue();
            }
        }
        Await.until("every reading accepted by the broker",
                () -> metrics.count("tsunagu.adapters.readings.accepted", "") + metrics.count("tsunagu.adapters.readings.accepted", "city")
                        == devices * readings);
        for (int d = 0; d < devices; d++) {
            assertThat(sequenceOf(d % 2 == 0 ? null : "city", "bus-" + d)).as("last value of bus-" + d).isEqualTo(readings);
        }
        assertThat(broker.entity(null, "urn:ngsi-ld:Vehicle:bus-1")).as("bus-1 is in tenant city only").isNull();
    }

    @Test
    void ridesOutABrokerOutageWithNothingLost() throws InterruptedException {
        startWriter(2, 10_000);
        writer.put(reading(null, "bus-a", 0), Duration.ofSeconds(5));
        Await.until("first reading delivered", () -> sequenceOf(null, "bus-a") == 0);

        broker.stop();
        for (int r = 1; r <= 200; r++) {
            assertThat(writer.put(reading(null, "bus-a", r), Duration.ofSeconds(5))).isTrue();
            assertThat(writer.put(reading(null, "bus-b", r), Duration.ofSeconds(5))).isTrue();
        }
        Await.until("delivery retried while the broker is away", () -> metrics.count("tsunagu.adapters.readings.retried", "") > 0);
        assertThat(writer.pending()).isPositive();

        broker.restart();
        Await.until("everything delivered after the broker came back", () -> writer.pending() == 0
                && metrics.count("tsunagu.adapters.readings.accepted", "") == 401);
        assertThat(sequenceOf(null, "bus-a")).isEqualTo(200);
        assertThat(sequenceOf(null, "bus-b")).isEqualTo(200);
        assertThat(metrics.count("tsunagu.adapters.readings.rejected", "")).isZero();
    }

    @Test
    void pushesBackWhenTheBufferIsFullAndDeliversWhatItTook() throws InterruptedException {
        startWriter(1, 5);
        broker.stop();
        int taken = 0;
        assertThat(writer.offer(reading(null, "bus-" + taken++, 1))).isTrue();
        // once the lane's thread is retrying its batch it takes nothing more: the buffer holds 5
        Await.until("the first batch is being retried", () -> metrics.count("tsunagu.adapters.readings.retried", "") > 0);
        while (writer.offer(reading(null, "bus-" + taken, 1))) {
            taken++;
            assertThat(taken).as("the buffer is bounded").isLessThan(100);
        }
        assertThat(taken).isEqualTo(6);
        assertThat(writer.put(reading(null, "late", 1), Duration.ofMillis(50))).as("put waits, then gives up").isFalse();

        broker.restart();
        int expected = taken;
        Await.until("the readings taken are delivered", () -> metrics.count("tsunagu.adapters.readings.accepted", "") == expected);
        for (int i = 0; i < taken; i++) {
            assertThat(sequenceOf(null, "bus-" + i)).isEqualTo(1);
        }
        assertThat(broker.entity(null, "urn:ngsi-ld:Vehicle:late")).isNull();
    }

    @Test
    void countsAndSkipsAReadingTheBrokerRefusesWithoutHoldingUpOthers() throws InterruptedException {
        startWriter(1, 100);
        ObjectNode bad = JsonNodeFactory.instance.objectNode();
        bad.putObject("speed").put("type", "NoSuchKind").put("value", 1);
        writer.put(reading(null, "good-1", 1), Duration.ofSeconds(5));
        writer.put(new EntityUpdate(null, "urn:ngsi-ld:Vehicle:bad", "Vehicle", bad, "", "bad"), Duration.ofSeconds(5));
        writer.put(reading(null, "good-2", 1), Duration.ofSeconds(5));
        Await.until("the good readings delivered", () -> sequenceOf(null, "good-1") == 1 && sequenceOf(null, "good-2") == 1);
        Await.until("the bad one counted", () -> metrics.count("tsunagu.adapters.readings.rejected", "") == 1);
    }
}
