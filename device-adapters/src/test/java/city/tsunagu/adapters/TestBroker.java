package city.tsunagu.adapters;

import city.tsunagu.broker.BrokerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real NGSI-LD broker in this JVM, with its embedded store, on a loopback port that stays
 * the same across {@link #stop()} and {@link #start()}: an outage the adapters must ride out.
 * The adapters reach it over HTTP only, as they would reach any broker.
 */
public final class TestBroker implements AutoCloseable {
    private final Path dataDir;
    private int port;
    private ConfigurableApplicationContext context;

    private TestBroker(Path dataDir) {
        this.dataDir = dataDir;
    }

    public static TestBroker start() {
        try {
            TestBroker broker = new TestBroker(Files.createTempDirectory("tsunagu-adapters-broker"));
            broker.run();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run() {
        context = new SpringApplicationBuilder(BrokerApplication.class).run(
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--tsunagu.mongodb-uri=", "--tsunagu.data-dir=" + dataDir);
        port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** Starts it again on the same port and data, after {@link #stop()}. */
    public void restart() {
        run();
    }

    public void stop() {
        context.close();
        context = null;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The entity in keyValues form, or null if the broker does not have it. */
    public JsonNode entity(String tenant, String id) {
        WebTestClient client = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
                .baseUrl(url()).responseTimeout(Duration.ofSeconds(30)).build();
        var result = client.get().uri("/ngsi-ld/v1/entities/{id}?options=keyValues", id)
                .headers(h -> {
                    if (tenant != null) {
                        h.set("NGSILD-Tenant", tenant);
                    }
                })
                .exchange().expectBody().returnResult();
        return result.getStatus().value() == 200 ? JsonMapper.shared().readTree(result.getResponseBody()) : null;
    }

    /** The entity in normalized form, or null. */
    public JsonNode normalized(String tenant, String id) {
        WebTestClient client = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
                .baseUrl(url()).responseTimeout(Duration.ofSeconds(30)).build();
        var result = client.get().uri("/ngsi-ld/v1/entities/{id}", id)
                .headers(h -> {
                    if (tenant != null) {
                        h.set("NGSILD-Tenant", tenant);
                    }
                })
                .exchange().expectBody().returnResult();
        return result.getStatus().value() == 200 ? JsonMapper.shared().readTree(result.getResponseBody()) : null;
    }

    @Override
    public void close() {
        if (context != null) {
            stop();
        }
    }
}
