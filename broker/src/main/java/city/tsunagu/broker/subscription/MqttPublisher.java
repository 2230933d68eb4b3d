package city.tsunagu.broker.subscription;

import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/** Publishes notifications to MQTT brokers; our own small seam, so the client library can be swapped. */
public interface MqttPublisher {
    /** The protocol versions of notifierInfo MQTT-Version (7.2). */
    enum Version { MQTT_3_1_1, MQTT_5 }

    /** One message: {@code userProperties} (key, value) are sent with MQTT 5 only, which has them. */
    record Message(Version version, int qos, List<String[]> userProperties, byte[] payload) {
    }

    /**
     * Publishes the message to the endpoint's topic, connecting first if need be; completes once
     * it is sent (QoS 0) or acknowledged (QoS 1, 2), fails after {@code timeout} or when the
     * broker cannot be reached or refuses the connection.
     */
    Mono<Void> publish(MqttEndpoint endpoint, Message message, Duration timeout);
}
