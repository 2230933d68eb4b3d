package city.tsunagu.broker.bench;

import city.tsunagu.broker.BrokerApplication;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The query benchmark of docs/benchmarks.md: a broker with the embedded store in a fresh data
 * directory, loaded through the API with entities of four types spread over Kanazawa, then each
 * workload for a fixed time at a fixed concurrency, reporting throughput and latency percentiles.
 * {@code availableBikeNumber} is declared an indexed attribute ({@code tsunagu.query.indexed-attributes}).
 * Only 127.0.0.1 is contacted. One command (from the repository root):
 * <pre>
 * mvn -q -B -pl broker test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=city.tsunagu.broker.bench.QueryBench [-Dbench.entities=100000] \
 *     [-Dbench.seconds=20] [-Dbench.concurrency=16]
 * </pre>
 */
public final class QueryBench {
    private static final String[] TYPES = {"Vehicle", "BikeHireDockingStation", "AirQualityObserved", "OffStreetParking"};
    /** The box the entities are spread over: central Kanazawa, about 9 km by 9 km. */
    private static final double MIN_LON = 136.60;
    private static final double MAX_LON = 136.70;
    private static final double MIN_LAT = 36.53;
    private static final double MAX_LAT = 36.61;
    private static final int BATCH = 500;
    /** Kanazawa Station (36.5781 N, 136.6480 E), the centre of the near query. */
    private static final String KANAZAWA_STATION = "%5B136.6480%2C36.5781%5D";
    /** The attribute the q workload filters on, declared indexed as an operator would. */
    private static final String QUERIED_ATTRIBUTE = "availableBikeNumber";

    private QueryBench() {
    }

