package city.tsunagu.adapters;

import city.tsunagu.broker.store.EmbeddedStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * The adapters' MongoDB in tests: the embedded store (mongo-java-server with its H2 backend,
 * as the hub runs it) on a free loopback port, in a fresh directory.
 */
public final class TestStore implements AutoCloseable {
    private final Path dataDir;
    private final EmbeddedStore store;

    private TestStore(Path dataDir, EmbeddedStore store) {
        this.dataDir = dataDir;
        this.store = store;
    }

    public static TestStore start() {
        try {
            Path dir = Files.createTempDirectory("tsunagu-adapters-store");
            return new TestStore(dir, EmbeddedStore.start(dir, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String uri() {
        return store.connectionString();
    }

    @Override
    public void close() {
        store.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
