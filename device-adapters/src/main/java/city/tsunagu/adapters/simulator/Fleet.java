package city.tsunagu.adapters.simulator;

import city.tsunagu.adapters.simulator.Kanazawa.AirStation;
import city.tsunagu.adapters.simulator.Kanazawa.Dock;
import city.tsunagu.adapters.simulator.Kanazawa.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The devices of the simulated city at a scale: 1 is 12 buses, 10 docks and 4 air-quality stations. */
final class Fleet {
    private static final int BUSES_PER_ROUTE = 4;

    private Fleet() {
    }

    static List<SimulatedDevice> kanazawa(int scale, double hour, Random random) {
        if (scale < 1) {
            throw new IllegalArgumentException("the simulator's scale must be at least 1, not " + scale);
        }
        List<SimulatedDevice> devices = new ArrayList<>();
        for (Route route : Kanazawa.ROUTES) {
            int buses = BUSES_PER_ROUTE * scale;
            for (int i = 0; i < buses; i++) {
                devices.add(new Bus(String.format("bus-%s-%02d", route.name(), i + 1), route, (double) i / buses));
            }
        }
        int number = 0;
        for (int copy = 0; copy < scale; copy++) {
            for (Dock dock : Kanazawa.DOCKS) {
                Dock placed = copy == 0 ? dock
                        : new Dock(dock.name() + " " + (copy + 1), near(dock.place(), random), dock.slots(), dock.kind());
                devices.add(new BikeDock(String.format("machinori-%03d", ++number), placed, hour));
            }
        }
        number = 0;
        for (int copy = 0; copy < scale; copy++) {
            for (AirStation station : Kanazawa.AIR_STATIONS) {
                AirStation placed = copy == 0 ? station
                        : new AirStation(station.name() + " " + (copy + 1), near(station.place(), random), station.trafficShare());
                devices.add(new AirQualityStation(String.format("air-%03d", ++number), placed, hour));
            }
        }
        return devices;
    }

    /** A place within about 500 m, for the copies of a larger scale. */
    private static Place near(Place place, Random random) {
        return new Place(place.name(), place.lon() + (random.nextDouble() - 0.5) * 0.012,
                place.lat() + (random.nextDouble() - 0.5) * 0.009);
    }
}
