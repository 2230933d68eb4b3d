package city.tsunagu.load.store;

import city.tsunagu.load.config.LoadConfig;
import city.tsunagu.load.data.KanazawaCity;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The store ceiling: the store operations behind each workload, issued by this program directly
 * through the MongoDB driver against the hub's own store and data, with as many threads as the
 * simulations have users and for as long. A workload's throughput divided by its operation's
 * rate here is the share of the store's capacity that reaches HTTP clients through the broker.
 *
 * <p>Writes touch only documents of the loaded data set and write them back as read, with a new
 * {@code modifiedAt}, so the simulations that follow see the same data. Writes {@code
 * store-ceiling.json} in {@code load.workDir}; with no store known (another hub named by
 * {@code load.url} and no {@code load.storeUri}) it measures nothing and says so.
 */
public final class StoreCeiling {
    static final int PAGE = 20;
    static final int BULK = 100;

    private final LoadConfig config;
    private final KanazawaCity city;
    private final MongoCollection<Document> entities;
    private final Bson stationQuery;
    private final int stationMatches;

    StoreCeiling(LoadConfig config, MongoCollection<Document> entities) {
        this.config = config;
        this.city = new KanazawaCity(config.scale().entities());
        this.entities = entities;
        this.stationQuery = stationQuery(entities, city);
        this.stationMatches = city.stationsWithAvailableBikes();
    }

    public static void main(String[] args) throws Exception {
        LoadConfig config = LoadConfig.fromSystemProperties();
        Path result = Path.of(System.getProperty("load.workDir", "target/load")).resolve("store-ceiling.json");
        Files.createDirectories(result.getParent());
        Files.deleteIfExists(result);
        if (config.storeUri().isEmpty()) {
            System.out.println("Store ceiling not measured: no store URI (load.storeUri) for the hub at " + config.hub());
            return;
        }
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(config.storeUri().get()))
                .applyToConnectionPoolSettings(pool -> pool.maxSize(Math.max(100, config.users())))
                .applicationName("tsunagu-store-ceiling")
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            MongoCollection<Document> entities = client.getDatabase(databaseName(client, config)).getCollection("entities");
            Map<StoreOperation, StoreResults.Result> results = new StoreCeiling(config, entities).measureAll();
            StoreResults.write(result, config.users(), config.duration(), results);
            results.forEach((op, r) -> System.out.printf("store ceiling, %s: %,.0f ops/s (%d errors)%n",
                    op.description(), r.opsPerSecond(), r.errors()));
        }
    }

    /** The tenant's database, as the broker registers it (default tenant: "tsunagu"). */
    private static String databaseName(MongoClient client, LoadConfig config) {
        if (config.tenant().isEmpty()) {
            return "tsunagu";
        }
        Document entry = client.getDatabase("tsunagu").getCollection("tenants").find(Filters.eq("_id", config.tenant().get())).first();
        if (entry == null) {
            throw new IllegalStateException("tenant " + config.tenant().get() + " is not registered in the store");
        }
        return entry.getString("database");
    }

    /** The type + q workload's filter, with the type IRI and attribute key as the broker stored them. */
    private static Bson stationQuery(MongoCollection<Document> entities, KanazawaCity city) {
        String stationId = city.id(city.indexOf("BikeHireDockingStation", 0));
        Document station = entities.find(Filters.eq("_id", stationId)).first();
        if (station == null) {
            throw new IllegalStateException(stationId + " is not in the store: was the data loaded into this store?");
        }
        String type = station.getList("type", String.class).get(0);
        String bikes = station.get("attrs", Document.class).keySet().stream()
                .filter(key -> key.endsWith("availableBikeNumber"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(stationId + " has no availableBikeNumber"));
        return Filters.and(Filters.eq("type", type), Filters.gte("attrs." + bikes + ".value", KanazawaCity.MIN_AVAILABLE_BIKES));
    }

    Map<StoreOperation, StoreResults.Result> measureAll() throws InterruptedException {
        Map<StoreOperation, StoreResults.Result> results = new EnumMap<>(StoreOperation.class);
        for (StoreOperation op : StoreOperation.values()) {
            StoreResults.Result result = measure(op);
            if (result.operations() == 0) {
                throw new IllegalStateException("store ceiling: no " + op.description() + " succeeded in " + config.duration()
                        + " (" + result.errors() + " errors)");
            }
            results.put(op, result);
        }
        return results;
    }

    private StoreResults.Result measure(StoreOperation op) throws InterruptedException {
        AtomicBoolean counting = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < config.users(); t++) {
            List<Document> block = entities.find(Filters.in("_id", ids(t * BULK))).into(new ArrayList<>());
            Thread thread = new Thread(() -> {
                int next = 0;
                while (running.get()) {
                    boolean ok;
                    try {
                        ok = run(op, block, next++);
                    } catch (RuntimeException e) {
                        ok = false;
                    }
                    if (counting.get()) {
                        (ok ? done : errors).incrementAndGet();
                    }
                }
            }, "store-ceiling-" + t);
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(config.warmup().toMillis());
        counting.set(true);
        Thread.sleep(config.duration().toMillis());
        counting.set(false);
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        return new StoreResults.Result(done.get() / (config.duration().toMillis() / 1000.0), done.get(), errors.get());
    }

    private boolean run(StoreOperation op, List<Document> block, int n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return switch (op) {
            case FIND_BY_ID -> entities.find(Filters.eq("_id", city.id(random.nextInt(city.size())))).first() != null;
            case FIND_PAGE -> !entities.find(stationQuery).sort(Sorts.ascending("_id"))
                    .skip(random.nextInt(stationMatches / 2 + 1)).limit(PAGE).into(new ArrayList<>()).isEmpty();
            case BULK_UPSERT_100 -> {
                List<ReplaceOneModel<Document>> writes = new ArrayList<>(block.size());
                for (Document doc : block) {
                    writes.add(new ReplaceOneModel<>(Filters.eq("_id", doc.get("_id")), touched(doc), new ReplaceOptions().upsert(true)));
                }
                yield entities.bulkWrite(writes, new BulkWriteOptions().ordered(false)).getMatchedCount() == block.size();
            }
            case REPLACE_ONE -> {
                Document doc = block.get(n % block.size());
                yield entities.replaceOne(Filters.eq("_id", doc.get("_id")), touched(doc)).getMatchedCount() == 1;
            }
        };
    }

    /** Thread {@code t}'s own run of entities, so that threads do not write the same documents. */
    private List<String> ids(int from) {
        List<String> ids = new ArrayList<>(BULK);
        for (int i = 0; i < BULK; i++) {
            ids.add(city.id(Math.floorMod(from + i, city.size())));
        }
        return ids;
    }

    private static Document touched(Document doc) {
        Document copy = new Document(doc);
        copy.put("modifiedAt", new Date());
        return copy;
    }

}
