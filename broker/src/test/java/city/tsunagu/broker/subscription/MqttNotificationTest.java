package city.tsunagu.broker.subscription;

import static city.tsunagu.broker.Waiting.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import city.tsunagu.broker.ApiTestSupport;
import city.tsunagu.broker.Waiting;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Notifications over MQTT (clause 7) to a real broker on 127.0.0.1: an embedded Moquette read
 * with a Paho subscriber, and Debian's mosquitto when it is installed.
 */
@ExtendWith(OutputCaptureExtension.class)
class MqttNotificationTest extends ApiTestSupport {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final long WAIT_SECONDS = Waiting.DEADLINE.toSeconds();
    private static final String USER = "tsunagu";
    private static final String PASSWORD = "s3cret:pass";

    private String tenant;
    private Server broker;
    private int brokerPort;
    private MqttClient subscriber;
    private final List<MqttMessage> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startBroker() throws IOException {
        tenant = "mqtt-" + System.nanoTime();
        brokerPort = freePort();
        Properties config = new Properties();
        config.setProperty("host", "127.0.0.1");
        config.setProperty("port", String.valueOf(brokerPort));
        config.setProperty("websocket_port", "disabled");
        config.setProperty("persistence_enabled", "false");
        config.setProperty("telemetry_enabled", "false");
        broker = new Server();
        // anonymous clients are welcome; a client that names a user must give its password
        broker.startServer(new MemoryConfig(config), List.of(), null,
                (clientId, username, password) -> username == null
                        || USER.equals(username) && password != null && PASSWORD.equals(new String(password, StandardCharsets.UTF_8)),
                null);
    }

