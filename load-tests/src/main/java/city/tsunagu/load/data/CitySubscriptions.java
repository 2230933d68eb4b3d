package city.tsunagu.load.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The subscriptions of the fan-out benchmark, as a city's clients would hold them on the buses
 * of a {@link KanazawaCity}, all watching {@code speed}:
 * <ul>
 *   <li><b>following a bus</b> (all but one in twenty): {@value #APPS} MaaS and tourism apps, each
 *       with one notification endpoint of its own, follow buses that their users ride — one
 *       subscription per app and bus ({@code entities: [{id, type: Vehicle}]}), two apps per bus,
 *       so the first half as many buses as there are such subscriptions are followed;</li>
 *   <li><b>congestion in a district</b> (one in twenty, at least one): the operators' dashboards
 *       ({@value #OPERATORS} endpoints) watch every bus of the type slower than
 *       {@value #CONGESTION_SPEED} km/h within one district ({@code q=speed<5}, {@code geoQ}
 *       within a rectangle); the districts tile the city, so every bus is in exactly one.</li>
 * </ul>
 * Notifications carry {@code speed} and {@code location}, normalized. Which subscriptions an update
 * of a bus's speed triggers follows from the bus and the new speed alone
 * ({@link #notifications(int, double)}), which lets the benchmark expect an exact count.
 */
public final class CitySubscriptions {
    public static final int APPS = 10;
    public static final int OPERATORS = 5;
    public static final double CONGESTION_SPEED = 5;
    static final int FOLLOWERS_PER_BUS = 2;
    /** District edges fall between the generator's 6-decimal coordinates, so no bus sits on one. */
    private static final double BETWEEN_COORDINATES = 5e-7;
    /** The outer districts reach this far beyond the city's box. */
    private static final double MARGIN = 0.01;

    private final KanazawaCity city;
    private final String idPrefix;
    private final int follows;
    private final int districts;
    private final int rows;
    private final int columns;
    private final double[] longitudeEdges;
    private final double[] latitudeEdges;

    /**
     * @param count  subscriptions in all
     * @param runId  makes the ids of this run's subscriptions its own
     */
    public CitySubscriptions(KanazawaCity city, int count, String runId) {
        if (count < 2) {
            throw new IllegalArgumentException("the fan-out benchmark needs at least 2 subscriptions, not " + count);
        }
        this.city = city;
        this.idPrefix = "urn:ngsi-ld:Subscription:bench-" + runId + "-";
        this.districts = Math.max(1, count / 20);
        this.follows = count - districts;
        int buses = (follows + FOLLOWERS_PER_BUS - 1) / FOLLOWERS_PER_BUS;
        if (buses > city.count("Vehicle")) {
            throw new IllegalArgumentException(count + " subscriptions follow " + buses + " buses, more than the city's "
                    + city.count("Vehicle") + ": use fewer subscriptions or a larger scale");
        }
        this.rows = largestDivisorUpToRoot(districts);
        this.columns = districts / rows;
        this.longitudeEdges = edges(KanazawaCity.STATION_LONGITUDE, KanazawaCity.HALF_LONGITUDE, columns);
        this.latitudeEdges = edges(KanazawaCity.STATION_LATITUDE, KanazawaCity.HALF_LATITUDE, rows);
    }

    public int size() {
        return follows + districts;
    }

    public int follows() {
        return follows;
    }

    public int districts() {
        return districts;
    }

    /** Distinct notification endpoints (paths of the receiver). */
    public int endpoints() {
        return Math.min(APPS, follows) + Math.min(OPERATORS, districts);
    }

    public String idPrefix() {
        return idPrefix;
    }

    public String id(int s) {
        return idPrefix + String.format("%05d", s);
    }

    /** The path of subscription {@code s}'s endpoint on the receiver: its app's or its operator's. */
    public String path(int s) {
        return s < follows ? "/apps/" + (s % APPS) : "/operators/" + ((s - follows) % OPERATORS);
    }

    /** The bus that subscription {@code s} follows, or empty for a district subscription. */
    public Optional<String> followedEntity(int s) {
        return s < follows ? Optional.of(city.id(city.indexOf("Vehicle", s / FOLLOWERS_PER_BUS))) : Optional.empty();
    }

    /** Subscription {@code s} as created, notifying {@code receiver} (a base URL) at its path. */
    public Map<String, Object> subscription(int s, String receiver) {
        Map<String, Object> subscription = new LinkedHashMap<>();
        subscription.put("id", id(s));
        subscription.put("type", "Subscription");
        if (s < follows) {
            subscription.put("entities", List.of(Map.of("id", followedEntity(s).orElseThrow(), "type", "Vehicle")));
        } else {
            subscription.put("entities", List.of(Map.of("type", "Vehicle")));
            subscription.put("q", "speed<" + (int) CONGESTION_SPEED);
            subscription.put("geoQ", Map.of("geometry", "Polygon", "coordinates", district(s - follows), "georel", "within"));
        }
        subscription.put("watchedAttributes", List.of("speed"));
        subscription.put("notification", notification(s, receiver));
        return subscription;
    }

    /** The Update Subscription fragment that sends subscription {@code s}'s notifications to {@code receiver} instead. */
    public Map<String, Object> redirect(int s, String receiver) {
        return Map.of("notification", notification(s, receiver));
    }

    private Map<String, Object> notification(int s, String receiver) {
        return Map.of("attributes", List.of("speed", "location"), "format", "normalized",
                "endpoint", Map.of("uri", receiver + path(s), "accept", "application/json"));
    }

    /** How many notifications an update of the {@code n}-th bus to {@code speed} triggers. */
    public int notifications(int n, double speed) {
        int followers = Math.max(0, Math.min(FOLLOWERS_PER_BUS, follows - n * FOLLOWERS_PER_BUS));
        // every bus is in exactly one district
        return followers + (speed < CONGESTION_SPEED ? 1 : 0);
    }

    /** The district (column, row) holding the {@code n}-th bus: its index among the district subscriptions. */
    int districtOf(int n) {
        double[] position = city.position(city.indexOf("Vehicle", n));
        return row(position[1]) * columns + column(position[0]);
    }

    /** The rectangle of district {@code d} as a GeoJSON Polygon's coordinates. */
    List<List<List<Double>>> district(int d) {
        int column = d % columns;
        int row = d / columns;
        double west = longitudeEdges[column];
        double east = longitudeEdges[column + 1];
        double south = latitudeEdges[row];
        double north = latitudeEdges[row + 1];
        return List.of(List.of(List.of(west, south), List.of(east, south), List.of(east, north), List.of(west, north),
                List.of(west, south)));
    }

    private int column(double longitude) {
        return cell(longitudeEdges, longitude);
    }

    private int row(double latitude) {
        return cell(latitudeEdges, latitude);
    }

    private static int cell(double[] edges, double value) {
        int cell = 0;
        while (cell + 2 < edges.length && value > edges[cell + 1]) {
            cell++;
        }
        return cell;
    }

    /** cells + 1 edges over [centre − half, centre + half], the outer ones moved out by MARGIN. */
    private static double[] edges(double centre, double half, int cells) {
        double[] edges = new double[cells + 1];
        double width = 2 * half / cells;
        for (int k = 0; k <= cells; k++) {
            edges[k] = Math.round((centre - half + k * width) * 1e6) / 1e6 + BETWEEN_COORDINATES;
        }
        edges[0] = centre - half - MARGIN;
        edges[cells] = centre + half + MARGIN;
        return edges;
    }

    private static int largestDivisorUpToRoot(int n) {
        int best = 1;
        for (int d = 1; (long) d * d <= n; d++) {
            if (n % d == 0) {
                best = d;
            }
        }
        return best;
    }
}
