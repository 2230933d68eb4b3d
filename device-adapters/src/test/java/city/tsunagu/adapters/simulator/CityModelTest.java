package city.tsunagu.adapters.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.adapters.measure.JsonMeasures;
import city.tsunagu.adapters.measure.Reading;
import city.tsunagu.adapters.measure.UltraLight;
import city.tsunagu.adapters.simulator.Kanazawa.DockKind;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The simulated city's day and devices, without a network. */
class CityModelTest {
    private final Random random = new Random(7);

    @Test
    void theDayHasCommuterPeaksAndQuietNights() {
        assertThat(DailyPattern.busDemand(8)).isGreaterThan(3 * DailyPattern.busDemand(3));
        assertThat(DailyPattern.busDemand(17.5)).isGreaterThan(DailyPattern.busDemand(22));
        assertThat(DailyPattern.no2(8, 1)).isGreaterThan(DailyPattern.no2(3, 1));
        assertThat(DailyPattern.no2(8, 1)).isGreaterThan(DailyPattern.no2(8, 0.3));
        assertThat(DailyPattern.temperature(14)).isGreaterThan(DailyPattern.temperature(5));
        assertThat(DailyPattern.relativeHumidity(5)).isGreaterThan(DailyPattern.relativeHumidity(14));
        // commuters leave the station docks in the morning, the centre docks fill
        assertThat(DailyPattern.dockFill(DockKind.STATION, 9.5)).isLessThan(DailyPattern.dockFill(DockKind.STATION, 20));
        assertThat(DailyPattern.dockFill(DockKind.CENTRE, 10.5)).isGreaterThan(DailyPattern.dockFill(DockKind.CENTRE, 20));
    }

    @Test
    void theFleetGrowsWithTheScaleAndHasUniqueDevices() {
        List<SimulatedDevice> one = Fleet.kanazawa(1, 12, random);
        List<SimulatedDevice> three = Fleet.kanazawa(3, 12, random);
        assertThat(one).hasSize(12 + 10 + 4);
        assertThat(three).hasSize(3 * (12 + 10 + 4));
        assertThat(three.stream().map(SimulatedDevice::deviceId).distinct()).hasSize(three.size());
    }

    @Test
    void aBusGoesRoundItsLoopThroughTheStationKorinboAndKenrokuen() {
        Bus bus = new Bus("bus-1", Kanazawa.ROUTES.get(0), 0);
        boolean stopped = false;
        boolean moved = false;
        double nearestKorinbo = Double.MAX_VALUE;
        for (int i = 0; i < 2_000; i++) {
            bus.advance(8, 5, random);
            assertThat(bus.speedKmh()).isBetween(0.0, 40.0);
            assertThat(bus.passengers()).isBetween(0, 60);
            stopped |= bus.speedKmh() == 0;
            moved |= bus.speedKmh() > 0;
            nearestKorinbo = Math.min(nearestKorinbo, bus.position().metresTo(Kanazawa.KORINBO));
        }
        assertThat(stopped).isTrue();
        assertThat(moved).isTrue();
        assertThat(nearestKorinbo).isLessThan(50);
        assertThat(bus.position().metresTo(Kanazawa.KENROKUEN)).isLessThan(5_000);
    }

    @Test
    void aDockNeverHoldsMoreBikesThanSlotsNorFewerThanNone() {
        BikeDock dock = new BikeDock("machinori-001", Kanazawa.DOCKS.get(0), 9);
        for (int i = 0; i < 5_000; i++) {
            dock.advance(i % 24, 60, random);
            assertThat(dock.bikes()).isBetween(0, Kanazawa.DOCKS.get(0).slots());
        }
    }

    @Test
    void readingsAreWhatTheAdaptersDecode() {
        Bus bus = new Bus("bus-1", Kanazawa.ROUTES.get(1), 0.5);
        bus.advance(12, 5, random);
        Reading busReading = JsonMeasures.decode(bus.reading()).get(0);
        assertThat(busReading.measures()).containsOnlyKeys("lat", "lon", "spd", "hdg", "pax");

        BikeDock dock = new BikeDock("machinori-001", Kanazawa.DOCKS.get(2), 12);
        Reading dockReading = JsonMeasures.decode(dock.reading()).get(0);
        assertThat(((Number) dockReading.measures().get("bikes")).intValue() + ((Number) dockReading.measures().get("free")).intValue())
                .isEqualTo(Kanazawa.DOCKS.get(2).slots());

        AirQualityStation station = new AirQualityStation("air-001", Kanazawa.AIR_STATIONS.get(0), 8);
        station.advance(8, 5, random);
        Reading airReading = UltraLight.decode(station.reading()).get(0);
        assertThat(airReading.measures()).containsOnlyKeys("no2", "pm25", "t", "h");
        assertThat(Double.parseDouble((String) airReading.measures().get("no2"))).isCloseTo(station.no2(), org.assertj.core.data.Offset.offset(0.06));
    }
}
