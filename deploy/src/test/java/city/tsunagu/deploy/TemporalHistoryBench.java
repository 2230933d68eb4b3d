package city.tsunagu.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The temporal API's benchmark (issue 6): a standalone hub in this JVM (embedded store in a fresh
 * directory, no device adapters), loaded THROUGH THE API with {@code sensors} AirQualityObserved
 * sensors × {@code days} days × one NO2 reading a minute — one Create/Update Temporal Entity
 * request per sensor and day (1,440 instances) — then:
 * <ul>
 * <li>hourly avg/min/max of one sensor over the whole range, and daily avg of all sensors over it
 * ({@code aggregatedValues}), each answer checked against a reference computed here from the
 * readings sent (1e-9 relative), p50/p95 over {@code repeats} requests after two warm-up ones;</li>
 * <li>the ingest rate of that history path against the plain entity update path in the same hub:
 * batch upserts of every sensor with one new reading ({@code options=update}, which records each
 * reading as history too).</li>
 * </ul>
 * Not part of the test suite (run by name):
 * <pre>
 * mvn -B -ntp -q -pl deploy -am test -Dtest=TemporalHistoryBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     [-Dbench.sensors=100] [-Dbench.days=30] [-Dbench.repeats=20] [-Dbench.concurrency=4] [-Dbench.seconds=20]
 * </pre>
 * The report is printed and written to {@code deploy/target/temporal-bench.txt}.
 */
class TemporalHistoryBench {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Instant ORIGIN = Instant.parse("2026-10-01T00:00:00Z");
    private static final int MINUTES = 1440;

    private final int sensors = Integer.getInteger("bench.sensors", 100);
    private final int days = Integer.getInteger("bench.days", 30);
    private final int repeats = Integer.getInteger("bench.repeats", 20);
    private final int concurrency = Integer.getInteger("bench.concurrency", 4);
    private final int seconds = Integer.getInteger("bench.seconds", 20);
    private final StringBuilder report = new StringBuilder();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String api;

    /** NO2 in µg/m³: a daily swing, a level per sensor and a deterministic jitter, in hundredths. */
    static double reading(int sensor, long minute) {
        double daily = 8 * Math.sin(2 * Math.PI * ((minute % MINUTES) - 360) / MINUTES);
        long jitter = Math.floorMod(sensor * 1_000_003L + minute * 7_919L, 200L) - 100;
        return Math.round((20 + sensor % 10 + daily + jitter / 100.0) * 100) / 100.0;
    }

    static String sensorId(int sensor) {
        return String.format(Locale.ROOT, "urn:ngsi-ld:AirQualityObserved:kanazawa-%03d", sensor);
    }

    @Test
    void run() throws Exception {
        Path dataDir = Files.createTempDirectory("tsunagu-temporal-bench");
        try (RunningHub hub = RunningHub.start(dataDir, "--tsunagu.hub.adapters=false")) {
            api = "http://127.0.0.1:" + hub.context().getEnvironment().getRequiredProperty("local.server.port") + "/ngsi-ld/v1";
            line("Machine: %d CPUs (%s), %s; hub and embedded store in this JVM with the client; load average at start: %s",
                    Runtime.getRuntime().availableProcessors(), BenchMachine.cpuModel(), System.getProperty("java.vm.version"),
                    BenchMachine.loadAverage());
            double historyRate = load();
            double updateRate = plainUpdates();
            line("");
            line("| ingest path | rate |");
            line("|---|---:|");
            line("| history: Create/Update Temporal Entity, 1,440 instances per request, %d in flight | %,.0f instances/s |",
                    concurrency, historyRate);
            line("| plain entity update: batch upsert of %d entities, one reading each, options=update, %d in flight | %,.0f readings/s |",
                    sensors, concurrency, updateRate);
            line("");
            line("History path ÷ plain update path: %.2f", historyRate / updateRate);
            line("");
            line("| query (checked against the readings sent) | answer | p50 | p95 | max |");
            line("|---|---|---:|---:|---:|");
            Instant end = ORIGIN.plus(Duration.ofDays(days));
            String range = "&timerel=between&timeAt=" + ORIGIN + "&endTimeAt=" + end;
            measure("hourly avg/min/max of one sensor over " + days + " days",
                    "/temporal/entities/" + sensorId(0) + "?attrs=NO2&options=aggregatedValues&aggrMethods=avg,min,max&aggrPeriodDuration=PT1H" + range,
                    this::checkHourly, days * 24 + " periods");
            measure("daily avg of all " + sensors + " sensors over " + days + " days",
                    "/temporal/entities?type=AirQualityObserved&attrs=NO2&options=aggregatedValues&aggrMethods=avg&aggrPeriodDuration=P1D"
                            + "&limit=" + Math.min(sensors, 1000) + range,
                    this::checkDaily, sensors + " × " + days + " periods");
            line("");
            line("load average at end: %s", BenchMachine.loadAverage());
        }
        BenchMachine.delete(dataDir);
        System.out.println(report);
        Files.writeString(Path.of("target", "temporal-bench.txt"), report.toString());
    }

