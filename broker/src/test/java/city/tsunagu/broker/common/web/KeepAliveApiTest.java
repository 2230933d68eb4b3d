package city.tsunagu.broker.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Clients that keep one connection open and send each request as soon as the previous answer is
 * in (python's http.client, curl, Gatling, an app's HTTP library) must get every answer. Answers
 * that complete on a store thread race with the next request arriving; before reactor-netty 1.3.8
 * the server then buffered that request and, once it had drained it, never read the connection
 * again (reactor/reactor-netty#4361) — within a few hundred requests the client waited forever.
 * A plain socket client, so that no client library's own connection handling hides or causes it.
 */
class KeepAliveApiTest extends ApiTestSupport {
    private static final int CONNECTIONS = 2;
    private static final int REQUESTS_PER_CONNECTION = 400;
    private static final int ANSWER_TIMEOUT_MILLIS = 15_000;

    @Test
    void everyRequestOnAKeepAliveConnectionIsAnswered() throws Exception {
        // A near query over a few hundred docks: its answer completes on a store thread and takes
        // long enough for the race to show within a few dozen requests on the old server.
        String type = "KeepAliveDock" + System.nanoTime();
        StringBuilder docks = new StringBuilder("[");
        for (int i = 0; i < 300; i++) {
            double lon = 136.6 + (i % 20) * 0.001;
            double lat = 36.5 + (i / 20) * 0.001;
            docks.append(i == 0 ? "" : ",").append("""
                    {"id":"urn:ngsi-ld:%s:%d","type":"%s","availableBikeNumber":{"type":"Property","value":%d},
                     "location":{"type":"GeoProperty","value":{"type":"Point","coordinates":[%s,%s]}}}"""
                    .formatted(type, i, type, i % 20, lon, lat));
        }
        client().post().uri("/entityOperations/upsert").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(docks.append("]").toString()).exchange().expectStatus().is2xxSuccessful();
        String request = "GET /ngsi-ld/v1/entities?type=" + type
                + "&georel=near;maxDistance==300&geometry=Point&coordinates=[136.605,36.505] HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\nAccept: application/json\r\n\r\n";

        ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                results.add(clients.submit(keepAliveClient(request)));
            }
            for (Future<List<String>> result : results) {
                List<String> bodies = result.get();
                assertThat(bodies).hasSize(REQUESTS_PER_CONNECTION)
                        .allSatisfy(body -> assertThat(body).startsWith("[{").contains("urn:ngsi-ld:" + type + ":"));
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private Callable<List<String>> keepAliveClient(String request) {
        return () -> {
            List<String> bodies = new ArrayList<>();
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                for (int i = 0; i < REQUESTS_PER_CONNECTION; i++) {
                    out.write(request.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    try {
                        bodies.add(readResponse(in));
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("request " + (i + 1) + " on one keep-alive connection got no answer within "
                                + ANSWER_TIMEOUT_MILLIS + " ms", e);
                    }
                }
            }
            return bodies;
        };
    }

    /** Reads one HTTP/1.1 response with a Content-Length body (what the broker sends for a query). */
    private static String readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        assertThat(statusLine).startsWith("HTTP/1.1 200");
        int contentLength = -1;
        for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
            int colon = header.indexOf(':');
            if (header.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                contentLength = Integer.parseInt(header.substring(colon + 1).trim());
            }
        }
        assertThat(contentLength).as("Content-Length of the answer").isPositive();
        return new String(in.readNBytes(contentLength), StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