    @AfterEach
    void stopBroker() throws MqttException {
        if (subscriber != null) {
            subscriber.disconnect();
            subscriber.close();
        }
        broker.stopServer();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void listen(String topic) throws MqttException {
        subscriber = new MqttClient("tcp://127.0.0.1:" + brokerPort, MqttClient.generateClientId(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(USER);
        options.setPassword(PASSWORD.toCharArray());
        // QoS 2 asked, so what arrives carries the QoS it was published with
        MoquetteSubscriber.connectAndSubscribe(subscriber, options, topic, 2, (t, message) -> received.add(message));
    }

    private List<MqttMessage> awaitMessages(int count) {
        await().until(() -> received.size() >= count);
        return received;
    }

    private String subscribe(String uri, String notifierInfo) {
        String body = "{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}], \"watchedAttributes\": [\"speed\"],"
                + " \"notification\": {\"format\": \"keyValues\", \"endpoint\": {\"uri\": \"" + uri + "\","
                + " \"receiverInfo\": [{\"key\": \"X-City\", \"value\": \"Kanazawa\"}]" + notifierInfo + "}}}";
        String location = client().post().uri("/subscriptions").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated().returnResult(byte[].class).getResponseHeaders()
                .getLocation().toString();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private void createBus(String id, int speed) {
        client().post().uri("/entities").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\": \"" + id + "\", \"type\": \"Vehicle\", \"speed\": {\"type\": \"Property\", \"value\": " + speed + "}}")
                .exchange().expectStatus().isCreated();
    }

    private JsonNode subscription(String id) {
        return JSON.readTree(client().get().uri("/subscriptions/{id}", id).header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private JsonNode status(String subscriptionId) {
        return subscription(subscriptionId).path("notification");
    }

    @Test
    void aMatchingWriteIsPublishedToTheTopicWithTheRequestedQos() throws Exception {
        listen("city/kanazawa/buses");
        String id = subscribe("mqtt://127.0.0.1:" + brokerPort + "/city/kanazawa/buses",
                ", \"notifierInfo\": [{\"key\": \"MQTT-QoS\", \"value\": \"1\"}]");
        // a second topic on the same broker: the same connection serves it
        String other = subscribe("mqtt://127.0.0.1:" + brokerPort + "/city/kanazawa/stops", "");
        createBus("urn:ngsi-ld:Vehicle:mqtt-bus-1", 42);

        MqttMessage message = awaitMessages(1).get(0);
        assertThat(message.getQos()).isEqualTo(1);
        JsonNode payload = JSON.readTree(message.getPayload());
        JsonNode body = payload.path("body");
        assertThat(body.path("type").asString()).isEqualTo("Notification");
        assertThat(body.path("subscriptionId").asString()).isEqualTo(id);
        assertThat(body.path("data").get(0).path("id").asString()).isEqualTo("urn:ngsi-ld:Vehicle:mqtt-bus-1");
        assertThat(body.path("data").get(0).path("speed").asInt()).isEqualTo(42);
        assertThat(body.path("data").get(0).has("@context")).as("plain JSON: the @context is linked in the metadata").isFalse();
        JsonNode metadata = payload.path("metadata");
        assertThat(metadata.path("Content-Type").asString()).isEqualTo("application/json");
        assertThat(metadata.path("Link").asString()).contains("rel=\"http://www.w3.org/ns/json-ld#context\"");
        assertThat(metadata.path("NGSILD-Tenant").asString()).isEqualTo(tenant);
        assertThat(metadata.path("X-City").asString()).isEqualTo("Kanazawa");

        await().until(() -> status(id).path("timesSent").asInt() >= 1 && status(other).path("timesSent").asInt() >= 1);
        for (String sent : List.of(id, other)) {
            assertThat(status(sent).path("timesSent").asInt()).isEqualTo(1);
            assertThat(status(sent).path("status").asString()).isEqualTo("ok");
        }
        assertThat(broker.listConnectedClients()).as("the test's subscriber and one connection of the broker").hasSize(2);
    }

    @Test
    void credentialsInTheUriLogInAndLdJsonCarriesTheContextInTheBody() throws Exception {
        listen("city/kanazawa/secured");
        // the password is percent-encoded in the URI, as its ':' would otherwise end the user name
        String id = subscribe("mqtt://" + USER + ":s3cret%3Apass@127.0.0.1:" + brokerPort + "/city/kanazawa/secured\","
                + " \"accept\": \"application/ld+json", "");
        createBus("urn:ngsi-ld:Vehicle:mqtt-bus-2", 50);

        JsonNode payload = JSON.readTree(awaitMessages(1).get(0).getPayload());
        assertThat(received.get(0).getQos()).as("MQTT-QoS defaults to 0").isZero();
        assertThat(payload.path("body").path("subscriptionId").asString()).isEqualTo(id);
        assertThat(payload.path("body").path("data").get(0).has("@context")).isTrue();
        assertThat(payload.path("metadata").path("Content-Type").asString()).isEqualTo("application/ld+json");
        assertThat(payload.path("metadata").has("Link")).isFalse();
    }

    @Test
    void thePasswordIsShownNowhereAndKeptWhenTheEndpointIsWrittenBackAsShown(CapturedOutput output) throws Exception {
        listen("city/kanazawa/secured");
        String secured = "/city/kanazawa/secured";
        String id = subscribe("mqtt://" + USER + ":s3cret%3Apass@127.0.0.1:" + brokerPort + secured, "");
        String refused = subscribe("mqtt://" + USER + ":wr0ng-pass@127.0.0.1:" + brokerPort + secured, "");
        JsonNode endpoint = subscription(id).path("notification").path("endpoint");
        assertThat(endpoint.path("uri").asString()).isEqualTo("mqtt://" + USER + ":***@127.0.0.1:" + brokerPort + secured);
        String list = new String(client().get().uri("/subscriptions").header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(list).contains(USER + ":***@").doesNotContain("s3cret").doesNotContain("wr0ng");

        // PATCH with the endpoint as shown (another QoS): delivery still logs in
        ObjectNode shown = (ObjectNode) endpoint.deepCopy();
        shown.set("notifierInfo", JSON.readTree("[{\"key\": \"MQTT-QoS\", \"value\": \"1\"}]"));
        client().patch().uri("/subscriptions/{id}", id).header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"notification\": {\"format\": \"keyValues\", \"endpoint\": " + shown + "}}")
                .exchange().expectStatus().isNoContent();
        createBus("urn:ngsi-ld:Vehicle:mqtt-bus-5", 55);
        assertThat(awaitMessages(1).get(0).getQos()).as("sent after the PATCH").isEqualTo(1);
        await().until(() -> status(refused).has("timesFailed"));
        assertThat(output.getAll()).as("the log names the endpoint that failed")
                .contains(USER + ":***@127.0.0.1:" + brokerPort).doesNotContain("wr0ng-pass").doesNotContain("s3cret");
    }

    @Test
    void wrongCredentialsAndADeadBrokerAreCountedWhileHttpIsStillNotified() throws Exception {
        try (NotificationReceiver http = new NotificationReceiver(204)) {
            String dead = subscribe("mqtt://127.0.0.1:" + freePort() + "/city/kanazawa/buses", "");
            String refused = subscribe("mqtt://" + USER + ":wrong@127.0.0.1:" + brokerPort + "/city/kanazawa/buses", "");
            String ok = subscribe(http.uri(), "");
            createBus("urn:ngsi-ld:Vehicle:mqtt-bus-3", 60);

            await().until(() -> !http.bodies.isEmpty() && status(dead).has("timesFailed") && status(refused).has("timesFailed"));
            assertThat(http.bodies).extracting(b -> b.path("subscriptionId").asString()).containsExactly(ok);
            for (String failed : List.of(dead, refused)) {
                JsonNode status = status(failed);
                assertThat(status.path("timesFailed").asInt()).as(failed).isEqualTo(1);
                assertThat(status.path("status").asString()).isEqualTo("failed");
                assertThat(status.has("lastFailure")).isTrue();
            }
        }
    }

    @Test
    void endpointsAndNotifierInfoAreChecked() {
        for (String[] bad : new String[][] {
                {"mqtt://127.0.0.1:1883", "", "topic"},
                {"mqtt://127.0.0.1:1883/", "", "topic"},
                {"mqtt://127.0.0.1:1883/city/+/buses", "", "wildcard"},
                {"mqtt://127.0.0.1/buses", ", \"notifierInfo\": [{\"key\": \"MQTT-QoS\", \"value\": \"3\"}]", "MQTT-QoS"},
                {"mqtt://127.0.0.1/buses", ", \"notifierInfo\": [{\"key\": \"MQTT-Version\", \"value\": \"mqtt3\"}]", "MQTT-Version"}}) {
            String detail = JSON.readTree(client().post().uri("/subscriptions").header("NGSILD-Tenant", tenant)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}], \"notification\": {\"endpoint\":"
                            + " {\"uri\": \"" + bad[0] + "\"" + bad[1] + "}}}")
                    .exchange().expectStatus().isBadRequest().expectBody().returnResult().getResponseBody()).path("detail").asString();
            assertThat(detail).as(bad[0] + bad[1]).contains(bad[2]);
        }
        subscribe("mqtts://broker.example.org/city/buses", ", \"notifierInfo\": [{\"key\": \"MQTT-Version\", \"value\": \"mqtt3.1.1\"},"
                + " {\"key\": \"MQTT-QoS\", \"value\": \"2\"}]");
    }

    @Test
    void mosquittoReceivesTheNotificationOverMqtt3() throws Exception {
        String output = throughMosquitto("mqtt3.1.1", "%p");
        JsonNode payload = JSON.readTree(output);
        assertThat(payload.path("body").path("data").get(0).path("id").asString()).isEqualTo("urn:ngsi-ld:Vehicle:mqtt-bus-4");
        assertThat(payload.path("metadata").path("X-City").asString()).isEqualTo("Kanazawa");
    }

    @Test
    void mosquittoReceivesTheNotificationOverMqtt5WithReceiverInfoAsUserProperties() throws Exception {
        // QoS, user properties and payload on one line
        String[] output = throughMosquitto("mqtt5.0", "%q|%P|%p").split("\\|", 3);
        assertThat(output[0]).as("QoS").isEqualTo("1");
        assertThat(output[1]).isEqualTo("X-City:Kanazawa");
        JsonNode payload = JSON.readTree(output[2]);
        assertThat(payload.path("body").path("data").get(0).path("id").asString()).isEqualTo("urn:ngsi-ld:Vehicle:mqtt-bus-4");
        assertThat(payload.path("metadata").path("X-City").asString()).isEqualTo("Kanazawa");
    }

    /** Subscribes to a fresh mosquitto with mosquitto_sub, writes a matching entity and answers what mosquitto_sub printed. */
    private String throughMosquitto(String version, String format) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mosquitto")) && Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")),
                "mosquitto and mosquitto_sub are not installed (apt-get install mosquitto mosquitto-clients)");
        int port = freePort();
        Path config = Files.createTempFile("mosquitto", ".conf");
        Path log = Files.createTempFile("mosquitto", ".log");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\nlog_type all\n");
        Process mosquitto = new ProcessBuilder("/usr/sbin/mosquitto", "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Process sub = null;
        try {
            awaitLog(log, "running");
            sub = new ProcessBuilder("/usr/bin/mosquitto_sub", "-V", version.equals("mqtt5.0") ? "mqttv5" : "mqttv311",
                    "-h", "127.0.0.1", "-p", String.valueOf(port), "-t", "city/kanazawa/buses", "-q", "2", "-F", format,
                    "-C", "1", "-W", String.valueOf(WAIT_SECONDS)).redirectErrorStream(true).start();
            // mosquitto_sub buffers its output until it exits; mosquitto's own log says when it has subscribed
            awaitLog(log, "Sending SUBACK");
            String id = subscribe("mqtt://127.0.0.1:" + port + "/city/kanazawa/buses", ", \"notifierInfo\": ["
                    + "{\"key\": \"MQTT-Version\", \"value\": \"" + version + "\"}, {\"key\": \"MQTT-QoS\", \"value\": \"1\"}]");
            createBus("urn:ngsi-ld:Vehicle:mqtt-bus-4", 70);
            assertThat(sub.waitFor(WAIT_SECONDS + 5, TimeUnit.SECONDS)).as("mosquitto_sub exited").isTrue();
            String output = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(sub.exitValue()).as("mosquitto_sub received a message: " + output).isZero();
            assertThat(output).contains("\"subscriptionId\":\"" + id + "\"");
            return output;
        } finally {
            if (sub != null) {
                sub.destroy();
            }
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(config);
            Files.deleteIfExists(log);
        }
    }

    private static void awaitLog(Path log, String text) {
        await().untilAsserted(() -> assertThat(Files.readString(log)).as("mosquitto's log").contains(text));
    }
}
