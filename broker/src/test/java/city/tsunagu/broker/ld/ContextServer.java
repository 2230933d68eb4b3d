package city.tsunagu.broker.ld;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A @context server for tests: the JDK's HTTP server on 127.0.0.1, serving the files under
 * src/test/resources/ld/ at /ld/{name} and whatever a test sets up, and counting requests per path.
 */
final class ContextServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    /** How one path answers; {@code chunked} sends the body without a Content-Length. */
    record Route(int status, byte[] body, long delayMillis, String location, boolean chunked) {
        Route(int status, String body) {
            this(status, body.getBytes(StandardCharsets.UTF_8), 0, null, false);
        }

        Route delayed(long millis) {
            return new Route(status, body, millis, location, chunked);
        }

        Route withoutLength() {
            return new Route(status, body, delayMillis, location, true);
        }
    }

    private ContextServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static ContextServer start() {
        try {
            return new ContextServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The URL of a file of src/test/resources/ld. */
    String file(String name) {
        return url("/ld/" + name);
    }

    void serve(String path, String body) {
        routes.put(path, new Route(200, body));
    }

    void route(String path, Route route) {
        routes.put(path, route);
    }

    void redirect(String path, String location) {
        routes.put(path, new Route(302, new byte[0], 0, location, false));
    }

    int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Route route = routes.get(path);
        if (route == null && path.startsWith("/ld/")) {
            byte[] file = resource("/ld/" + path.substring(4));
            route = file != null ? new Route(200, file, 0, null, false) : null;
        }
        if (route == null) {
            route = new Route(404, "not found");
        }
        try {
            if (route.delayMillis() > 0) {
                Thread.sleep(route.delayMillis());
            }
            if (route.location() != null) {
                exchange.getResponseHeaders().add("Location", route.location());
            }
            exchange.getResponseHeaders().add("Content-Type", "application/ld+json");
            long length = route.body().length == 0 ? -1 : route.chunked() ? 0 : route.body().length;
            exchange.sendResponseHeaders(route.status(), length);
            if (route.body().length > 0) {
                exchange.getResponseBody().write(route.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout tests)
        } finally {
            exchange.close();
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = ContextServer.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        byte[] bytes = resource(name);
        if (bytes == null) {
            throw new IllegalArgumentException("No test resource " + name);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
