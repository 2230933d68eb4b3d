package city.tsunagu.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * A hub started in this JVM on free loopback ports (API, provisioning API, MQTT, CoAP), with the
 * embedded store in {@code dataDir}.
 */
record RunningHub(ConfigurableApplicationContext context, WebTestClient client) implements AutoCloseable {

    static RunningHub start(Path dataDir, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--tsunagu.mongodb-uri=",
                "--tsunagu.data-dir=" + dataDir,
                "--tsunagu.hub.iota-port=0",
                "--tsunagu.hub.mqtt-port=0",
                "--tsunagu.hub.coap-port=0"));
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext context = TsunaguHub.start(args.toArray(String[]::new));
        String port = context.getEnvironment().getRequiredProperty("local.server.port");
        return new RunningHub(context, client(Integer.parseInt(port)));
    }

    private static WebTestClient client(int port) {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    HubAdapters adapters() {
        return context.getBean(HubAdapters.class);
    }

    /** A client of the adapters' provisioning API. */
    WebTestClient provisioning() {
        return client(adapters().provisioningPort());
    }

    @Override
    public void close() {
        context.close();
    }
}
