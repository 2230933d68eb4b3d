package city.tsunagu.load.notifications;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notification endpoint of the fan-out benchmark, on 127.0.0.1 in the load generator's JVM:
 * answers every POST 204 and checks it against the subscriptions it was told of — the
 * subscription is known, the request came to that subscription's endpoint path, the entity is
 * the one it follows — and takes the delay from the notified {@code speed}'s {@code observedAt},
 * which the writer set to the write's send time (same clock). {@code GET /stats} answers the
 * current phase's counts, for the simulation's checks.
 */
public final class NotificationReceiver implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a subscription's notifications must look like: where they arrive, and the entity (null: any). */
    private record Expectation(String path, String entityId) {
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final Map<String, Expectation> subscriptions = new ConcurrentHashMap<>();
    private volatile PhaseTally tally = new PhaseTally("none");

    private NotificationReceiver(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    /** Starts a receiver on a free loopback port. */
    public static NotificationReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        ExecutorService workers = Executors.newFixedThreadPool(16, r -> {
            Thread thread = new Thread(r, "notification-receiver");
            thread.setDaemon(true);
            return thread;
        });
        NotificationReceiver receiver = new NotificationReceiver(server, workers);
        server.createContext("/", receiver::handle);
        server.setExecutor(workers);
        server.start();
        return receiver;
    }

    /** The base URL, e.g. http://127.0.0.1:41234; endpoints are paths below it. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Tells the receiver of a subscription: its notifications arrive at {@code path}, for {@code entityId} (null: any entity). */
    public void expect(String subscriptionId, String path, String entityId) {
        subscriptions.put(subscriptionId, new Expectation(path, entityId));
    }

    /** Starts counting a new phase; what arrives from now on counts there. */
    public PhaseTally startPhase(String name) {
        PhaseTally next = new PhaseTally(name);
        tally = next;
        return next;
    }

    public PhaseTally tally() {
        return tally;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().equals("/stats")) {
                answerStats(exchange);
            } else if (exchange.getRequestMethod().equals("POST")) {
                int status = receive(exchange.getRequestURI().getPath(), exchange.getRequestBody()) ? 204 : 400;
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.sendResponseHeaders(405, -1);
            }
        }
    }

    /** Counts one notification; false if it is not one the benchmark's subscriptions send. */
    boolean receive(String path, InputStream body) throws IOException {
        Instant receipt = Instant.now();
        PhaseTally phase = tally;
        try {
            JsonNode notification = JSON.readTree(body.readAllBytes());
            Expectation expected = subscriptions.get(notification.path("subscriptionId").asString(""));
            JsonNode data = notification.path("data");
            if (expected == null || !expected.path().equals(path) || data.size() != 1) {
                phase.unexpected();
                return false;
            }
            JsonNode entity = data.get(0);
            String observedAt = entity.path("speed").path("observedAt").asString(null);
            if (observedAt == null || (expected.entityId() != null && !expected.entityId().equals(entity.path("id").asString("")))) {
                phase.unexpected();
                return false;
            }
            phase.received(notification.path("id").asString(""), Instant.parse(observedAt), receipt);
            return true;
        } catch (JacksonException | java.time.format.DateTimeParseException e) {
            phase.unexpected();
            return false;
        }
    }

    private void answerStats(HttpExchange exchange) throws IOException {
        NotificationResults.Delivery delivery = tally.summary();
        byte[] json = JSON.writeValueAsString(Map.of("phase", tally.name(), "expected", delivery.expected(),
                        "received", delivery.received(), "missing", delivery.missing(), "duplicates", delivery.duplicates(),
                        "unexpected", delivery.unexpected()))
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
