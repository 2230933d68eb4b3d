package city.tsunagu.adapters.simulator;

import city.tsunagu.adapters.simulator.Kanazawa.DockKind;

/**
 * The city's day, as functions of the local hour (0–24, fractional): commuter peaks around 8:00
 * and 17:30, a midday visitor peak at the sights, a warm afternoon and a humid night.
 */
final class DailyPattern {
    private DailyPattern() {
    }

    /** Road traffic, 0 (empty roads) to about 1 (rush hour). */
    static double traffic(double hour) {
        return clamp(0.08 + 0.85 * bump(hour, 8, 1.2) + 0.75 * bump(hour, 17.5, 1.6) + 0.35 * bump(hour, 13, 3), 0, 1);
    }

    /** How full the buses are, 0 to 1: commuters at the peaks, visitors through the day, few at night. */
    static double busDemand(double hour) {
        return clamp(0.03 + 0.8 * bump(hour, 8, 1.1) + 0.65 * bump(hour, 17.5, 1.5) + 0.4 * bump(hour, 12.5, 2.8), 0, 1);
    }

    /** Speed factor of buses in traffic: full speed at night, about 60 % at the peaks. */
    static double busSpeedFactor(double hour) {
        return 1 - 0.4 * traffic(hour);
    }

    /** The share of a dock's slots holding bikes, which a dock of this kind drifts towards at this hour. */
    static double dockFill(DockKind kind, double hour) {
        return switch (kind) {
            case STATION -> clamp(0.75 - 0.55 * bump(hour, 9.5, 2) - 0.3 * bump(hour, 14, 3) + 0.15 * bump(hour, 20, 2), 0.05, 0.95);
            case CENTRE -> clamp(0.3 + 0.5 * bump(hour, 10.5, 2.5) + 0.2 * bump(hour, 14, 3) - 0.15 * bump(hour, 20, 2), 0.05, 0.95);
            case SIGHTS -> clamp(0.25 + 0.6 * bump(hour, 13, 2.5), 0.05, 0.95);
        };
    }

    /** Air temperature in °C: coolest before dawn, warmest around 14:00. */
    static double temperature(double hour) {
        return 16 + 5 * Math.cos((hour - 14) / 24 * 2 * Math.PI);
    }

    /** Relative humidity, 0 to 1: the reverse of the temperature. */
    static double relativeHumidity(double hour) {
        return 0.68 - 0.18 * Math.cos((hour - 14) / 24 * 2 * Math.PI);
    }

    /** NO2 in µg/m³: background plus the station's share of road traffic. */
    static double no2(double hour, double trafficShare) {
        return 8 + 32 * trafficShare * traffic(hour);
    }

    /** PM2.5 in µg/m³: a regional background and some traffic. */
    static double pm25(double hour, double trafficShare) {
        return 7 + 9 * trafficShare * traffic(hour);
    }

    /** A bell around {@code centre} hours, 1 at its top, wrapping around midnight. */
    private static double bump(double hour, double centre, double width) {
        double distance = Math.abs(hour - centre);
        distance = Math.min(distance, 24 - distance);
        return Math.exp(-distance * distance / (2 * width * width));
    }

    static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }
}
