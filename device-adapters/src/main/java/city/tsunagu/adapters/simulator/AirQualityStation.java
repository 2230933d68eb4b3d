package city.tsunagu.adapters.simulator;

import city.tsunagu.adapters.simulator.Kanazawa.AirStation;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An air-quality station: NO2 and PM2.5 follow the road traffic near it, temperature and
 * humidity the time of day, each with slowly wandering noise; it reports in UltraLight 2.0.
 */
final class AirQualityStation implements SimulatedDevice {
    static final String APIKEY = "kanazawa-air";

    private final String deviceId;
    private final AirStation station;
    private double no2;
    private double pm25;
    private double temperature;
    private double humidity;
    private double drift;

    AirQualityStation(String deviceId, AirStation station, double hour) {
        this.deviceId = deviceId;
        this.station = station;
        measure(hour);
    }

    @Override
    public String deviceId() {
        return deviceId;
    }

    @Override
    public String topic() {
        return "/ul/" + APIKEY + "/" + deviceId + "/attrs";
    }

    @Override
    public void advance(double hour, double seconds, Random random) {
        // a slow random walk pulled back to zero, so readings wander but stay plausible
        drift = 0.9 * drift + 0.1 * random.nextGaussian();
        measure(hour);
    }

    private void measure(double hour) {
        no2 = Math.max(0, DailyPattern.no2(hour, station.trafficShare()) * (1 + 0.15 * drift));
        pm25 = Math.max(0, DailyPattern.pm25(hour, station.trafficShare()) * (1 + 0.1 * drift));
        temperature = DailyPattern.temperature(hour) + 0.5 * drift;
        humidity = DailyPattern.clamp(DailyPattern.relativeHumidity(hour) - 0.02 * drift, 0, 1);
    }

    double no2() {
        return no2;
    }

    @Override
    public byte[] reading() {
        return String.format(Locale.ROOT, "no2|%.1f|pm25|%.1f|t|%.1f|h|%.2f", no2, pm25, temperature, humidity)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ObjectNode provisioning() {
        ObjectNode device = JsonNodeFactory.instance.objectNode();
        device.put("device_id", deviceId);
        device.put("entity_type", "AirQualityObserved");
        device.put("apikey", APIKEY);
        device.put("transport", "MQTT");
        var statics = device.putArray("static_attributes");
        statics.addObject().put("name", "name").put("type", "Text").put("value", station.name());
        statics.add(FleetProvisioning.location(station.place()));
        return device;
    }
}
