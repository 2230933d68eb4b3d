package city.tsunagu.broker.store;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB wire-protocol server (mongo-java-server, H2 MVStore backend) that makes
 * the hub run with no external service. Data is kept in {@code <dataDir>/store.mv}, so it
 * survives a restart; secondary indexes are kept in memory and rebuilt on start
 * ({@link IndexedH2Backend}). The broker binds it to the loopback interface; the standalone store
 * may be given another address.
 */
public final class EmbeddedStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);

    private final MongoServer server;
    private final InetSocketAddress address;
    private final Path file;

    private EmbeddedStore(MongoServer server, InetSocketAddress address, Path file) {
        this.server = server;
        this.address = address;
        this.file = file;
    }

    /** Starts a store persisting in {@code dataDir} on 127.0.0.1:{@code port} (0 = any free port). */
    public static EmbeddedStore start(Path dataDir, int port) {
        return start(dataDir, "127.0.0.1", port);
    }

    /** Starts a store persisting in {@code dataDir} on {@code address}:{@code port} (0 = any free port). */
    public static EmbeddedStore start(Path dataDir, String address, int port) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data directory " + dataDir.toAbsolutePath(), e);
        }
        Path file = dataDir.resolve("store.mv").toAbsolutePath();
        MongoServer server = new MongoServer(new IndexedH2Backend(file.toString()));
        try {
            server.bind(address, port);
        } catch (RuntimeException e) {
            // release the data file and the server's threads, so a failed start leaves nothing running
            server.shutdownNow();
            throw e;
        }
        InetSocketAddress bound = server.getLocalAddress();
        log.info("Embedded store listening on {} with data in {}", bound, file);
        return new EmbeddedStore(server, bound, file);
    }

    public String connectionString() {
        String host = address.getAddress().getHostAddress();
        return "mongodb://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        server.shutdownNow();
        log.info("Embedded store stopped; data in {}", file);
    }
}
