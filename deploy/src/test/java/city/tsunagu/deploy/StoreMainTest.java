package city.tsunagu.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import city.tsunagu.broker.store.EmbeddedStore;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import java.nio.file.Path;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.env.MockEnvironment;
import reactor.core.publisher.Mono;

/** The store process serves several clients at once and keeps their data across a restart. */
class StoreMainTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void servesTwoClientsAndKeepsDataAcrossARestart() {
        try (ConfigurableApplicationContext store = startStore()) {
            String uri = store.getBean(EmbeddedStore.class).connectionString();
            try (MongoClient writer = MongoClients.create(uri); MongoClient reader = MongoClients.create(uri)) {
                Mono.from(vehicles(writer).insertOne(new Document("_id", "bus-1").append("speed", 32.5))).block(TIMEOUT);

                Document seen = Mono.from(vehicles(reader).find(new Document("_id", "bus-1")).first()).block(TIMEOUT);
                assertThat(seen).isNotNull();
                assertThat(seen.getDouble("speed")).isEqualTo(32.5);
            }
        }

        try (ConfigurableApplicationContext store = startStore();
             MongoClient client = MongoClients.create(store.getBean(EmbeddedStore.class).connectionString())) {
            Document seen = Mono.from(vehicles(client).find(new Document("_id", "bus-1")).first()).block(TIMEOUT);
            assertThat(seen).isNotNull();
            assertThat(seen.getDouble("speed")).isEqualTo(32.5);
        }
    }

    @Test
    void bindsToLoopbackOnly() {
        try (ConfigurableApplicationContext store = startStore()) {
            assertThat(store.getBean(EmbeddedStore.class).connectionString()).startsWith("mongodb://127.0.0.1:");
        }
    }

    @Test
    void refusesANonLoopbackAddress() {
        assertThatThrownBy(() -> StoreMain.start("--tsunagu.store.port=0", "--tsunagu.store.address=0.0.0.0",
                "--tsunagu.data-dir=" + dataDir))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause().hasMessageContaining("TSUNAGU_STORE_ADDRESS=0.0.0.0 is refused");
    }

    @Test
    void explainsADataDirectoryInUse() {
        try (ConfigurableApplicationContext store = startStore()) {
            Throwable failure = catchThrowable(this::startStore);

            FailureAnalysis analysis = new DataDirectoryInUseFailureAnalyzer().analyze(failure);

            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("in use by another process");
            assertThat(analysis.getAction()).contains("TSUNAGU_DATA_DIR");
        }
    }

    @Test
    void explainsAPortInUse(@TempDir Path otherDir) {
        try (ConfigurableApplicationContext store = startStore()) {
            int port = store.getBean(EmbeddedStore.class).port();
            String[] args = {"--tsunagu.store.port=" + port, "--tsunagu.data-dir=" + otherDir};
            Throwable failure = catchThrowable(() -> StoreMain.start(args));

            MockEnvironment environment = new MockEnvironment().withProperty("tsunagu.store.port", Integer.toString(port));
            FailureAnalysis analysis = new StorePortInUseFailureAnalyzer(environment).analyze(failure);

            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("127.0.0.1:" + port);
            assertThat(analysis.getAction()).contains("TSUNAGU_STORE_PORT");
        }
    }

    private ConfigurableApplicationContext startStore() {
        return StoreMain.start("--tsunagu.store.port=0", "--tsunagu.data-dir=" + dataDir);
    }

    private static MongoCollection<Document> vehicles(MongoClient client) {
        return client.getDatabase("city").getCollection("vehicles");
    }
}
