package city.tsunagu.adapters.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import city.tsunagu.adapters.Await;
import city.tsunagu.adapters.RunningAdapters;
import city.tsunagu.adapters.TestBroker;
import city.tsunagu.adapters.TestStore;
import city.tsunagu.adapters.northbound.NorthboundWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Devices send readings over CoAP (real UDP on loopback) with Californium's client,
 * confirmable and not, and with Debian's coap-client-notls when installed; the entities in the
 * real broker show them, and the answers carry the CoAP codes a device can act on.
 */
class CoapIngestionTest {
    private static TestStore store;
    private static TestBroker broker;
    private static RunningAdapters adapters;
    private static CoapEndpoint clientEndpoint;

    @BeforeAll
    static void start() {
        store = TestStore.start();
        broker = TestBroker.start();
        adapters = RunningAdapters.start(store.uri(),
                "--tsunagu.adapters.broker-url=" + broker.url(),
                "--tsunagu.adapters.coap.port=0",
                "--tsunagu.adapters.coap.address=127.0.0.1");
        adapters.client().post().uri("/iot/groups").header("fiware-service", "kanazawa").header("fiware-servicepath", "/")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"groups": [{"apikey": "aq", "resource": "", "entity_type": "AirQualityObserved",
                          "attributes": [{"object_id": "t", "name": "temperature", "type": "Number"}]},
                                    {"apikey": "closed", "resource": "", "entity_type": "Thing", "autoprovision": false}]}""")
                .exchange().expectStatus().isCreated();
        clientEndpoint = CoapEndpoint.builder().setConfiguration(Configuration.createStandardWithoutFile()).build();
    }

    @AfterAll
    static void stop() {
        clientEndpoint.destroy();
        adapters.close();
        broker.close();
        store.close();
    }

    static CoapResponse post(int port, String path, String query, String payload, int contentFormat, boolean confirmable)
            throws ConnectorException, IOException {
        CoapClient client = new CoapClient("coap://127.0.0.1:" + port + path + (query == null ? "" : "?" + query));
        client.setEndpoint(clientEndpoint);
        client.setTimeout(30_000L);
        if (!confirmable) {
            client.useNONs();
        }
        try {
            return client.post(payload, contentFormat);
        } finally {
            client.shutdown();
        }
    }

    private static int port() {
        return adapters.bean(CoapSouthbound.class).port();
    }

    private static void awaitTemperature(String device, String expected) {
        String id = "urn:ngsi-ld:AirQualityObserved:" + device;
        Await.until(id + " temperature = " + expected, () -> {
            JsonNode entity = broker.entity("kanazawa", id);
            return entity != null && entity.path("temperature").asString().equals(expected);
        });
    }

    @Test
    void confirmableJsonReadingIsChangedAndReachesTheEntity() throws Exception {
        CoapResponse response = post(port(), "/iot/json", "k=aq&i=coap-1", "{\"t\": 21.5}", MediaTypeRegistry.APPLICATION_JSON, true);
        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(response.advanced().getType()).isEqualTo(Type.ACK);
        awaitTemperature("coap-1", "21.5");
    }

    @Test
    void nonConfirmableUltraLightReadingReachesTheEntity() throws Exception {
        CoapResponse response = post(port(), "/iot/ul", "k=aq&i=coap-2", "t|18.25", MediaTypeRegistry.TEXT_PLAIN, false);
        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(response.advanced().getType()).isEqualTo(Type.NON);
        awaitTemperature("coap-2", "18.25");
    }

    @Test
    void badRequestsAndUnknownSendersAreToldSo() throws Exception {
        CoapResponse noDevice = post(port(), "/iot/json", "k=aq", "{\"t\": 1}", MediaTypeRegistry.APPLICATION_JSON, true);
        assertThat(noDevice.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(noDevice.getResponseText()).contains("?k={apikey}&i={deviceId}");

        CoapResponse malformed = post(port(), "/iot/json", "k=aq&i=coap-3", "{\"t\": ", MediaTypeRegistry.APPLICATION_JSON, true);
        assertThat(malformed.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);

        CoapResponse unknownApikey = post(port(), "/iot/json", "k=nobody&i=coap-3", "{\"t\": 1}", MediaTypeRegistry.APPLICATION_JSON, true);
        assertThat(unknownApikey.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(unknownApikey.getResponseText()).contains("nobody");

        CoapResponse unknownDevice = post(port(), "/iot/json", "k=closed&i=stranger", "{\"t\": 1}", MediaTypeRegistry.APPLICATION_JSON, true);
        assertThat(unknownDevice.getCode()).isEqualTo(ResponseCode.NOT_FOUND);

        CoapResponse noSuchPath = post(port(), "/iot/xml", "k=aq&i=coap-3", "<t/>", MediaTypeRegistry.APPLICATION_XML, true);
        assertThat(noSuchPath.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
    }

    @Test
    void aFullBufferAnswersServiceUnavailableAndTakesNothing() throws Exception {
        // the broker is away (nothing listens there) and the buffer holds 2 readings
        int deadPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = probe.getLocalPort();
        }
        try (RunningAdapters away = RunningAdapters.start(store.uri(),
                "--tsunagu.adapters.broker-url=http://127.0.0.1:" + deadPort,
                "--tsunagu.adapters.northbound.connections=1",
                "--tsunagu.adapters.northbound.buffer=2",
                "--tsunagu.adapters.coap.port=0",
                "--tsunagu.adapters.coap.address=127.0.0.1")) {
            int port = away.bean(CoapSouthbound.class).port();
            NorthboundWriter writer = away.bean(NorthboundWriter.class);
            CoapResponse response;
            int changed = 0;
            do {
                response = post(port, "/iot/json", "k=aq&i=coap-full", "{\"t\": " + changed + "}", MediaTypeRegistry.APPLICATION_JSON, true);
                if (response.getCode() == ResponseCode.CHANGED) {
                    changed++;
                }
            } while (response.getCode() == ResponseCode.CHANGED && changed < 100);
            assertThat(response.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
            assertThat(response.getOptions().getMaxAge()).isEqualTo(1L);
            // the lane's retried batch and the buffer hold what was answered 2.04, and not the refused one
            assertThat(changed).isGreaterThanOrEqualTo(2);
            assertThat(writer.pending()).isEqualTo(changed);
        }
    }

    @Test
    void coapClientNotlsReadingsBecomeEntityAttributes() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/coap-client-notls")),
                "Debian's coap-client-notls is not installed (apt-get install libcoap3-bin); interop test skipped");
        String[][] sends = {{"con", "json", "{\"t\": 6.5}", "6.5"}, {"non", "ul", "t|7.25", "7.25"}};
        for (String[] send : sends) {
            var command = new java.util.ArrayList<>(java.util.List.of("coap-client-notls", "-m", "post", "-B", "10",
                    "-e", send[2], "coap://127.0.0.1:" + port() + "/iot/" + send[1] + "?k=aq&i=coap-5"));
            if (send[0].equals("non")) {
                command.add(1, "-N");
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
            awaitTemperature("coap-5", send[3]);
        }
    }
}
