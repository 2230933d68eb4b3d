package city.tsunagu.broker.subscription;

import city.tsunagu.broker.common.web.JsonResponses;
import city.tsunagu.broker.tenant.Tenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends notifications off the write path, over HTTP or MQTT: one bounded queue per endpoint,
 * sent one after the other with a timeout and retries with back-off, so a slow or dead endpoint
 * delays only its own notifications. What a full queue cannot take, or what fails after the retries, is counted
 * in the subscription's status (timesFailed, lastFailure) and in the metric
 * {@code tsunagu.notifications} (outcome sent, failed, dropped).
 */
@Component
public class NotificationDelivery implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);
    /** Notifications waiting for one endpoint; beyond this they are dropped and counted. */
    static final int QUEUE_CAPACITY = 1_000;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final int RETRIES = 2;

    /** One notification on its way. */
    record Outgoing(Tenant tenant, CompiledSubscription subscription, ObjectNode notification) {
    }

    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final MqttPublisher mqtt;
    private final ConnectionProvider connections;
    private final Map<String, FluxSink<Outgoing>> queues = new ConcurrentHashMap<>();
    private final Map<String, Disposable> senders = new ConcurrentHashMap<>();
    private final Counter sent;
    private final Counter failed;
    private final Counter dropped;
    private final DeliveryStatusWriter status;

    public NotificationDelivery(SubscriptionStore store, JsonMapper json, Clock clock, MeterRegistry meters, MqttPublisher mqtt) {
        this.status = new DeliveryStatusWriter(store);
        this.mqtt = mqtt;
        this.json = json;
        this.clock = clock;
        this.connections = ConnectionProvider.builder("notifications").maxConnections(64).build();
        this.http = HttpClient.create(connections).followRedirect(false);
        this.sent = meters.counter("tsunagu.notifications", "outcome", "sent");
        this.failed = meters.counter("tsunagu.notifications", "outcome", "failed");
        this.dropped = meters.counter("tsunagu.notifications", "outcome", "dropped");
    }

    /** Queues a notification for its endpoint; never blocks. */
    void send(Outgoing outgoing) {
        queues.computeIfAbsent(outgoing.subscription().endpoint().uri(), this::openQueue).next(outgoing);
    }

    private FluxSink<Outgoing> openQueue(String uri) {
        FluxSink<Outgoing>[] sink = new FluxSink[1];
        Disposable sender = Flux.<Outgoing>create(s -> sink[0] = s)
                .onBackpressureBuffer(QUEUE_CAPACITY, this::drop, BufferOverflowStrategy.DROP_LATEST)
                .concatMap(this::deliver, 1)
                .subscribe();
        senders.put(uri, sender);
        return sink[0];
    }

    private void drop(Outgoing outgoing) {
        dropped.increment();
        log.warn("Notification queue of {} is full: a notification of subscription {} was dropped",
                outgoing.subscription().endpoint().display(), outgoing.subscription().id());
        record(outgoing, false);
    }

    private Mono<Void> deliver(Outgoing outgoing) {
        CompiledSubscription.Endpoint endpoint = outgoing.subscription().endpoint();
        Duration timeout = endpoint.timeoutSeconds() == null ? DEFAULT_TIMEOUT
                : Duration.ofMillis((long) (endpoint.timeoutSeconds() * 1000));
        return (endpoint.isMqtt() ? publish(outgoing, timeout) : post(outgoing))
                .timeout(timeout)
                .retryWhen(Retry.backoff(RETRIES, Duration.ofMillis(200)))
                .thenReturn(true)
                .onErrorResume(e -> {
                    log.info("Notification of subscription {} to {} failed: {}", outgoing.subscription().id(), endpoint.display(),
                            e.getMessage());
                    return Mono.just(false);
                })
                .doOnNext(ok -> {
                    (ok ? sent : failed).increment();
                    record(outgoing, ok);
                })
                .then();
    }

    /** POSTs the notification, a user and password of the URI as Basic authentication; an answer other than 2xx is a failure. */
    private Mono<Void> post(Outgoing outgoing) {
        CompiledSubscription subscription = outgoing.subscription();
        boolean ldJson = "application/ld+json".equals(subscription.endpoint().accept());
        byte[] bytes = json.writeValueAsBytes(body(outgoing, ldJson));
        String uri = subscription.endpoint().uri();
        String authorization = EndpointUris.basicAuthorization(uri);
        return http.headers(headers -> {
                    headers.set(HttpHeaderNames.CONTENT_TYPE, ldJson ? "application/ld+json" : "application/json");
                    // a length, not chunks: simple receivers (and the ETSI suite's) read only sized bodies
                    headers.set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
                    if (!ldJson) {
                        headers.set("Link", JsonResponses.link(subscription.context()));
                    }
                    if (!outgoing.tenant().isDefault()) {
                        headers.set(Tenant.HEADER, outgoing.tenant().name());
                    }
                    if (authorization != null) {
                        headers.set(HttpHeaderNames.AUTHORIZATION, authorization);
                    }
                    subscription.endpoint().receiverInfo().forEach(pair -> headers.set(pair[0], pair[1]));
                })
                .post()
                .uri(EndpointUris.withoutUserInfo(uri))
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)))
                .responseSingle((response, content) -> response.status().code() / 100 == 2 ? content.then()
                        : Mono.error(new IllegalStateException("the endpoint answered " + response.status())))
                .then();
    }

    /**
     * Publishes the notification to the endpoint's topic (7.2): a JSON object whose "body" is the
     * notification and whose "metadata" holds what HTTP would send as headers (Content-Type,
     * Link, NGSILD-Tenant and the receiverInfo pairs), as MQTT 3.1.1 has no headers; MQTT 5
     * sends the receiverInfo pairs as user properties too.
     */
    private Mono<Void> publish(Outgoing outgoing, Duration timeout) {
        CompiledSubscription subscription = outgoing.subscription();
        CompiledSubscription.Endpoint endpoint = subscription.endpoint();
        boolean ldJson = "application/ld+json".equals(endpoint.accept());
        ObjectNode message = json.createObjectNode();
        ObjectNode metadata = message.putObject("metadata");
        metadata.put("Content-Type", ldJson ? "application/ld+json" : "application/json");
        if (!ldJson) {
            metadata.put("Link", JsonResponses.link(subscription.context()));
        }
        if (!outgoing.tenant().isDefault()) {
            metadata.put(Tenant.HEADER, outgoing.tenant().name());
        }
        endpoint.receiverInfo().forEach(pair -> metadata.put(pair[0], pair[1]));
        message.set("body", body(outgoing, ldJson));
        return mqtt.publish(MqttEndpoint.parse(endpoint.uri()), new MqttPublisher.Message(endpoint.mqttVersion(), endpoint.mqttQos(),
                endpoint.receiverInfo(), json.writeValueAsBytes(message)), timeout);
    }

    /** The notification as sent: for application/ld+json each entity of the data carries the @context, as in JSON-LD. */
    private static ObjectNode body(Outgoing outgoing, boolean ldJson) {
        ObjectNode body = outgoing.notification();
        if (ldJson) {
            body = body.deepCopy();
            JsonNode context = outgoing.subscription().context().responseContext();
            body.path("data").forEach(entity -> ((ObjectNode) entity).set("@context", context));
        }
        return body;
    }

    private void record(Outgoing outgoing, boolean success) {
        status.record(outgoing.tenant(), outgoing.subscription().id(), success, clock.instant());
    }

    @Override
    public void destroy() {
        senders.values().forEach(Disposable::dispose);
        connections.dispose();
    }
}
