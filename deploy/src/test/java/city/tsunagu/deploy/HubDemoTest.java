package city.tsunagu.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./tsunagu up --demo}: the simulator provisions its fleet through the provisioning API
 * and publishes over the hub's MQTT broker; buses, docks and air-quality stations appear as
 * entities of the Smart Data Models types and keep changing.
 */
class HubDemoTest {
    @TempDir
    static Path dataDir;

    private static RunningHub hub;

    @BeforeAll
    static void startHub() {
        hub = RunningHub.start(dataDir, "--tsunagu.hub.demo=true", "--tsunagu.hub.demo-period=300ms");
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void theDemoArgumentTurnsTheSimulatorOn() {
        assertThat(TsunaguHub.withDemo(new String[] {"--demo", "--debug"}))
                .containsExactly("--tsunagu.hub.demo=true", "--debug");
    }

    @Test
    void busesDocksAndAirQualityStationsAppearAndChange() throws Exception {
        JsonNode buses = await("12 Vehicles", "Vehicle", list -> list.size() == 12);
        JsonNode docks = await("10 BikeHireDockingStations", "BikeHireDockingStation", list -> list.size() == 10);
        JsonNode stations = await("4 AirQualityObserved", "AirQualityObserved", list -> list.size() == 4);

        JsonNode bus = buses.get(0);
        assertThat(bus.path("location").path("type").asString()).isEqualTo("GeoProperty");
        assertThat(bus.path("speed").path("unitCode").asString()).isEqualTo("KMH");
        assertThat(bus.has("passengerCount")).isTrue();
        assertThat(bus.path("vehicleType").path("value").asString()).isEqualTo("bus");
        assertThat(bus.has("lat")).as("explicitAttrs: the raw measures stay out").isFalse();
        double lon = bus.path("location").path("value").path("coordinates").get(0).asDouble();
        assertThat(lon).isBetween(136.64, 136.67);

        JsonNode dock = docks.get(0);
        int total = dock.path("totalSlotNumber").path("value").asInt();
        assertThat(dock.path("availableBikeNumber").path("value").asInt() + dock.path("freeSlotNumber").path("value").asInt())
                .isEqualTo(total);
        assertThat(dock.path("location").path("type").asString()).isEqualTo("GeoProperty");

        JsonNode station = stations.get(0);
        assertThat(station.path("no2").path("unitCode").asString()).isEqualTo("GQ");
        assertThat(station.path("temperature").path("unitCode").asString()).isEqualTo("CEL");
        assertThat(station.path("pm25").path("value").asDouble()).isPositive();
        assertThat(station.path("relativeHumidity").path("value").asDouble()).isBetween(0.0, 1.0);

        // they change: new readings (observedAt) for every type, and buses move
        Map<String, String> busLocations = values(buses, "location");
        await("buses moving", "Vehicle", list -> !values(list, "location").equals(busLocations));
        Map<String, String> dockTimes = observedAt(docks, "availableBikeNumber");
        await("docks reporting again", "BikeHireDockingStation", list -> !observedAt(list, "availableBikeNumber").equals(dockTimes));
        Map<String, String> stationTimes = observedAt(stations, "no2");
        await("air quality reported again", "AirQualityObserved", list -> !observedAt(list, "no2").equals(stationTimes));
    }

    private static Map<String, String> values(JsonNode entities, String attribute) {
        Map<String, String> values = new HashMap<>();
        entities.forEach(e -> values.put(e.path("id").asString(), e.path(attribute).path("value").toString()));
        return values;
    }

    private static Map<String, String> observedAt(JsonNode entities, String attribute) {
        Map<String, String> times = new HashMap<>();
        entities.forEach(e -> times.put(e.path("id").asString(), e.path(attribute).path("observedAt").asString()));
        return times;
    }

    private static JsonNode await(String what, String type, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            byte[] body = hub.client().get().uri("/ngsi-ld/v1/entities?type={type}&limit=100", type)
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
            JsonNode list = JsonMapper.shared().readTree(body);
            if (condition.test(list)) {
                return list;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Not within 90 s: " + what);
    }
}