    /** Loads every sensor-day, day by day as a city's history grows; the instances per second. */
    private double load() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicLong instances = new AtomicLong();
        long start = System.nanoTime();
        try {
            List<Future<?>> requests = new ArrayList<>();
            for (int day = 0; day < days; day++) {
                for (int sensor = 0; sensor < sensors; sensor++) {
                    int d = day;
                    int s = sensor;
                    requests.add(pool.submit(() -> {
                        HttpResponse<String> response = post("/temporal/entities", sensorDay(s, d));
                        assertThat(response.statusCode()).as(response.body()).isIn(201, 204);
                        instances.addAndGet(MINUTES);
                        return null;
                    }));
                }
            }
            for (Future<?> request : requests) {
                request.get();
            }
        } finally {
            pool.shutdown();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        line("Loaded %,d instances (%d sensors × %d days × 1,440) in %.1f s", instances.get(), sensors, days, elapsed);
        return instances.get() / elapsed;
    }

    private String sensorDay(int sensor, int day) {
        StringBuilder body = new StringBuilder("{\"id\":\"").append(sensorId(sensor)).append("\",\"type\":\"AirQualityObserved\",\"NO2\":[");
        for (int m = 0; m < MINUTES; m++) {
            long minute = (long) day * MINUTES + m;
            body.append(m == 0 ? "" : ",").append("{\"type\":\"Property\",\"value\":").append(reading(sensor, minute))
                    .append(",\"observedAt\":\"").append(ORIGIN.plus(Duration.ofMinutes(minute))).append("\"}");
        }
        return body.append("]}").toString();
    }

    /** Batch upserts of every sensor with one reading after the loaded range, for {@code seconds}; readings per second. */
    private double plainUpdates() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicLong readings = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        try {
            List<Future<?>> lanes = new ArrayList<>();
            for (int lane = 0; lane < concurrency; lane++) {
                int l = lane;
                lanes.add(pool.submit(() -> {
                    for (long round = 0; System.nanoTime() < deadline; round++) {
                        Instant at = ORIGIN.plus(Duration.ofDays(days)).plus(Duration.ofSeconds(round * concurrency + l));
                        StringBuilder body = new StringBuilder("[");
                        for (int s = 0; s < sensors; s++) {
                            body.append(s == 0 ? "" : ",").append("{\"id\":\"").append(sensorId(s))
                                    .append("\",\"type\":\"AirQualityObserved\",\"NO2\":{\"type\":\"Property\",\"value\":")
                                    .append(reading(s, round)).append(",\"observedAt\":\"").append(at).append("\"}}");
                        }
                        HttpResponse<String> response = post("/entityOperations/upsert?options=update", body.append(']').toString());
                        assertThat(response.statusCode()).as(response.body()).isIn(201, 204);
                        readings.addAndGet(sensors);
                    }
                    return null;
                }));
            }
            for (Future<?> lane : lanes) {
                lane.get();
            }
        } finally {
            pool.shutdown();
        }
        return readings.get() / ((System.nanoTime() - start) / 1e9);
    }

    private interface Check {
        void check(JsonNode answer);
    }

    private void measure(String name, String path, Check check, String answer) throws Exception {
        long[] millis = new long[repeats];
        for (int i = -2; i < repeats; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            if (i < 0) {
                check.check(JSON.readTree(response.body())); // checked once; the measured requests are the same
            } else {
                millis[i] = elapsed;
            }
        }
        Arrays.sort(millis);
        line("| %s | %s | %,d ms | %,d ms | %,d ms |", name, answer, percentile(millis, 0.5), percentile(millis, 0.95), millis[repeats - 1]);
    }

    private void checkHourly(JsonNode answer) {
        JsonNode no2 = answer.path("NO2");
        assertThat(no2.path("avg")).hasSize(days * 24);
        for (int hour = 0; hour < days * 24; hour++) {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int m = 0; m < 60; m++) {
                double v = reading(0, hour * 60L + m);
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertRelative(no2.path("avg").get(hour).get(0).asDouble(), sum / 60);
            assertThat(no2.path("min").get(hour).get(0).asDouble()).isEqualTo(min);
            assertThat(no2.path("max").get(hour).get(0).asDouble()).isEqualTo(max);
            assertThat(no2.path("avg").get(hour).get(1).asString()).isEqualTo(ORIGIN.plus(Duration.ofHours(hour)).toString());
        }
    }

    private void checkDaily(JsonNode answer) {
        assertThat(answer).hasSize(sensors);
        for (JsonNode entity : answer) {
            int sensor = Integer.parseInt(entity.path("id").asString().substring(entity.path("id").asString().lastIndexOf('-') + 1));
            JsonNode avg = entity.path("NO2").path("avg");
            assertThat(avg).hasSize(days);
            for (int day = 0; day < days; day++) {
                double sum = 0;
                for (int m = 0; m < MINUTES; m++) {
                    sum += reading(sensor, (long) day * MINUTES + m);
                }
                assertRelative(avg.get(day).get(0).asDouble(), sum / MINUTES);
            }
        }
    }

    private static void assertRelative(double actual, double expected) {
        assertThat(Math.abs(actual - expected) / Math.abs(expected)).as("%s vs reference %s", actual, expected).isLessThanOrEqualTo(1e-9);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
