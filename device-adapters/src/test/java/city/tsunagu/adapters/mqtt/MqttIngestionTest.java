package city.tsunagu.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import city.tsunagu.adapters.Await;
import city.tsunagu.adapters.RunningAdapters;
import city.tsunagu.adapters.TestBroker;
import city.tsunagu.adapters.TestMqtt;
import city.tsunagu.adapters.TestStore;
import city.tsunagu.adapters.northbound.ReadingMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Devices publish over MQTT to an embedded Moquette; the adapters (Paho, MQTT 5) take the
 * readings to the real broker; the entities show them. Publishers are Paho's MQTT 3.1.1 client
 * and, when installed, Debian's mosquitto_pub.
 */
class MqttIngestionTest {
    private static TestStore store;
    private static TestBroker broker;
    private static TestMqtt mqtt;
    private static int mqttPort;
    private static RunningAdapters adapters;
    private static MqttClient publisher;

    @BeforeAll
    static void start() throws Exception {
        store = TestStore.start();
        broker = TestBroker.start();
        mqtt = TestMqtt.start();
        mqttPort = mqtt.port();
        adapters = RunningAdapters.start(store.uri(),
                "--tsunagu.adapters.broker-url=" + broker.url(),
                "--tsunagu.adapters.mqtt.uri=tcp://127.0.0.1:" + mqttPort,
                "--tsunagu.adapters.mqtt.client-id=ingestion-test-adapters");
        adapters.client().post().uri("/iot/groups").header("fiware-service", "kanazawa").header("fiware-servicepath", "/")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"groups": [{"apikey": "aq", "resource": "", "entity_type": "AirQualityObserved",
                          "attributes": [{"object_id": "t", "name": "temperature", "type": "Number",
                                          "metadata": {"unitCode": {"type": "Text", "value": "CEL"}}},
                                         {"object_id": "no2", "name": "NO2", "type": "Number"}]}]}""")
                .exchange().expectStatus().isCreated();
        publisher = new MqttClient("tcp://127.0.0.1:" + mqttPort, MqttClient.generateClientId(), new MemoryPersistence());
        publisher.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        publisher.disconnect();
        publisher.close();
        adapters.close();
        mqtt.close();
        broker.close();
        store.close();
    }

    private static void publish(String topic, String payload) throws Exception {
        // Moquette 0.17 now and then drops a connection right after CONNACK; the adapters then
        // reconnect, and a reading published before they have subscribed again is not seen
        Await.until("the adapters subscribed to the measure topics", () -> adapters.bean(MqttSouthbound.class).isSubscribed());
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        publisher.publish(topic, message);
    }

    private static JsonNode awaitAttribute(String device, String attribute, String expected) {
        String id = "urn:ngsi-ld:AirQualityObserved:" + device;
        Await.until(id + " " + attribute + " = " + expected, () -> {
            JsonNode entity = broker.normalized("kanazawa", id);
            return entity != null && entity.path(attribute).path("value").asString().equals(expected);
        });
        return broker.normalized("kanazawa", id);
    }

    @Test
    void jsonMeasuresOnTheJsonTopicUpdateTheAutoprovisionedDevicesEntity() throws Exception {
        publish("/json/aq/station-1/attrs", "{\"t\": 21.5, \"no2\": 33, \"TimeInstant\": \"2026-04-01T09:00:00Z\"}");
        JsonNode entity = awaitAttribute("station-1", "temperature", "21.5");
        assertThat(entity.path("type").asString()).isEqualTo("AirQualityObserved");
        assertThat(entity.path("temperature").path("unitCode").asString()).isEqualTo("CEL");
        assertThat(entity.path("temperature").path("observedAt").asString()).isEqualTo("2026-04-01T09:00:00Z");
        assertThat(entity.path("NO2").path("value").asInt()).isEqualTo(33);
        // the device was provisioned on its first reading
        adapters.client().get().uri("/iot/devices/station-1").header("fiware-service", "kanazawa").header("fiware-servicepath", "/")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.transport").isEqualTo("MQTT");
    }

    @Test
    void ultraLightSingleAttributeAndLegacyTopics() throws Exception {
        publish("/ul/aq/station-2/attrs", "t|18.25|no2|12");
        awaitAttribute("station-2", "temperature", "18.25");
        publish("/json/aq/station-2/attrs/t", "19.5");
        awaitAttribute("station-2", "temperature", "19.5");
        publish("/aq/station-2/attrs", "{\"t\": 20.75}");
        awaitAttribute("station-2", "temperature", "20.75");
    }

    @Test
    void aDevicesReadingsArriveInOrderAndTheLastOneWins() throws Exception {
        for (int i = 1; i <= 300; i++) {
            publish("/json/aq/station-3/attrs", "{\"no2\": " + i + "}");
        }
        awaitAttribute("station-3", "NO2", "300");
    }

    @Test
    void readingsPublishedWhileTheAdaptersAreAwayArriveWhenTheyAreBack() throws Exception {
        publish("/json/aq/station-6/attrs", "{\"no2\": 0}");
        awaitAttribute("station-6", "NO2", "0");
        MqttSouthbound southbound = adapters.bean(MqttSouthbound.class);
        double accepted = adapters.bean(ReadingMetrics.class).count("tsunagu.adapters.readings.accepted", "kanazawa");

        southbound.stop();
        for (int i = 1; i <= 50; i++) {
            MqttMessage message = new MqttMessage(("{\"no2\": " + i + "}").getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            publisher.publish("/json/aq/station-6/attrs", message);
        }
        southbound.start();

        // the MQTT broker kept them in the adapters' session (same client id) and hands them over in order
        awaitAttribute("station-6", "NO2", "50");
        Await.until("50 more readings accepted",
                () -> adapters.bean(ReadingMetrics.class).count("tsunagu.adapters.readings.accepted", "kanazawa") >= accepted + 50);
    }

    @Test
    void malformedAndUnknownReadingsAreCountedAndDoNotStopTheOthers() throws Exception {
        ReadingMetrics metrics = adapters.bean(ReadingMetrics.class);
        publish("/json/aq/station-4/attrs", "{\"t\": ");
        publish("/json/nobody/station-4/attrs", "{\"t\": 1}");
        Await.until("both rejections counted", () -> metrics.count("tsunagu.adapters.readings.rejected", "kanazawa") >= 1
                && metrics.count("tsunagu.adapters.readings.rejected", "") >= 1);
        publish("/json/aq/station-4/attrs", "{\"t\": 5}");
        awaitAttribute("station-4", "temperature", "5");
    }

    @Test
    void mosquittoPubReadingsBecomeEntityAttributes() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")),
                "Debian's mosquitto_pub is not installed (apt-get install mosquitto-clients); interop test skipped");
        // MQTT 3.1.1: the embedded Moquette 0.17 does not speak MQTT 5; a short client id, as it limits their length
        for (String value : List.of("6.5", "7.25")) {
            Process process = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(mqttPort),
                    "-V", "mqttv311", "-i", "tsunagu-pub", "-q", "1", "-t", "/json/aq/station-5/attrs", "-m", "{\"t\": " + value + "}")
                    .redirectErrorStream(true).start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
            awaitAttribute("station-5", "temperature", value);
        }
    }
}
