package city.tsunagu.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A hub whose MQTT port another program holds stops at once and says which port and what to set. */
class AdapterPortInUseTest {
    @TempDir
    Path dataDir;

    @Test
    void aTakenMqttPortStopsTheHubWithAMessageNamingThePortAndTheVariable() throws Exception {
        try (ServerSocket otherBroker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = otherBroker.getLocalPort();
            Throwable failure = catchThrowable(() -> TsunaguHub.start(
                    "--server.port=0", "--server.address=127.0.0.1", "--tsunagu.mongodb-uri=", "--tsunagu.data-dir=" + dataDir,
                    "--tsunagu.hub.iota-port=0", "--tsunagu.hub.coap-port=0", "--tsunagu.hub.mqtt-port=" + port));

            assertThat(failure).isNotNull();
            FailureAnalysis analysis = new AdapterPortInUseFailureAnalyzer().analyze(failure);
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("MQTT broker").contains("127.0.0.1:" + port);
            assertThat(analysis.getAction()).contains("TSUNAGU_MQTT_PORT").contains("TSUNAGU_ADAPTERS=false");
        }
    }
}
