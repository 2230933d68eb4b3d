package city.tsunagu.adapters.simulator;

import city.tsunagu.adapters.simulator.Kanazawa.Route;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A loop bus: drives from stop to stop at a speed the traffic allows, dwells at each stop while
 * passengers get on and off (as many as the hour brings), and reports position, speed, heading
 * and passengers in IoT Agent JSON.
 */
final class Bus implements SimulatedDevice {
    static final String APIKEY = "kanazawa-bus";
    private static final double CRUISE_KMH = 28;
    private static final int CAPACITY = 60;

    private final String deviceId;
    private final List<Place> stops;
    private int segment;
    private double along;
    private double dwellSeconds;
    private double speedKmh;
    private int passengers;

    /** A bus on {@code route}, starting {@code fraction} (0–1) of the way round the loop. */
    Bus(String deviceId, Route route, double fraction) {
        this.deviceId = deviceId;
        this.stops = route.stops();
        double total = 0;
        for (int i = 0; i < stops.size(); i++) {
            total += segmentLength(i);
        }
        double start = fraction * total;
        while (start >= segmentLength(segment)) {
            start -= segmentLength(segment);
            segment = (segment + 1) % stops.size();
        }
        along = start;
    }

    @Override
    public String deviceId() {
        return deviceId;
    }

    @Override
    public String topic() {
        return "/json/" + APIKEY + "/" + deviceId + "/attrs";
    }

    @Override
    public void advance(double hour, double seconds, Random random) {
        if (dwellSeconds > 0) {
            dwellSeconds -= seconds;
            speedKmh = 0;
            if (dwellSeconds <= 0) {
                double wanted = CAPACITY * DailyPattern.busDemand(hour) * (0.6 + 0.8 * random.nextDouble());
                passengers = (int) Math.round(DailyPattern.clamp(wanted, 0, CAPACITY));
            }
            return;
        }
        speedKmh = CRUISE_KMH * DailyPattern.busSpeedFactor(hour) * (0.8 + 0.4 * random.nextDouble());
        along += speedKmh / 3.6 * seconds;
        if (along >= segmentLength(segment)) {
            // at the next stop: stay there a while
            segment = (segment + 1) % stops.size();
            along = 0;
            dwellSeconds = 15 + 25 * random.nextDouble();
        }
    }

    private double segmentLength(int index) {
        return stops.get(index).metresTo(stops.get((index + 1) % stops.size()));
    }

    Place position() {
        Place from = stops.get(segment);
        Place to = stops.get((segment + 1) % stops.size());
        return from.towards(to, Math.min(1, along / segmentLength(segment)));
    }

    double speedKmh() {
        return speedKmh;
    }

    int passengers() {
        return passengers;
    }

    @Override
    public byte[] reading() {
        Place position = position();
        Place next = stops.get((segment + 1) % stops.size());
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("lat", round(position.lat(), 6));
        json.put("lon", round(position.lon(), 6));
        json.put("spd", round(speedKmh, 1));
        json.put("hdg", Math.round(stops.get(segment).headingTo(next)));
        json.put("pax", passengers);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ObjectNode provisioning() {
        ObjectNode device = JsonNodeFactory.instance.objectNode();
        device.put("device_id", deviceId);
        device.put("entity_type", "Vehicle");
        device.put("apikey", APIKEY);
        device.put("transport", "MQTT");
        return device;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
