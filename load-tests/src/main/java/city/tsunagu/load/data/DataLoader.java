package city.tsunagu.load.data;

import city.tsunagu.load.config.LoadConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads the city of the configured scale into the hub through the API (Batch Upsert, batches of
 * 100, four in flight), after waiting for the hub to be up. Batches of 100 (about 70 kB) stay
 * below the 256 kB request limit that the hub applies today (see docs/benchmarks.md). Upserting makes a second load of the
 * same data a no-op in content, so it can run against a hub that has it already.
 */
public final class DataLoader {
    static final int BATCH = 100;
    static final int IN_FLIGHT = 4;

    private DataLoader() {
    }

    public static void main(String[] args) throws Exception {
        LoadConfig config = LoadConfig.fromSystemProperties();
        HubClient hub = new HubClient(config);
        hub.awaitHealthy(Duration.ofSeconds(180));
        KanazawaCity city = new KanazawaCity(config.scale().entities());
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < city.size(); from += BATCH) {
                int count = Math.min(BATCH, city.size() - from);
                int first = from;
                batches.add(pool.submit(() -> {
                    hub.upsert(city.batch(first, count, 0));
                    return null;
                }));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Loaded %,d entities into %s in %.1f s (%,.0f entities/s)%n",
                city.size(), config.hub(), seconds, city.size() / seconds);
        // the history the temporal aggregation workload queries
        int sensors = Math.min(KanazawaCity.SENSORS_WITH_HISTORY, city.count("AirQualityObserved"));
        for (int n = 0; n < sensors; n++) {
            hub.addHistory(city.history(n));
        }
        System.out.printf("Loaded a day of NO2 readings, one a minute, for %d sensors%n", sensors);
    }
}
