package city.tsunagu.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub runs the device adapters: a device publishes to the hub's MQTT port with a real MQTT
 * client, or posts to its CoAP port, and the reading shows as an entity attribute in the hub's
 * NGSI-LD API.
 */
class HubAdaptersTest {
    @TempDir
    static Path dataDir;

    private static RunningHub hub;

    @BeforeAll
    static void startHub() {
        hub = RunningHub.start(dataDir);
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void aReadingPublishedToTheHubsMqttPortBecomesAnEntityAttribute() throws Exception {
        hub.provisioning().post().uri("/iot/groups").header("fiware-service", "kanazawa").header("fiware-servicepath", "/")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"groups": [{"apikey": "hub-aq", "resource": "", "entity_type": "AirQualityObserved",
                          "attributes": [{"object_id": "t", "name": "temperature", "type": "Number"}]}]}""")
                .exchange().expectStatus().isCreated();

        MqttClient device = new MqttClient("tcp://127.0.0.1:" + hub.adapters().mqttPort(), "station-1", new MemoryPersistence());
        device.connect();
        try {
            MqttMessage message = new MqttMessage("{\"t\": 21.5, \"no2\": 33}".getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            device.publish("/json/hub-aq/station-1/attrs", message);
        } finally {
            device.disconnect();
            device.close();
        }

        JsonNode entity = awaitEntity("kanazawa", "urn:ngsi-ld:AirQualityObserved:station-1");
        assertThat(entity.path("type").asString()).isEqualTo("AirQualityObserved");
        assertThat(entity.path("temperature").asDouble()).isEqualTo(21.5);
        assertThat(entity.path("no2").asInt()).isEqualTo(33);
    }

    @Test
    void aReadingPostedToTheHubsCoapPortBecomesAnEntityAttribute() throws Exception {
        hub.provisioning().post().uri("/iot/groups")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"groups": [{"apikey": "hub-coap", "resource": "", "entity_type": "BikeHireDockingStation",
                          "attributes": [{"object_id": "b", "name": "availableBikeNumber", "type": "Integer"}]}]}""")
                .exchange().expectStatus().isCreated();

        CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(Configuration.createStandardWithoutFile()).build();
        CoapClient client = new CoapClient("coap://127.0.0.1:" + hub.adapters().coapPort() + "/iot/ul?k=hub-coap&i=dock-3");
        client.setEndpoint(endpoint);
        try {
            CoapResponse response = client.post("b|7", MediaTypeRegistry.TEXT_PLAIN);
            assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        } finally {
            client.shutdown();
            endpoint.destroy();
        }

        JsonNode entity = awaitEntity(null, "urn:ngsi-ld:BikeHireDockingStation:dock-3");
        assertThat(entity.path("availableBikeNumber").asInt()).isEqualTo(7);
    }

    @Test
    void mosquittoPubWithItsDefaultsReachesTheHub() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")),
                "Debian's mosquitto_pub is not installed (apt-get install mosquitto-clients); interop test skipped");
        hub.provisioning().post().uri("/iot/groups")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"groups": [{"apikey": "hub-ul", "resource": "", "entity_type": "Thing"}]}""")
                .exchange().expectStatus().isCreated();

        // no client id: mosquitto_pub then leaves it to the broker, as in the FIWARE tutorials
        Process process = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(hub.adapters().mqttPort()),
                "-t", "/ul/hub-ul/sensor-9/attrs", "-m", "t|21.5|h|40")
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        JsonNode entity = awaitEntity(null, "urn:ngsi-ld:Thing:sensor-9");
        assertThat(entity.path("t").asString()).isEqualTo("21.5");
        assertThat(entity.path("h").asString()).isEqualTo("40");
    }

    private static JsonNode awaitEntity(String tenant, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var result = hub.client().get().uri("/ngsi-ld/v1/entities/{id}?options=keyValues", id)
                    .headers(h -> {
                        if (tenant != null) {
                            h.set("NGSILD-Tenant", tenant);
                        }
                    })
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange().expectBody().returnResult();
            if (result.getStatus().value() == 200) {
                return JsonMapper.shared().readTree(result.getResponseBody());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("entity " + id + " did not appear within 60 s");
    }
}
