package city.tsunagu.broker.subscription;

import java.time.Duration;
import reactor.core.publisher.Mono;

/** Publishes notifications to MQTT brokers; our own small seam, so the client library can be swapped. */
public interface MqttPublisher {
    /**
     * Publishes {@code payload} to the endpoint's topic with {@code qos}, connecting first if need
     * be; completes once the message is sent (QoS 0) or acknowledged (QoS 1, 2), fails after
     * {@code timeout} or when the broker cannot be reached.
     */
    Mono<Void> publish(MqttEndpoint endpoint, int qos, byte[] payload, Duration timeout);
}
