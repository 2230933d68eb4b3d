package city.tsunagu.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.store.MongoConfiguration.EmbeddedStoreHolder;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

/** The standalone hub starts with embedded defaults only and answers as a broker. */
class TsunaguHubTest {
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
    void reportsHealthUp() {
        hub.client().get().uri("/actuator/health")
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void exposesMetricsForPrometheus() {
        byte[] body = hub.client().get().uri("/actuator/prometheus")
                .exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).contains("jvm_memory_used_bytes");
    }

    @Test
    void answersNgsiLdRequestsWithNgsiLdErrors() {
        hub.client().get().uri("/ngsi-ld/v1/entities/urn:ngsi-ld:Vehicle:nobody")
                .accept(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://uri.etsi.org/ngsi-ld/errors/ResourceNotFound");
    }

    @Test
    void usesTheEmbeddedStoreInTheDataDirectory() {
        EmbeddedStoreHolder holder = hub.context().getBean(EmbeddedStoreHolder.class);
        assertThat(holder.store()).isNotNull();
        assertThat(holder.store().file()).startsWith(dataDir.toAbsolutePath());
        assertThat(holder.store().file()).exists();
    }

    @Test
    void shutsDownGracefully() {
        assertThat(hub.context().getEnvironment().getProperty("server.shutdown")).isEqualTo("graceful");
        assertThat(hub.context().getEnvironment().getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isNotBlank();
    }
}
