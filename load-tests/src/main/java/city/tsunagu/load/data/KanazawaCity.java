package city.tsunagu.load.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Kanazawa-like city of {@code size} entities with Smart Data Models-like attributes, in the
 * NGSI-LD normalized form with the core @context: Vehicles (buses), BikeHireDockingStations,
 * AirQualityObserved sensors and OffStreetParkings, one type after the other by index, placed in
 * a 9 km × 9 km box centred on Kanazawa Station.
 *
 * <p>Everything is a function of the index (and of a round for readings that change), so every
 * process of a run — the loader, each simulation, the store ceiling — agrees on the ids without
 * sharing state.
 */
public final class KanazawaCity {
    public static final double STATION_LONGITUDE = 136.6480;
    public static final double STATION_LATITUDE = 36.5781;
    /** Half the box's side: 4.5 km in degrees of latitude, and of longitude at Kanazawa's latitude. */
    static final double HALF_LATITUDE = 4.5 / 111.32;
    static final double HALF_LONGITUDE = 4.5 / (111.32 * Math.cos(Math.toRadians(STATION_LATITUDE)));

    public static final List<String> TYPES = List.of("Vehicle", "BikeHireDockingStation", "AirQualityObserved", "OffStreetParking");
    /** The type + q workload: stations with at least this many bikes (a bit over a third of them). */
    public static final int MIN_AVAILABLE_BIKES = 18;
    static final int DOCK_SLOTS = 30;

    private final int size;

    public KanazawaCity(int size) {
        if (size < TYPES.size()) {
            throw new IllegalArgumentException("a city needs at least one entity of each type");
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    public String type(int index) {
        return TYPES.get(index % TYPES.size());
    }

    public String id(int index) {
        return "urn:ngsi-ld:" + type(index) + ":KNZ-" + String.format("%06d", index);
    }

    /** Number of entities of one type (every type has the same share, give or take one). */
    public int count(String type) {
        int t = TYPES.indexOf(type);
        return (size - t + TYPES.size() - 1) / TYPES.size();
    }

    /** The index of the {@code n}-th entity of {@code type}. */
    public int indexOf(String type, int n) {
        return n * TYPES.size() + TYPES.indexOf(type);
    }

    /** How many stations the type + q workload selects, so that its pages stay within the matches. */
    public int stationsWithAvailableBikes() {
        int matches = 0;
        for (int n = 0; n < count("BikeHireDockingStation"); n++) {
            if (availableBikes(indexOf("BikeHireDockingStation", n), 0) >= MIN_AVAILABLE_BIKES) {
                matches++;
            }
        }
        return matches;
    }

    /** Entity {@code index} as its readings are in {@code round} (round 0 is the loaded data). */
    public Map<String, Object> entity(int index, int round) {
        SplittableRandom random = new SplittableRandom(index * 1_000_003L + round);
        String observedAt = Instant.parse("2026-04-01T08:00:00Z").plusSeconds(round * 60L).toString();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id(index));
        e.put("type", type(index));
        switch (type(index)) {
            case "Vehicle" -> {
                e.put("vehicleType", property("bus"));
                e.put("name", property("Hokutetsu bus " + index));
                e.put("speed", measured(Math.round(random.nextDouble(0, 50) * 10) / 10.0, "KMH", observedAt));
                e.put("heading", measured((double) random.nextInt(360), "DD", observedAt));
                e.put("serviceStatus", property(random.nextInt(10) == 0 ? "parked" : "onRoute"));
                e.put("fleetVehicleId", property("KNZ-BUS-" + index));
                e.put("refVehicleModel", relationship("urn:ngsi-ld:VehicleModel:hokutetsu-lv290"));
            }
            case "BikeHireDockingStation" -> {
                int bikes = availableBikes(index, round);
                e.put("name", property("machi-nori " + index));
                e.put("availableBikeNumber", measured(bikes, null, observedAt));
                e.put("freeSlotNumber", measured(DOCK_SLOTS - bikes, null, observedAt));
                e.put("totalSlotNumber", property(DOCK_SLOTS));
                e.put("status", property("working"));
            }
            case "AirQualityObserved" -> {
                e.put("dateObserved", property(observedAt));
                e.put("temperature", measured(Math.round(random.nextDouble(-2, 34) * 10) / 10.0, "CEL", observedAt));
                e.put("relativeHumidity", measured(Math.round(random.nextDouble(0.3, 0.95) * 100) / 100.0, "P1", observedAt));
                e.put("no2", measured(Math.round(random.nextDouble(2, 60) * 10) / 10.0, "GQ", observedAt));
                e.put("pm10", measured(Math.round(random.nextDouble(3, 80) * 10) / 10.0, "GQ", observedAt));
                e.put("pm25", measured(Math.round(random.nextDouble(1, 40) * 10) / 10.0, "GQ", observedAt));
            }
            default -> {
                int total = 50 + 10 * (index % 30);
                e.put("name", property("Parking " + index));
                e.put("category", property(List.of("public", "feeCharged")));
                e.put("totalSpotNumber", property(total));
                e.put("availableSpotNumber", measured(random.nextInt(total + 1), null, observedAt));
            }
        }
        e.put("location", geoProperty(position(index)));
        return e;
    }

    /** Entities {@code from} to {@code from + count - 1}, wrapping around at the end of the city. */
    public List<Map<String, Object>> batch(int from, int count, int round) {
        List<Map<String, Object>> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(entity(Math.floorMod(from + i, size), round));
        }
        return batch;
    }

