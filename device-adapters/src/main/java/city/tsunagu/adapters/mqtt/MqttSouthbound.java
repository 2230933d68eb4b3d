package city.tsunagu.adapters.mqtt;

import city.tsunagu.adapters.command.Commands;
import city.tsunagu.adapters.ingest.InboundMessage;
import city.tsunagu.adapters.ingest.Ingestion;
import city.tsunagu.adapters.measure.EntityUpdate;
import city.tsunagu.adapters.northbound.NorthboundWriter;
import city.tsunagu.adapters.northbound.ReadingMetrics;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Readings over MQTT (Eclipse Paho, MQTT 3.1.1, which every broker speaks, the embedded
 * Moquette included): subscribes to the IoT Agents' measure topics, reconnecting and
 * subscribing again when the connection drops. Devices may publish with MQTT 3.1.1 or 5. A message is handed to the
 * northbound writer before Paho acknowledges it: while the writer's buffer is full, this
 * thread waits and Paho stops reading, so the MQTT broker holds the readings (push-back).
 */
@Component
public class MqttSouthbound implements SmartLifecycle, MqttCallbackExtended {
    private static final Logger log = LoggerFactory.getLogger(MqttSouthbound.class);
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(30);

    private final MqttProperties properties;
    private final Ingestion ingestion;
    private final NorthboundWriter writer;
    private final ReadingMetrics metrics;
    private final Commands commands;
    private MqttAsyncClient client;
    private volatile boolean running;

    private volatile boolean subscribed;

    public MqttSouthbound(MqttProperties properties, Ingestion ingestion,
                          NorthboundWriter writer, ReadingMetrics metrics, Commands commands) {
        this.commands = commands;
        this.properties = properties;
        this.ingestion = ingestion;
        this.writer = writer;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        if (properties.uri().isBlank()) {
            log.info("No MQTT broker configured (TSUNAGU_IOTA_MQTT_URI): MQTT southbound off");
            return;
        }
        try {
            client = new MqttAsyncClient(properties.uri(), properties.effectiveClientId(), new MemoryPersistence());
            client.setCallback(this);
            MqttConnectOptions options = new MqttConnectOptions();
            options.setAutomaticReconnect(true);
            // a persistent session: what devices publish while the adapters reconnect (or restart with
            // the same client id) waits in the MQTT broker instead of being lost
            options.setCleanSession(false);
            // a message is acknowledged only once handed to the writer: hold at most this many unacknowledged
            options.setMaxInflight(1000);
            if (properties.username() != null) {
                options.setUserName(properties.username());
                options.setPassword(properties.password() == null ? new char[0] : properties.password().toCharArray());
            }
            running = true;
            client.connect(options).waitForCompletion(LOOKUP_TIMEOUT.toMillis());
        } catch (MqttException e) {
            throw new IllegalStateException("Cannot connect to the MQTT broker " + properties.uri() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the measure topics are subscribed now. Readings of QoS 1 and 2 published while not
     * (a reconnection) wait in the session; those published before the first subscription are
     * not for the adapters.
     */
    public boolean isSubscribed() {
        return subscribed;
    }

    /** Subscribes on every (re)connection: the MQTT broker may have lost the session (its restart, an expiry). */
    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        String[] filters = filters();
        int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, properties.qos());
        try {
            client.subscribe(filters, qos).waitForCompletion(LOOKUP_TIMEOUT.toMillis());
            subscribed = true;
            log.info("{} MQTT broker {}; subscribed to the measure topics{}", reconnect ? "Reconnected to" : "Connected to",
                    serverUri, properties.sharedGroup().isBlank() ? "" : " as shared group " + properties.sharedGroup());
        } catch (MqttException e) {
            log.error("Cannot subscribe to the measure topics on {}", serverUri, e);
        }
    }

    private String[] filters() {
        return MqttTopics.FILTERS.stream().map(this::shared).toArray(String[]::new);
    }

    /** {@code $share/<group>/<filter>}: the filters start with an empty level, kept as {@code //}. */
    private String shared(String filter) {
        return properties.sharedGroup().isBlank() ? filter : "$share/" + properties.sharedGroup() + "/" + filter;
    }

    /** Publishes a message for a device (a command), QoS 1; fails when not connected. */
    public void publish(String topic, byte[] payload) throws MqttException {
        if (client == null) {
            throw new IllegalStateException("no MQTT broker is configured (TSUNAGU_IOTA_MQTT_URI)");
        }
        client.publish(topic, payload, 1, false).waitForCompletion(LOOKUP_TIMEOUT.toMillis());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
        MqttTopics.CommandAnswer answer = MqttTopics.commandAnswer(topic);
        if (answer != null) {
            commands.answered(answer.apikey(), answer.deviceId(), message.getPayload()).block(LOOKUP_TIMEOUT);
            return;
        }
        InboundMessage inbound = MqttTopics.parse(topic, message.getPayload());
        if (inbound == null) {
            log.warn("Ignored a message on {}: not a measure topic", topic);
            metrics.rejected("", "unknown-topic");
            return;
        }
        List<EntityUpdate> updates = ingestion.updates(inbound).block(LOOKUP_TIMEOUT);
        for (EntityUpdate update : updates == null ? List.<EntityUpdate>of() : updates) {
            while (!writer.put(update, Duration.ofSeconds(1))) {
                if (!running) {
                    log.warn("Stopping with the reading of device {} not handed over", inbound.deviceId());
                    return;
                }
            }
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        subscribed = false;
        log.warn("Lost the connection to the MQTT broker ({}); reconnecting", cause.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
    }

    @Override
    public void stop() {
        running = false;
        if (client != null) {
            try {
                if (properties.clientId().isBlank() && client.isConnected()) {
                    // a generated id is not used again: its session must not keep collecting readings
                    client.unsubscribe(filters()).waitForCompletion(5_000);
                }
                client.disconnect().waitForCompletion(5_000);
                client.close();
            } catch (MqttException e) {
                log.warn("MQTT client did not close cleanly: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the northbound writer (a higher phase stops first), so it can deliver what this took. */
    @Override
    public int getPhase() {
        return NorthboundWriter.PHASE + 1;
    }
}
