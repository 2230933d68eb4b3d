package city.tsunagu.broker.ld;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;

/**
 * Downloads a remote @context document with Reactor Netty: non-blocking, with a time limit for
 * the whole download and a size limit, following redirects. It only downloads; parsing and
 * checking are the caller's.
 */
final class RemoteContextFetcher implements AutoCloseable {
    private static final String ACCEPT = "application/ld+json, application/json;q=0.9, */*;q=0.1";
    private static final int MAX_REDIRECTS = 10;

    private final ConnectionProvider connections;
    private final HttpClient http;
    private final Duration timeout;
    private final long maxSize;

    RemoteContextFetcher(Duration timeout, long maxSize) {
        this.timeout = timeout;
        this.maxSize = maxSize;
        this.connections = ConnectionProvider.builder("tsunagu-ld-contexts")
                .maxConnections(32)
                .pendingAcquireTimeout(timeout)
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        this.http = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .responseTimeout(timeout)
                .followRedirect((request, response) -> isRedirect(response.status().code())
                        && response.redirectedFrom().length < MAX_REDIRECTS)
                .headers(headers -> headers.set(HttpHeaderNames.ACCEPT, ACCEPT));
    }

    /** A downloaded document: the URL it was finally served from (after redirects) and its bytes. */
    record Download(String url, String finalUrl, byte[] body) {
    }

    /** Downloads {@code url}; fails with {@link FetchException} saying why in words for the caller. */
    Mono<Download> fetch(String url) {
        return http.get().uri(url)
                .response((response, body) -> {
                    int status = response.status().code();
                    if (status < 200 || status > 299) {
                        return Mono.error(new FetchException("the server answered HTTP " + response.status()));
                    }
                    String length = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
                    if (length != null && parseLong(length) > maxSize) {
                        return Mono.error(tooLarge());
                    }
                    String finalUrl = response.resourceUrl() != null ? response.resourceUrl() : url;
                    return body.asByteArray()
                            .reduceWith(ByteArrayOutputStream::new, (out, chunk) -> {
                                if (out.size() + (long) chunk.length > maxSize) {
                                    throw tooLarge();
                                }
                                out.write(chunk, 0, chunk.length);
                                return out;
                            })
                            .map(out -> new Download(url, finalUrl, out.toByteArray()));
                })
                .next()
                .switchIfEmpty(Mono.error(() -> new FetchException("the server sent no body")))
                .timeout(timeout, Mono.error(() -> new FetchException("no complete answer within " + timeout.toMillis() + " ms")))
                .onErrorMap(e -> !(e instanceof FetchException), this::describe);
    }

    private FetchException tooLarge() {
        return new FetchException("the document is larger than the limit of " + maxSize + " bytes");
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private FetchException describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause
                && !(cause instanceof ConnectException) && !(cause instanceof UnknownHostException)) {
            cause = cause.getCause();
        }
        String what;
        if (cause instanceof ConnectException) {
            what = "the connection failed (" + cause.getMessage() + ")";
        } else if (cause instanceof UnknownHostException) {
            what = "the host is unknown";
        } else if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException) {
            what = "no complete answer within " + timeout.toMillis() + " ms";
        } else if (error instanceof PrematureCloseException) {
            what = "the server closed the connection early";
        } else {
            what = cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
        }
        return new FetchException(what, error);
    }

    @Override
    public void close() {
        connections.dispose();
    }

    /** Why a download failed, worded to follow "could not be retrieved: ". */
    static final class FetchException extends RuntimeException {
        FetchException(String message) {
            super(message, null, false, false);
        }

        FetchException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
