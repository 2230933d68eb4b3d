package city.tsunagu.adapters.simulator;

import city.tsunagu.adapters.simulator.Kanazawa.Dock;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bike-share dock: bikes are taken and returned one at a time, drifting towards the fill its
 * kind of place has at this hour; it reports bikes and free slots in IoT Agent JSON.
 */
final class BikeDock implements SimulatedDevice {
    static final String APIKEY = "kanazawa-bikes";

    private final String deviceId;
    private final Dock dock;
    private int bikes;

    BikeDock(String deviceId, Dock dock, double hour) {
        this.deviceId = deviceId;
        this.dock = dock;
        this.bikes = (int) Math.round(dock.slots() * DailyPattern.dockFill(dock.kind(), hour));
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
        // about one rental or return every 20 s at a busy dock
        int events = (int) Math.floor(seconds / 20 + random.nextDouble());
        int target = (int) Math.round(dock.slots() * DailyPattern.dockFill(dock.kind(), hour));
        for (int i = 0; i < events; i++) {
            int towards = Integer.compare(target, bikes);
            int step = random.nextDouble() < 0.7 && towards != 0 ? towards : (random.nextBoolean() ? 1 : -1);
            bikes = Math.max(0, Math.min(dock.slots(), bikes + step));
        }
    }

    int bikes() {
        return bikes;
    }

    @Override
    public byte[] reading() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("bikes", bikes);
        json.put("free", dock.slots() - bikes);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ObjectNode provisioning() {
        ObjectNode device = JsonNodeFactory.instance.objectNode();
        device.put("device_id", deviceId);
        device.put("entity_type", "BikeHireDockingStation");
        device.put("apikey", APIKEY);
        device.put("transport", "MQTT");
        var statics = device.putArray("static_attributes");
        statics.addObject().put("name", "stationName").put("type", "Text").put("value", dock.name());
        statics.addObject().put("name", "totalSlotNumber").put("type", "Integer").put("value", dock.slots());
        statics.addObject().put("name", "status").put("type", "Text").put("value", "working");
        statics.add(FleetProvisioning.location(dock.place()));
        return device;
    }
}
