package city.tsunagu.load.journeys;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;

import city.tsunagu.load.config.LoadConfig;
import city.tsunagu.load.data.KanazawaCity;
import city.tsunagu.load.endpoints.BatchEndpoints;
import city.tsunagu.load.endpoints.EntityEndpoints;
import city.tsunagu.load.endpoints.InfoEndpoint;
import city.tsunagu.load.endpoints.QueryEndpoints;
import city.tsunagu.load.endpoints.TemporalEndpoints;
import io.gatling.javaapi.core.ChainBuilder;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the city's clients do, one step of each journey per call: a MaaS app reading a bus, a
 * tourism app looking for docks with bikes or near the station, the gateways ingesting readings
 * in batches, a sensor correcting one value. Each step feeds its request from the data set of the
 * configured scale.
 */
public final class CityJourneys {
    static final int BATCH = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KanazawaCity city;
    private final AtomicInteger nextBatch = new AtomicInteger();

    public CityJourneys(LoadConfig config) {
        this.city = new KanazawaCity(config.scale().entities());
    }

    /** Any entity of the city, by id. */
    public ChainBuilder readEntity(String name) {
        return feed(feeder(() -> Map.of("entityId", city.id(random().nextInt(city.size())))))
                .exec(EntityEndpoints.retrieveEntity(name));
    }

    /** Docking stations with bikes to hire, a random page of 20 within the first half of the matches. */
    public ChainBuilder findStationsWithBikes(String name) {
        int matches = city.stationsWithAvailableBikes();
        return feed(feeder(() -> Map.of(
                "type", "BikeHireDockingStation",
                "q", "availableBikeNumber>=" + KanazawaCity.MIN_AVAILABLE_BIKES,
                "limit", 20,
                "offset", random().nextInt(matches / 2 + 1))))
                .exec(QueryEndpoints.queryEntities(name));
    }

    /** Docking stations within 500 m of Kanazawa Station. */
    public ChainBuilder findStationsNearStation(String name) {
        String station = "[" + KanazawaCity.STATION_LONGITUDE + "," + KanazawaCity.STATION_LATITUDE + "]";
        return feed(feeder(() -> Map.of("type", "BikeHireDockingStation", "maxDistance", 500, "coordinates", station)))
                .exec(QueryEndpoints.nearPoint(name));
    }

    /**
     * The next 100 entities of the city with new readings. Batches go round the city in order, so
     * concurrent batches hold different entities as long as the city has 100 per user.
     */
    public ChainBuilder ingestReadings(String name) {
        return feed(feeder(() -> {
            int n = nextBatch.getAndIncrement();
            int batchesPerRound = Math.max(1, city.size() / BATCH);
            int round = 1 + n / batchesPerRound;
            return Map.of("batch", JSON.writeValueAsString(city.batch((n % batchesPerRound) * BATCH, BATCH, round)));
        })).exec(BatchEndpoints.upsertUpdating(name));
    }

    /** A bus reports its speed. */
    public ChainBuilder updateSpeed(String name) {
        return feed(feeder(() -> Map.of(
                "entityId", city.id(city.indexOf("Vehicle", random().nextInt(city.count("Vehicle")))),
                "attribute", "speed",
                "value", Math.round(random().nextDouble(0, 50) * 10) / 10.0)))
                .exec(EntityEndpoints.updateAttribute(name));
    }

    /** An analyst's hourly NO2 of one sensor over the day of history the data set has. */
    public ChainBuilder readHourlyAggregates(String name) {
        return feed(feeder(() -> Map.of(
                "entityId", city.id(city.indexOf("AirQualityObserved",
                        random().nextInt(Math.min(KanazawaCity.SENSORS_WITH_HISTORY, city.count("AirQualityObserved"))))),
                "day", KanazawaCity.HISTORY_DAY.toString(),
                "nextDay", KanazawaCity.HISTORY_DAY.plus(java.time.Duration.ofDays(1)).toString())))
                .exec(TemporalEndpoints.hourlyAggregates(name));
    }

    /** The info endpoint: the HTTP ceiling. */
    public ChainBuilder readInfo(String name) {
        return exec(InfoEndpoint.info(name));
    }

    private static Iterator<Map<String, Object>> feeder(Supplier<Map<String, Object>> record) {
        return Stream.generate(record).iterator();
    }

    private static ThreadLocalRandom random() {
        return ThreadLocalRandom.current();
    }
}
