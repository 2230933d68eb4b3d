package city.tsunagu.broker.subscription;

import static city.tsunagu.broker.Waiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notifications to an mqtts:// endpoint: an embedded Moquette listening with TLS on 127.0.0.1,
 * its self-signed certificate made by the JDK's keytool for this test, and trusted by the
 * broker through a Spring SSL bundle ({@code tsunagu.notifications.mqtt-ssl-bundle}). The TLS
 * port speaks nothing but TLS, so a message that arrives went through it; the test reads it on
 * Moquette's plain port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"server.address=127.0.0.1"})
class MqttsNotificationTest {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String PASSWORD = "mqtts-test-" + System.nanoTime();
    private static Path dir;
    private static Server broker;
    private static int plainPort;
    private static int tlsPort;

    @LocalServerPort
    private int port;

    /** The broker gets a store of its own and trusts the test's certificate through an SSL bundle. */
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tsunagu.data-dir", () -> dir.resolve("data").toString());
        registry.add("tsunagu.mongodb-uri", () -> "");
        registry.add("spring.ssl.bundle.jks.mqtt-test.truststore.location", () -> "file:" + dir.resolve("trust.p12"));
        registry.add("spring.ssl.bundle.jks.mqtt-test.truststore.password", () -> PASSWORD);
        registry.add("spring.ssl.bundle.jks.mqtt-test.truststore.type", () -> "PKCS12");
        registry.add("tsunagu.notifications.mqtt-ssl-bundle", () -> "mqtt-test");
    }

    /** A self-signed certificate for 127.0.0.1 made with the JDK's keytool, in Moquette's key store. */
    private static Path keyStore() throws Exception {
        Path keyStore = dir.resolve("moquette.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "moquette", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        return keyStore;
    }

    /** A trust store holding the certificate alone (a trust store trusts certificate entries, not key entries). */
    private static Path trustStore(Path keyStore, Path trustStore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("moquette", keys.getCertificate("moquette"));
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, PASSWORD.toCharArray());
        }
        return trustStore;
    }

    /** Before the broker under test starts (its context is made for the first test): its trust store must exist. */
    @BeforeAll
    static void startBroker() throws Exception {
        dir = Files.createTempDirectory("tsunagu-mqtts-test");
        Path keyStore = keyStore();
        trustStore(keyStore, dir.resolve("trust.p12"));
        plainPort = freePort();
        tlsPort = freePort();
        Properties config = new Properties();
        config.setProperty("host", "127.0.0.1");
        config.setProperty("port", String.valueOf(plainPort));
        config.setProperty("ssl_port", String.valueOf(tlsPort));
        config.setProperty("jks_path", keyStore.toString());
        config.setProperty("key_store_type", "pkcs12");
        config.setProperty("key_store_password", PASSWORD);
        config.setProperty("key_manager_password", PASSWORD);
        config.setProperty("websocket_port", "disabled");
        config.setProperty("persistence_enabled", "false");
        config.setProperty("telemetry_enabled", "false");
        broker = new Server();
        broker.startServer(new MemoryConfig(config));
    }

    @AfterAll
    static void stopBroker() {
        broker.stopServer();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private WebTestClient client() {
        return ApiTestSupport.client("http://127.0.0.1:" + port + "/ngsi-ld/v1");
    }

    @Test
    void anMqttsEndpointIsNotifiedOverTls() throws Exception {
        List<MqttMessage> received = new CopyOnWriteArrayList<>();
        MqttClient subscriber = new MqttClient("tcp://127.0.0.1:" + plainPort, MqttClient.generateClientId(), new MemoryPersistence());
        MoquetteSubscriber.connectAndSubscribe(subscriber, new MqttConnectOptions(), "city/kanazawa/tls", 1,
                (topic, message) -> received.add(message));
        try {
            String location = client().post().uri("/subscriptions").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}], \"notification\": {\"format\":"
                            + " \"keyValues\", \"endpoint\": {\"uri\": \"mqtts://127.0.0.1:" + tlsPort + "/city/kanazawa/tls\"}}}")
                    .exchange().expectStatus().isCreated().returnResult(byte[].class).getResponseHeaders().getLocation().toString();
            client().post().uri("/entities").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"id\": \"urn:ngsi-ld:Vehicle:tls-bus\", \"type\": \"Vehicle\", \"speed\": {\"type\": \"Property\", \"value\": 33}}")
                    .exchange().expectStatus().isCreated();

            await().until(() -> !received.isEmpty());
            JsonNode body = JSON.readTree(received.get(0).getPayload()).path("body");
            assertThat(location).endsWith(body.path("subscriptionId").asString());
            assertThat(body.path("data").get(0).path("speed").asInt()).isEqualTo(33);
        } finally {
            subscriber.disconnect();
            subscriber.close();
        }
    }
}
