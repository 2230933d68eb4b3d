package city.tsunagu.broker.subscription;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * MQTT 3.1.1 and 5.0 publishing with Eclipse Paho: one connection per broker, credentials and
 * version, shared by every endpoint there and opened again on the next notification after it
 * was lost. Paho's clients block, so every call runs on the bounded elastic scheduler.
 */
@Component
class PahoMqttPublisher implements MqttPublisher, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(PahoMqttPublisher.class);

    private record Key(MqttEndpoint server, Version version) {
    }

    /** One client; synchronized, as connecting must happen once and before publishing. */
    private interface Connection {
        void publish(String topic, Message message, Duration timeout) throws Exception;

        void close() throws Exception;
    }

    private final Map<Key, Connection> connections = new ConcurrentHashMap<>();
    /** How mqtts connections check the broker's certificate: the SSL bundle named, or the JVM's trust store (null). */
    private final SSLSocketFactory tls;

    /**
     * @param tlsBundle the Spring SSL bundle (spring.ssl.bundle.*) whose trust store mqtts:// endpoints are
     *                  checked against, e.g. a city's own CA; empty for the JVM's default trust store
     */
    PahoMqttPublisher(SslBundles bundles, @Value("${tsunagu.notifications.mqtt-ssl-bundle:}") String tlsBundle) {
        this.tls = tlsBundle.isBlank() ? null : bundles.getBundle(tlsBundle).createSslContext().getSocketFactory();
    }

    @Override
    public Mono<Void> publish(MqttEndpoint endpoint, Message message, Duration timeout) {
        return Mono.<Void>fromCallable(() -> {
            connections.computeIfAbsent(new Key(endpoint.server(), message.version()), this::connect)
                    .publish(endpoint.topic(), message, timeout);
            return null;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private Connection connect(Key key) {
        SSLSocketFactory socketFactory = key.server().tls() ? tls : null;
        try {
            return key.version() == Version.MQTT_5 ? new Mqtt5(key.server(), socketFactory) : new Mqtt3(key.server(), socketFactory);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create an MQTT client for " + key.server(), e);
        }
    }

    /** Paho takes a connect timeout in whole seconds. */
    private static int seconds(Duration timeout) {
        return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    private static final class Mqtt3 implements Connection {
        private final MqttEndpoint server;
        private final MqttClient client;
        private final MqttConnectOptions options = new MqttConnectOptions();

        Mqtt3(MqttEndpoint server, SSLSocketFactory socketFactory) throws Exception {
            this.server = server;
            this.client = new MqttClient(server.serverUri(), MqttClient.generateClientId(), new MemoryPersistence());
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            // notifications are not resumed across connections: the retries of NotificationDelivery apply instead
            options.setCleanSession(true);
            options.setAutomaticReconnect(false);
            if (socketFactory != null) {
                options.setSocketFactory(socketFactory);
            }
            if (server.username() != null) {
                options.setUserName(server.username());
            }
            if (server.password() != null) {
                options.setPassword(server.password().toCharArray());
            }
        }

        @Override
        public synchronized void publish(String topic, Message message, Duration timeout) throws Exception {
            client.setTimeToWait(timeout.toMillis());
            if (!client.isConnected()) {
                options.setConnectionTimeout(seconds(timeout));
                client.connect(options);
                log.info("Connected to the MQTT broker {} (MQTT 3.1.1) for notifications", server);
            }
            MqttMessage mqtt = new MqttMessage(message.payload());
            mqtt.setQos(message.qos());
            client.publish(topic, mqtt);
        }

        @Override
        public synchronized void close() throws Exception {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1_000);
            }
            client.close();
        }
    }

    private static final class Mqtt5 implements Connection {
        private final MqttEndpoint server;
        private final org.eclipse.paho.mqttv5.client.MqttClient client;
        private final MqttConnectionOptions options = new MqttConnectionOptions();

        Mqtt5(MqttEndpoint server, SSLSocketFactory socketFactory) throws Exception {
            this.server = server;
            this.client = new org.eclipse.paho.mqttv5.client.MqttClient(server.serverUri(), MqttClient.generateClientId(),
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            options.setCleanStart(true);
            options.setAutomaticReconnect(false);
            if (socketFactory != null) {
                options.setSocketFactory(socketFactory);
            }
            if (server.username() != null) {
                options.setUserName(server.username());
            }
            if (server.password() != null) {
                options.setPassword(server.password().getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public synchronized void publish(String topic, Message message, Duration timeout) throws Exception {
            client.setTimeToWait(timeout.toMillis());
            if (!client.isConnected()) {
                options.setConnectionTimeout(seconds(timeout));
                client.connect(options);
                log.info("Connected to the MQTT broker {} (MQTT 5.0) for notifications", server);
            }
            org.eclipse.paho.mqttv5.common.MqttMessage mqtt = new org.eclipse.paho.mqttv5.common.MqttMessage(message.payload());
            mqtt.setQos(message.qos());
            MqttProperties properties = new MqttProperties();
            properties.setContentType("application/json");
            properties.setUserProperties(message.userProperties().stream().map(p -> new UserProperty(p[0], p[1])).toList());
            mqtt.setProperties(properties);
            client.publish(topic, mqtt);
        }

        @Override
        public synchronized void close() throws Exception {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1_000);
            }
            client.close();
        }
    }

    @Override
    public void destroy() {
        connections.forEach((key, connection) -> {
            try {
                connection.close();
            } catch (Exception e) {
                log.debug("Closing the MQTT connection to {}: {}", key.server(), e.getMessage());
            }
        });
    }
}
