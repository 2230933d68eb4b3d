package city.tsunagu.broker.subscription;

import city.tsunagu.broker.Waiting;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An HTTP notification endpoint on 127.0.0.1 that answers {@code status} and keeps what it was sent. */
final class NotificationReceiver implements AutoCloseable {
    final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    NotificationReceiver(int status) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/notify", exchange -> {
            bodies.add(JsonMapper.shared().readTree(exchange.getRequestBody().readAllBytes()));
            headers.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/notify";
    }

    /** Waits until at least {@code count} notifications have arrived and answers all that have. */
    List<JsonNode> await(int count) {
        Waiting.await().alias(count + " notification(s) at " + uri()).until(() -> bodies.size() >= count);
        return bodies;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
