package city.tsunagu.broker.subscription;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * MQTT 3.1.1 publishing with Eclipse Paho: one connection per broker and credentials, shared by
 * every endpoint there and opened again on the next notification after it was lost. Paho's
 * client blocks, so every call runs on the bounded elastic scheduler.
 */
@Component
class PahoMqttPublisher implements MqttPublisher, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(PahoMqttPublisher.class);

    private final Map<MqttEndpoint, Connection> connections = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> publish(MqttEndpoint endpoint, int qos, byte[] payload, Duration timeout) {
        return Mono.<Void>fromCallable(() -> {
            connections.computeIfAbsent(endpoint.server(), Connection::new).publish(endpoint.topic(), qos, payload, timeout);
            return null;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** One client; synchronized, as connecting must happen once and before publishing. */
    private static final class Connection {
        private final MqttEndpoint server;
        private final MqttClient client;
        private final MqttConnectOptions options = new MqttConnectOptions();

        Connection(MqttEndpoint server) {
            this.server = server;
            try {
                this.client = new MqttClient(server.serverUri(), MqttClient.generateClientId(), new MemoryPersistence());
            } catch (MqttException e) {
                throw new IllegalStateException("cannot create an MQTT client for " + server, e);
            }
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            // notifications are not resumed across connections: the retries of NotificationDelivery apply instead
            options.setCleanSession(true);
            options.setAutomaticReconnect(false);
            if (server.username() != null) {
                options.setUserName(server.username());
            }
            if (server.password() != null) {
                options.setPassword(server.password().toCharArray());
            }
        }

        synchronized void publish(String topic, int qos, byte[] payload, Duration timeout) throws MqttException {
            client.setTimeToWait(timeout.toMillis());
            if (!client.isConnected()) {
                options.setConnectionTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
                client.connect(options);
                log.info("Connected to the MQTT broker {} for notifications", server);
            }
            MqttMessage message = new MqttMessage(payload);
            message.setQos(qos);
            client.publish(topic, message);
        }

        synchronized void close() {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1_000);
                }
                client.close();
            } catch (MqttException e) {
                log.debug("Closing the MQTT connection to {}: {}", server, e.getMessage());
            }
        }
    }

    @Override
    public void destroy() {
        connections.values().forEach(Connection::close);
    }
}
