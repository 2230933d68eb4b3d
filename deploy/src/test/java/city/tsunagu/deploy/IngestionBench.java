package city.tsunagu.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.adapters.northbound.ReadingMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ingestion benchmark of docs/benchmarks.md (not part of the test suite: run it by name). A
 * standalone hub in this JVM (embedded store, embedded MQTT broker, CoAP, adapters) on loopback;
 * devices of one autoprovisioning config group send IoT Agent JSON readings
 * {@code {"v": seq, "TimeInstant": sent}} at a fixed rate per step: over MQTT at QoS 1
 * ({@code bench.transport=mqtt}), or as confirmable CoAP POSTs to {@code /iot/json?k=&i=}
 * ({@code bench.transport=coap}; a 5.03 answer, the adapters' buffer full, is sent again after its
 * Max-Age, as a device would). Latency is the
 * broker's {@code modifiedAt} of the attribute minus the reading's send time ({@code observedAt}),
 * sampled during the run and read for every entity at the end of each step; throughput is the
 * readings of a step over the time until the broker had taken all of them. Every device's last
 * value must equal its last reading sent, and no reading may be rejected. For comparison, the
 * same hub then takes direct NGSI-LD batch upserts of the same entities (no MQTT, no adapters).
 * <pre>
 * mvn -B -ntp -q -pl deploy -am test -Dtest=IngestionBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     [-Dbench.transport=mqtt|coap] [-Dbench.devices=1000] [-Dbench.rates=1000,2500,5000] [-Dbench.seconds=20]
 *     [-Dbench.connections=4]
 * </pre>
 * The report is printed and written to {@code deploy/target/<transport>-bench.txt}.
 */
class IngestionBench {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String TYPE = "BenchSensor";

    private final int devices = Integer.getInteger("bench.devices", 1000);
    private final int[] rates = Arrays.stream(System.getProperty("bench.rates", "1000,2500,5000").split(","))
            .mapToInt(Integer::parseInt).toArray();
    private final int seconds = Integer.getInteger("bench.seconds", 20);
    private final int connections = Integer.getInteger("bench.connections", 4);
    private final String transport = System.getProperty("bench.transport", "mqtt");
    private final StringBuilder report = new StringBuilder();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private long[] lastSeq;
    private String api;

    @Test
    void run() throws Exception {
        Path dataDir = Files.createTempDirectory("tsunagu-" + transport + "-bench");
        lastSeq = new long[devices];
        try (RunningHub hub = RunningHub.start(dataDir)) {
            api = "http://127.0.0.1:" + hub.context().getEnvironment().getRequiredProperty("local.server.port") + "/ngsi-ld/v1";
            hub.provisioning().post().uri("/iot/groups").contentType(MediaType.APPLICATION_JSON).bodyValue("""
                    {"groups": [{"apikey": "bench", "resource": "", "entity_type": "BenchSensor"}]}""")
                    .exchange().expectStatus().isCreated();
            ReadingMetrics metrics = hub.adapters().context().getBean(ReadingMetrics.class);
            Sender sender = transport.equals("coap") ? new CoapSender(hub.adapters().coapPort())
                    : new MqttSender(hub.adapters().mqttPort(), connections);
            line("Machine: %d CPUs (%s), %s; devices %d, %s; hub, store, MQTT broker, adapters and senders in one JVM",
                    Runtime.getRuntime().availableProcessors(), BenchMachine.cpuModel(), System.getProperty("java.vm.version"), devices,
                    sender);
            line("load average at start: %s", BenchMachine.loadAverage());

            // every device once, so that autoprovisioning is not measured
            long sent = publishAll(sender, devices, devices);
            awaitAccepted(metrics, sent, Duration.ofSeconds(300));
            line("");
            line("| offered readings/s | sent | sustained readings/s | p50 | p99 | max | lost | last value = last sent | rejected |");
            line("|---:|---:|---:|---:|---:|---:|---:|---|---:|");
            for (int rate : rates) {
                step(sender, metrics, rate, sent);
                sent = (long) metrics.count("tsunagu.adapters.readings.accepted", "");
            }
            line("%s", sender.summary());
            sender.close();
            line("");
            directUpserts();
            line("load average at end: %s", BenchMachine.loadAverage());
        }
        BenchMachine.delete(dataDir);
        System.out.println(report);
        Files.writeString(Path.of("target", transport + "-bench.txt"), report.toString());
    }