    /** [longitude, latitude], fixed per entity: stations and sensors do not move, and buses are read where they were loaded. */
    /** The air-quality sensors with a loaded history: the first ones of the city. */
    public static final int SENSORS_WITH_HISTORY = 20;
    /** The day of that history: one NO2 reading a minute. */
    public static final java.time.Instant HISTORY_DAY = java.time.Instant.parse("2026-11-01T00:00:00Z");

    /** The n-th sensor's day of NO2 readings, one a minute, as a temporal entity. */
    public Map<String, Object> history(int n) {
        int index = indexOf("AirQualityObserved", n);
        List<Map<String, Object>> readings = new java.util.ArrayList<>();
        for (int minute = 0; minute < 1440; minute++) {
            double value = Math.round((20 + 8 * Math.sin(2 * Math.PI * (minute - 360) / 1440.0) + n % 5) * 10) / 10.0;
            readings.add(Map.of("type", "Property", "value", value, "observedAt", HISTORY_DAY.plusSeconds(60L * minute).toString()));
        }
        return Map.of("id", id(index), "type", "AirQualityObserved", "no2", readings);
    }

    public double[] position(int index) {
        SplittableRandom random = new SplittableRandom(~index);
        return new double[] {
                round6(STATION_LONGITUDE + random.nextDouble(-HALF_LONGITUDE, HALF_LONGITUDE)),
                round6(STATION_LATITUDE + random.nextDouble(-HALF_LATITUDE, HALF_LATITUDE))};
    }

    private static int availableBikes(int index, int round) {
        return new SplittableRandom(index * 7_919L + round).nextInt(DOCK_SLOTS + 1);
    }

    private static double round6(double degrees) {
        return Math.round(degrees * 1e6) / 1e6;
    }

    private static Map<String, Object> property(Object value) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "Property");
        p.put("value", value);
        return p;
    }

    private static Map<String, Object> measured(Object value, String unitCode, String observedAt) {
        Map<String, Object> p = property(value);
        p.put("observedAt", observedAt);
        if (unitCode != null) {
            p.put("unitCode", unitCode);
        }
        return p;
    }

    private static Map<String, Object> relationship(String object) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "Relationship");
        r.put("object", object);
        return r;
    }

    private static Map<String, Object> geoProperty(double[] point) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("type", "GeoProperty");
        g.put("value", Map.of("type", "Point", "coordinates", List.of(point[0], point[1])));
        return g;
    }
}