    public static void main(String[] args) throws Exception {
        int entities = Integer.getInteger("bench.entities", 100_000);
        Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
        Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmup", 5));
        int concurrency = Integer.getInteger("bench.concurrency", 16);
        Path dataDir = Files.createTempDirectory("tsunagu-query-bench");
        // arguments, not builder properties: those are defaults, which application.yml overrides
        try (ConfigurableApplicationContext broker = new SpringApplicationBuilder(BrokerApplication.class)
                .run("--server.port=0", "--server.address=127.0.0.1", "--tsunagu.data-dir=" + dataDir,
                        "--tsunagu.mongodb-uri=", "--tsunagu.query.indexed-attributes=" + QUERIED_ATTRIBUTE,
                        "--logging.level.root=warn")) {
            int port = broker.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            HttpClient client = HttpClient.create(ConnectionProvider.create("bench", concurrency))
                    .baseUrl("http://127.0.0.1:" + port + "/ngsi-ld/v1");

            long loadStart = System.nanoTime();
            load(client, entities);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            System.out.printf(Locale.ROOT, "Loaded %d entities in %.1f s (%.0f entities/s, batch upserts of %d)%n",
                    entities, loadSeconds, entities / loadSeconds, BATCH);

            int perType = entities / TYPES.length;
            List<Workload> workloads = List.of(
                    new Workload("GET entity by id", r -> "/entities/" + id(TYPES[r.nextInt(TYPES.length)], r.nextInt(perType))),
                    new Workload("type + q (" + QUERIED_ATTRIBUTE + ">=18, indexed), page of 20",
                            r -> "/entities?type=BikeHireDockingStation&q=" + QUERIED_ATTRIBUTE + "%3E%3D18&offset=" + r.nextInt(100)),
                    new Workload("near 500 m of Kanazawa Station (docking stations)",
                            r -> "/entities?type=BikeHireDockingStation&georel=near%3BmaxDistance%3D%3D500&geometry=Point"
                                    + "&coordinates=" + KANAZAWA_STATION),
                    new Workload("page of 100 with count=true",
                            r -> "/entities?type=Vehicle&limit=100&count=true&offset=" + 100 * r.nextInt(perType / 100)));

            System.out.printf("%n| workload | requests | throughput (req/s) | p50 (ms) | p95 (ms) | p99 (ms) | errors |%n");
            System.out.printf("|---|---:|---:|---:|---:|---:|---:|%n");
            for (Workload workload : workloads) {
                run(client, workload, warmUp, concurrency, new SplittableRandom(7));
                Result result = run(client, workload, measure, concurrency, new SplittableRandom(42));
                System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f | %.1f | %d |%n", workload.name(),
                        result.requests(), result.requests() / (measure.toMillis() / 1000.0),
                        result.percentile(50), result.percentile(95), result.percentile(99), result.errors());
            }
            System.out.printf("%nentities=%d, concurrency=%d, %d s per workload after %d s warm-up%n",
                    entities, concurrency, measure.toSeconds(), warmUp.toSeconds());
        }
    }

    private record Workload(String name, Function<SplittableRandom, String> uri) {
    }

    private record Result(long[] latenciesNanos, long errors) {
        long requests() {
            return latenciesNanos.length;
        }

        double percentile(int p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p / 100.0 * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, index)] / 1e6;
        }
    }

    /** Keeps {@code concurrency} requests in flight until {@code duration} is over. */
    private static Result run(HttpClient client, Workload workload, Duration duration, int concurrency, SplittableRandom random) {
        long deadline = System.nanoTime() + duration.toNanos();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        Flux.range(0, Integer.MAX_VALUE)
                .takeWhile(i -> System.nanoTime() < deadline)
                .flatMap(i -> {
                    String uri;
                    synchronized (random) {
                        uri = workload.uri().apply(random);
                    }
                    long start = System.nanoTime();
                    return client.get().uri(uri).responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                            .doOnNext(status -> {
                                if (status == 200) {
                                    latencies.add(System.nanoTime() - start);
                                } else {
                                    errors.incrementAndGet();
                                }
                            })
                            .onErrorResume(e -> {
                                errors.incrementAndGet();
                                return Mono.empty();
                            });
                }, concurrency)
                .blockLast();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Result(sorted, errors.get());
    }

    private static void load(HttpClient client, int entities) {
        SplittableRandom random = new SplittableRandom(2026);
        int perType = entities / TYPES.length;
        List<String> batches = new ArrayList<>();
        for (String type : TYPES) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < perType; i++) {
                batch.append(batch.isEmpty() ? "[" : ",").append(entity(type, i, random));
                if ((i + 1) % BATCH == 0 || i == perType - 1) {
                    batches.add(batch.append(']').toString());
                    batch.setLength(0);
                }
            }
        }
        Flux.fromIterable(batches)
                .flatMap(body -> client.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                .set(HttpHeaderNames.CONTENT_LENGTH, body.getBytes(StandardCharsets.UTF_8).length))
                        .post().uri("/entityOperations/upsert")
                        .send(ByteBufFlux.fromString(Mono.just(body)))
                        .responseSingle((response, content) -> content.asString().defaultIfEmpty("").map(text -> {
                            if (response.status().code() >= 300) {
                                throw new IllegalStateException("upsert answered " + response.status() + ": " + text);
                            }
                            return text;
                        })), 2)
                .blockLast();
    }

    private static String entity(String type, int i, SplittableRandom r) {
        String location = ",\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":["
                + lon(r) + "," + lat(r) + "]}}";
        String attributes = switch (type) {
            case "Vehicle" -> "\"speed\":{\"type\":\"Property\",\"value\":" + r.nextInt(60) + ",\"unitCode\":\"KMH\"},"
                    + "\"vehicleType\":{\"type\":\"Property\",\"value\":\"bus\"}";
            case "BikeHireDockingStation" -> "\"availableBikeNumber\":{\"type\":\"Property\",\"value\":" + r.nextInt(21) + "},"
                    + "\"freeSlotNumber\":{\"type\":\"Property\",\"value\":" + r.nextInt(21) + "}";
            case "AirQualityObserved" -> "\"NO2\":{\"type\":\"Property\",\"value\":" + r.nextInt(80) + ",\"unitCode\":\"GQ\"},"
                    + "\"temperature\":{\"type\":\"Property\",\"value\":" + (r.nextInt(350) / 10.0) + "}";
            default -> "\"availableSpotNumber\":{\"type\":\"Property\",\"value\":" + r.nextInt(200) + "}";
        };
        return "{\"id\":\"" + id(type, i) + "\",\"type\":\"" + type + "\"," + attributes + location + "}";
    }

    private static String id(String type, int i) {
        return "urn:ngsi-ld:" + type + ":kanazawa-" + i;
    }

    private static String lon(SplittableRandom r) {
        return String.format(Locale.ROOT, "%.6f", MIN_LON + r.nextDouble() * (MAX_LON - MIN_LON));
    }

    private static String lat(SplittableRandom r) {
        return String.format(Locale.ROOT, "%.6f", MIN_LAT + r.nextDouble() * (MAX_LAT - MIN_LAT));
    }
}
