package city.tsunagu.broker;

import city.tsunagu.broker.store.EmbeddedStore;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * A MongoDB server and a client to it for one test class, the one place store tests get them:
 * {@code @RegisterExtension static final TestMongo MONGO = TestMongo.embedded();} for the embedded
 * store, {@code TestMongo.container()} for a real MongoDB (annotate the class with
 * {@code @Testcontainers(disabledWithoutDocker = true)} so it is skipped where no Docker runs).
 */
public final class TestMongo implements BeforeAllCallback, AfterAllCallback {
    private final boolean embedded;
    private java.nio.file.Path dataDir;
    private EmbeddedStore store;
    private MongoDBContainer container;
    private MongoClient client;

    private TestMongo(boolean embedded) {
        this.embedded = embedded;
    }

    public static TestMongo embedded() {
        return new TestMongo(true);
    }

    public static TestMongo container() {
        return new TestMongo(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String uri;
        if (embedded) {
            try {
                dataDir = Files.createTempDirectory("tsunagu-store-test");
                store = EmbeddedStore.start(dataDir, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            uri = store.connectionString();
        } else {
            container = new MongoDBContainer("mongo:8.0");
            container.start();
            uri = container.getConnectionString();
        }
        client = MongoClients.create(uri);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (store != null) {
            store.close();
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (container != null) {
            container.stop();
        }
    }

    public MongoClient client() {
        return client;
    }
}
