package city.tsunagu.adapters.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import city.tsunagu.adapters.Await;
import city.tsunagu.adapters.RunningAdapters;
import city.tsunagu.adapters.TestBroker;
import city.tsunagu.adapters.TestStore;
import city.tsunagu.adapters.northbound.NorthboundWriter;
import city.tsunagu.adapters.northbound.ReadingMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

/**
 * Two adapter instances in one shared-subscription group on Debian's Mosquitto 2 split the
 * readings: each reading is taken by exactly one of them, and both take some.
 */
class SharedSubscriptionTest {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final int READINGS = 200;

    @TempDir
    Path dir;

    @Test
    void twoInstancesOfOneGroupTakeEachReadingExactlyOnce() throws Exception {
        assumeTrue(Files.isExecutable(MOSQUITTO),
                "Debian's mosquitto is not installed (apt-get install mosquitto); shared subscription test skipped");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        Process mosquitto = new ProcessBuilder(MOSQUITTO.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        try (TestStore store = TestStore.start(); TestBroker broker = TestBroker.start()) {
            awaitListening(port);
            String[] settings = {"--tsunagu.adapters.broker-url=" + broker.url(),
                    "--tsunagu.adapters.mqtt.uri=tcp://127.0.0.1:" + port,
                    "--tsunagu.adapters.mqtt.shared-group=tsunagu"};
            try (RunningAdapters first = RunningAdapters.start(store.uri(), settings);
                 RunningAdapters second = RunningAdapters.start(store.uri(), settings)) {
                first.client().post().uri("/iot/groups").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"groups": [{"apikey": "shared", "resource": "", "entity_type": "Thing"}]}""")
                        .exchange().expectStatus().isCreated();
                List<ReadingMetrics> metrics = List.of(first.bean(ReadingMetrics.class), second.bean(ReadingMetrics.class));

                MqttClient publisher = new MqttClient("tcp://127.0.0.1:" + port, "publisher", new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setMaxInflight(READINGS);
                publisher.connect(options);
                try {
                    // one reading per device: readings of one device split over instances could be reordered
                    for (int i = 0; i < READINGS; i++) {
                        MqttMessage message = new MqttMessage(("{\"n\": " + i + "}").getBytes(StandardCharsets.UTF_8));
                        message.setQos(1);
                        publisher.publish("/json/shared/device-" + i + "/attrs", message);
                    }
                } finally {
                    publisher.disconnect();
                    publisher.close();
                }

                Await.until(READINGS + " readings taken", () -> accepted(metrics) >= READINGS);
                Await.until("nothing pending", () -> first.bean(NorthboundWriter.class).pending() == 0
                        && second.bean(NorthboundWriter.class).pending() == 0);
                assertThat(accepted(metrics)).isEqualTo(READINGS);
                assertThat(metrics.get(0).count("tsunagu.adapters.readings.accepted", "")).isPositive();
                assertThat(metrics.get(1).count("tsunagu.adapters.readings.accepted", "")).isPositive();
                for (int i = 0; i < READINGS; i += 37) {
                    assertThat(broker.entity(null, "urn:ngsi-ld:Thing:device-" + i).path("n").asInt()).isEqualTo(i);
                }
            }
        } finally {
            mosquitto.destroy();
            mosquitto.waitFor();
        }
    }

    private static double accepted(List<ReadingMetrics> metrics) {
        return metrics.stream().mapToDouble(m -> m.count("tsunagu.adapters.readings.accepted", "")).sum();
    }

    private static void awaitListening(int port) {
        Await.until("mosquitto listening on " + port, () -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }
}
