package city.tsunagu.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the API tests: the real broker on a random loopback port, with the embedded store in a
 * fresh data directory. All test classes share one application context (Spring caches it), so
 * each test uses ids of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1"})
public abstract class ApiTestSupport {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @LocalServerPort
    protected int port;

    /** Runs once per application context: each gets a data directory of its own, as the store locks it. */
    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        String dataDir = Files.createTempDirectory("tsunagu-api-test").toString();
        registry.add("tsunagu.data-dir", () -> dataDir);
        registry.add("tsunagu.mongodb-uri", () -> "");
    }

    protected WebTestClient client() {
        return client("http://127.0.0.1:" + port + "/ngsi-ld/v1");
    }

    /** A test client with pooled keep-alive connections, as apps use. The timeout is generous: CI machines are shared. */
    public static WebTestClient client(String baseUrl) {
        return WebTestClient.bindToServer()
                .baseUrl(baseUrl).responseTimeout(java.time.Duration.ofSeconds(60)).build();
    }

    /** A URN no other test uses. */
    protected static String uniqueId(String type) {
        return "urn:ngsi-ld:" + type + ":t" + System.nanoTime() + "-" + SEQUENCE.incrementAndGet();
    }

    protected static String fixture(String name) {
        try (InputStream in = ApiTestSupport.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