    private void step(Sender sender, ReadingMetrics metrics, int rate, long acceptedBefore) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> sample(latencies, sampling), "bench-sampler");
        sampler.start();
        long start = System.nanoTime();
        long readings = (long) rate * seconds;
        publishAll(sender, readings, rate);
        awaitAccepted(metrics, acceptedBefore + readings, Duration.ofSeconds(600));
        double elapsed = (System.nanoTime() - start) / 1e9;
        sampling.set(false);
        sampler.join();
        // every entity: the last value, and the latency of its last reading
        int wrong = 0;
        for (JsonNode entity : allEntities()) {
            int device = Integer.parseInt(entity.path("id").asString().substring(("urn:ngsi-ld:" + TYPE + ":d").length()));
            if (entity.path("v").path("value").asLong() != lastSeq[device]) {
                wrong++;
            }
            latencies.add(latency(entity.path("v")));
        }
        double rejected = metrics.count("tsunagu.adapters.readings.rejected", "");
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        line("| %,d | %,d | %,.0f | %d ms | %d ms | %d ms | %d | %s | %.0f |", rate, readings, readings / elapsed,
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1],
                (long) (acceptedBefore + readings - metrics.count("tsunagu.adapters.readings.accepted", "")),
                wrong == 0 ? "all " + devices : wrong + " devices differ", rejected);
        assertThat(wrong).isZero();
        assertThat(rejected).isZero();
    }

    /** Sends {@code count} readings round-robin over the devices at {@code rate} per second. */
    private long publishAll(Sender sender, long count, int rate) throws Exception {
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 1_000_000) {
                Thread.sleep(wait / 1_000_000);
            }
            int device = (int) (i % devices);
            long seq = ++lastSeq[device];
            sender.send(device, ("{\"v\": " + seq + ", \"TimeInstant\": \"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        return count;
    }

    /** How readings leave the simulated devices. */
    private interface Sender extends AutoCloseable {
        void send(int device, byte[] payload) throws Exception;

        /** What the transport had to do besides sending (e.g. readings sent again). */
        String summary();
    }

    /** Paho MQTT 3.1.1 clients, QoS 1, at most 1,000 unacknowledged messages each. */
    private static final class MqttSender implements Sender {
        private final List<MqttAsyncClient> clients = new ArrayList<>();
        private final List<Semaphore> windows = new ArrayList<>();

        MqttSender(int port, int connections) throws MqttException {
            for (int i = 0; i < connections; i++) {
                MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "bench-" + i, new MemoryPersistence());
                Semaphore window = new Semaphore(1000);
                client.setCallback(new MqttCallback() {
                    @Override
                    public void connectionLost(Throwable cause) {
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                    }

                    @Override
                    public void deliveryComplete(IMqttDeliveryToken token) {
                        window.release();
                    }
                });
                MqttConnectOptions options = new MqttConnectOptions();
                options.setMaxInflight(1000);
                options.setCleanSession(true);
                client.connect(options).waitForCompletion(10_000);
                clients.add(client);
                windows.add(window);
            }
        }

        @Override
        public void send(int device, byte[] payload) throws Exception {
            int connection = device % clients.size();
            windows.get(connection).acquire();
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            clients.get(connection).publish("/json/bench/d" + device + "/attrs", message);
        }

        @Override
        public String summary() {
            return "";
        }

        @Override
        public String toString() {
            return clients.size() + " MQTT connections, QoS 1";
        }

        @Override
        public void close() throws MqttException {
            for (MqttAsyncClient client : clients) {
                client.disconnect().waitForCompletion(5_000);
                client.close();
            }
        }
    }

    /**
     * Californium, confirmable POSTs from one endpoint, at most 500 awaiting their answer; a 5.03
     * is sent again after its Max-Age. A device's next reading waits for the answer to its last,
     * so that its readings stay in order, as a device sending one reading at a time does.
     */
    private static final class CoapSender implements Sender {
        private final int port;
        private final CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(Configuration.createStandardWithoutFile()).build();
        private final Semaphore window = new Semaphore(500);
        private final java.util.Map<Integer, Semaphore> devices = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong again = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.ScheduledExecutorService retries = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

        CoapSender(int port) throws IOException {
            this.port = port;
            endpoint.start();
        }

        @Override
        public void send(int device, byte[] payload) throws Exception {
            devices.computeIfAbsent(device, d -> new Semaphore(1)).acquire();
            window.acquire();
            post(device, payload);
        }

        private void post(int device, byte[] payload) {
            Request request = Request.newPost();
            request.setURI("coap://127.0.0.1:" + port + "/iot/json?k=bench&i=d" + device);
            request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
            request.setPayload(payload);
            request.addMessageObserver(new MessageObserverAdapter() {
                @Override
                public void onResponse(Response response) {
                    if (response.getCode() == CoAP.ResponseCode.SERVICE_UNAVAILABLE) {
                        again.incrementAndGet();
                        long maxAge = response.getOptions().getMaxAge();
                        retries.schedule(() -> post(device, payload), maxAge, java.util.concurrent.TimeUnit.SECONDS);
                        return;
                    }
                    if (response.getCode() != CoAP.ResponseCode.CHANGED) {
                        throw new IllegalStateException("reading of d" + device + " answered " + response.getCode());
                    }
                    window.release();
                    devices.get(device).release();
                }

                @Override
                public void onTimeout() {
                    again.incrementAndGet();
                    post(device, payload);
                }
            });
            endpoint.sendRequest(request);
        }

        @Override
        public String summary() {
            return "CoAP readings sent again (5.03 while the buffer was full, or no answer): " + again.get();
        }

        @Override
        public String toString() {
            return "CoAP confirmable POSTs, at most 500 unanswered";
        }

        @Override
        public void close() {
            retries.shutdownNow();
            endpoint.destroy();
        }
    }

    private static void awaitAccepted(ReadingMetrics metrics, long expected, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (metrics.count("tsunagu.adapters.readings.accepted", "") < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the broker took " + metrics.count("tsunagu.adapters.readings.accepted", "")
                        + " readings of " + expected + " within " + limit);
            }
            Thread.sleep(10);
        }
    }

    /** Reads pages of entities with their system attributes while a step runs: latencies of what was just written. */
    private void sample(ConcurrentLinkedQueue<Long> latencies, AtomicBoolean sampling) {
        Set<String> seen = new HashSet<>();
        while (sampling.get()) {
            try {
                int offset = ThreadLocalRandom.current().nextInt(Math.max(1, devices - 100));
                for (JsonNode entity : get("/entities?type=" + TYPE + "&attrs=v&options=sysAttrs&limit=100&offset=" + offset)) {
                    JsonNode v = entity.path("v");
                    if (seen.add(entity.path("id").asString() + v.path("observedAt").asString())) {
                        latencies.add(latency(v));
                    }
                }
                Thread.sleep(200);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long latency(JsonNode attribute) {
        return Duration.between(Instant.parse(attribute.path("observedAt").asString()),
                Instant.parse(attribute.path("modifiedAt").asString())).toMillis();
    }

    private List<JsonNode> allEntities() throws IOException, InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        for (int offset = 0; offset < devices; offset += 1000) {
            get("/entities?type=" + TYPE + "&attrs=v&options=sysAttrs&limit=1000&offset=" + offset).forEach(all::add);
        }
        return all;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(api + path))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return JSON.readTree(response.body());
    }

    /** The broker alone: batch upserts of the same entities straight to its API, as the adapters send them. */
    private void directUpserts() throws Exception {
        int concurrency = 4;
        int batch = 200;
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long[] updates = new long[concurrency];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            int lane = t;
            Thread thread = new Thread(() -> {
                long n = 0;
                while (System.nanoTime() < deadline) {
                    StringBuilder body = new StringBuilder("[");
                    for (int i = 0; i < batch; i++) {
                        int device = (int) ((lane * batch + i + n * concurrency * batch) % devices);
                        body.append(i == 0 ? "" : ",").append("{\"id\":\"urn:ngsi-ld:").append(TYPE).append(":d").append(device)
                                .append("\",\"type\":\"").append(TYPE).append("\",\"v\":{\"type\":\"Property\",\"value\":").append(n)
                                .append(",\"observedAt\":\"").append(Instant.now()).append("\"}}");
                    }
                    body.append(']');
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/entityOperations/upsert?options=update"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 204 || response.statusCode() == 201) {
                            updates[lane] += batch;
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } catch (InterruptedException e) {
                        return;
                    }
                    n++;
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        line("Direct NGSI-LD batch upserts into the same hub (%d in flight, %d entities each, options=update, %d s): %,.0f entity updates/s",
                concurrency, batch, seconds, Arrays.stream(updates).sum() / elapsed);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
