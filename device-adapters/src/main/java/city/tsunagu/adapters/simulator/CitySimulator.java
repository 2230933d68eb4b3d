package city.tsunagu.adapters.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A living Kanazawa-like city for demos and load: buses, bike-share docks and air-quality
 * stations that report over MQTT as FIWARE IoT Agent devices do, every {@code period}, with the
 * rhythm of the local day (Asia/Tokyo). It first provisions its config groups and devices through
 * the provisioning API (what is already there is kept), as an operator would, then publishes.
 */
public final class CitySimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CitySimulator.class);
    private static final ZoneId KANAZAWA = ZoneId.of("Asia/Tokyo");
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final int DEVICES_PER_REQUEST = 50;

    /**
     * @param mqttUri         the MQTT broker the devices publish to, e.g. {@code tcp://127.0.0.1:1883}
     * @param provisioningUrl the adapters' provisioning API, e.g. {@code http://127.0.0.1:4041}
     * @param scale           1 = 12 buses, 10 docks, 4 air-quality stations; n = n times as many
     * @param period          how often every device reports
     */
    public record Settings(String mqttUri, String provisioningUrl, int scale, Duration period) {
    }

    private final Settings settings;
    private final Clock clock;
    private final Random random = new Random();
    private final List<SimulatedDevice> devices;
    private final ScheduledExecutorService executor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong published = new AtomicLong();
    private MqttAsyncClient client;

    private CitySimulator(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.devices = Fleet.kanazawa(settings.scale(), hour(), random);
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "city-simulator");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts provisioning and then publishing in a thread of its own; close it to stop. */
    public static CitySimulator start(Settings settings, Clock clock) {
        CitySimulator simulator = new CitySimulator(settings, clock);
        simulator.executor.execute(simulator::prepare);
        return simulator;
    }

    /** Readings published so far. */
    public long published() {
        return published.get();
    }

    private void prepare() {
        try {
            provision();
            connect();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long[] counts = {0, 0, 0};
        devices.forEach(d -> counts[d instanceof Bus ? 0 : d instanceof BikeDock ? 1 : 2]++);
        log.info("City simulator: {} buses, {} bike-share docks and {} air-quality stations report every {} s to {}",
                counts[0], counts[1], counts[2], settings.period().toMillis() / 1000.0, settings.mqttUri());
        long periodMillis = settings.period().toMillis();
        executor.scheduleAtFixedRate(this::tick, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void provision() throws InterruptedException {
        post("/iot/groups", FleetProvisioning.groups());
        for (int from = 0; from < devices.size(); from += DEVICES_PER_REQUEST) {
            List<SimulatedDevice> chunk = devices.subList(from, Math.min(devices.size(), from + DEVICES_PER_REQUEST));
            if (post("/iot/devices", devicesBody(chunk)) == 409) {
                // some are there from an earlier run (a request with one duplicate stores nothing): one by one
                for (SimulatedDevice device : chunk) {
                    post("/iot/devices", devicesBody(List.of(device)));
                }
            }
        }
    }

    private static ObjectNode devicesBody(List<SimulatedDevice> chunk) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode list = body.putArray("devices");
        chunk.forEach(device -> list.add(device.provisioning()));
        return body;
    }

    /** Posts until the API answers; 201 or 409 (already provisioned) are both fine. */
    private int post(String path, ObjectNode body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.provisioningUrl() + path))
                .header("Content-Type", "application/json")
                .header("fiware-servicepath", "/")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201 || response.statusCode() == 409) {
                    return response.statusCode();
                }
                log.warn("Provisioning {} answered {}: {}; trying again", path, response.statusCode(), response.body());
            } catch (IOException e) {
                log.warn("Provisioning API {} not reachable ({}); trying again", settings.provisioningUrl(), e.toString());
            }
            Thread.sleep(RETRY.toMillis());
        }
    }

    private void connect() throws InterruptedException {
        while (true) {
            try {
                client = new MqttAsyncClient(settings.mqttUri(), "tsunagu-simulator-" + Long.toHexString(random.nextLong()),
                        new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setAutomaticReconnect(true);
                options.setCleanSession(true);
                options.setMaxInflight(Math.max(1000, devices.size() * 2));
                client.connect(options).waitForCompletion(10_000);
                return;
            } catch (MqttException e) {
                log.warn("MQTT broker {} not reachable ({}); trying again", settings.mqttUri(), e.getMessage());
                Thread.sleep(RETRY.toMillis());
            }
        }
    }

    private void tick() {
        double hour = hour();
        double seconds = settings.period().toMillis() / 1000.0;
        for (SimulatedDevice device : devices) {
            device.advance(hour, seconds, random);
            try {
                client.publish(device.topic(), device.reading(), 1, false);
                published.incrementAndGet();
            } catch (MqttException e) {
                // disconnected or too many in flight: this reading is skipped, the next one follows
                log.debug("Reading of {} not published: {}", device.deviceId(), e.getMessage());
            }
        }
    }

    private double hour() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(KANAZAWA));
        return now.getHour() + now.getMinute() / 60.0 + now.getSecond() / 3600.0;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(5_000);
                }
                client.close();
            } catch (MqttException e) {
                log.warn("Simulator's MQTT client did not close cleanly: {}", e.getMessage());
            }
        }
    }
}
