package city.tsunagu.adapters.command;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.adapters.Await;
import city.tsunagu.adapters.RunningAdapters;
import city.tsunagu.adapters.TestBroker;
import city.tsunagu.adapters.TestMqtt;
import city.tsunagu.adapters.TestStore;
import city.tsunagu.adapters.mqtt.MqttSouthbound;
import city.tsunagu.adapters.northbound.ReadingMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * Commands end to end: the real broker, the embedded MQTT broker, the adapters, and a Paho client
 * as the device. A command written through the broker's NGSI-LD API reaches the device on its
 * cmd topic; the device's answer on cmdexe sets the command's status and info on the entity; a
 * command without answer expires.
 */
class CommandsTest {
    private static final String TENANT = "kanazawa";
    private static TestStore store;
    private static TestBroker broker;
    private static TestMqtt mqtt;
    private static RunningAdapters adapters;
    private static MqttClient device;
    private static final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        store = TestStore.start();
        broker = TestBroker.start();
        mqtt = TestMqtt.start();
        adapters = RunningAdapters.start(store.uri(),
                "--tsunagu.adapters.broker-url=" + broker.url(),
                "--tsunagu.adapters.mqtt.uri=" + mqtt.uri(),
                "--tsunagu.adapters.commands.timeout=2s");
        adapters.client().post().uri("/iot/devices").header("fiware-service", TENANT).header("fiware-servicepath", "/")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"devices": [{"device_id": "gate-1", "entity_type": "ParkingAccess", "apikey": "gates", "transport": "MQTT",
                          "commands": [{"name": "open", "type": "command"}, {"name": "close", "type": "command"}]}]}""")
                .exchange().expectStatus().isCreated();
        device = new MqttClient(mqtt.uri(), "gate-1", new MemoryPersistence());
        device.connect();
        device.subscribe("/gates/gate-1/cmd", 1, (topic, message) -> received.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stop() throws Exception {
        device.disconnect();
        device.close();
        adapters.close();
        mqtt.close();
        broker.close();
        store.close();
    }

    private static final String ENTITY = "urn:ngsi-ld:ParkingAccess:gate-1";

    private static void write(String command, String value) {
        WebTestClient client = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
                .baseUrl(broker.url()).responseTimeout(Duration.ofSeconds(30)).build();
        client.patch().uri("/ngsi-ld/v1/entities/{id}/attrs/{attr}", ENTITY, command).header("NGSILD-Tenant", TENANT)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"type\":\"Property\",\"value\":" + value + "}")
                .exchange().expectStatus().isNoContent();
    }

    private static void answer(String topic, String payload) throws Exception {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        device.publish(topic, message);
    }

    private static void awaitStatus(String command, String status) {
        Await.until(command + "_status = " + status, () -> {
            JsonNode entity = broker.entity(TENANT, ENTITY);
            return entity != null && status.equals(entity.path(command + "_status").asString());
        });
    }

    @Test
    void aCommandReachesTheDeviceAndItsAnswerIsOnTheEntity() throws Exception {
        Await.until("the command attributes on the entity", () -> {
            JsonNode entity = broker.entity(TENANT, ENTITY);
            return entity != null && "UNKNOWN".equals(entity.path("open_status").asString());
        });
        Await.until("the adapters subscribed", () -> adapters.bean(MqttSouthbound.class).isSubscribed());

        write("open", "{\"seconds\": 30}");

        Await.until("the device got the command", () -> received.contains("{\"open\":{\"seconds\":30}}"));
        awaitStatus("open", "DELIVERED");
        answer("/json/gates/gate-1/cmdexe", "{\"open\": \"opened for 30 s\"}");
        awaitStatus("open", "OK");
        JsonNode entity = broker.entity(TENANT, ENTITY);
        assertThat(entity.path("open_info").asString()).isEqualTo("opened for 30 s");
        // the adapters' own status writes did not send the command again
        assertThat(received.stream().filter(m -> m.startsWith("{\"open\"")).count()).isEqualTo(1);
    }

    @Test
    void aCommandWithoutAnswerExpiresAndUnknownAnswersAreCounted() throws Exception {
        Await.until("the adapters subscribed", () -> adapters.bean(MqttSouthbound.class).isSubscribed());
        Await.until("the command attributes on the entity", () -> broker.entity(TENANT, ENTITY) != null);
        ReadingMetrics metrics = adapters.bean(ReadingMetrics.class);
        double unknown = metrics.count("tsunagu.adapters.readings.rejected", TENANT);

        write("close", "true");
        Await.until("the device got the command", () -> received.contains("{\"close\":true}"));
        awaitStatus("close", "EXPIRED");

        answer("/gates/gate-1/cmdexe", "{\"selfdestruct\": \"done\"}");
        Await.until("the answer to an unknown command counted",
                () -> metrics.count("tsunagu.adapters.readings.rejected", TENANT) > unknown);
    }
}
