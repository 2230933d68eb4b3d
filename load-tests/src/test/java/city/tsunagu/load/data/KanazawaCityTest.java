package city.tsunagu.load.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KanazawaCityTest {
    private final KanazawaCity city = new KanazawaCity(10_000);

    @Test
    void idsAreUniqueAndTypedAndEveryTypeHasItsShare() {
        assertThat(city.id(0)).isEqualTo("urn:ngsi-ld:Vehicle:KNZ-000000");
        assertThat(city.id(city.indexOf("BikeHireDockingStation", 3))).isEqualTo("urn:ngsi-ld:BikeHireDockingStation:KNZ-000013");
        assertThat(KanazawaCity.TYPES).allSatisfy(type -> assertThat(city.count(type)).isEqualTo(2_500));
        assertThat(new KanazawaCity(10).count("Vehicle")).isEqualTo(3);
        assertThat(new KanazawaCity(10).count("OffStreetParking")).isEqualTo(2);
    }

    @Test
    void everyEntityLiesInTheNineKilometreBoxAroundKanazawaStation() {
        for (int i = 0; i < city.size(); i++) {
            double[] p = city.position(i);
            assertThat(Math.abs(p[0] - KanazawaCity.STATION_LONGITUDE)).isLessThanOrEqualTo(KanazawaCity.HALF_LONGITUDE + 1e-6);
            assertThat(Math.abs(p[1] - KanazawaCity.STATION_LATITUDE)).isLessThanOrEqualTo(KanazawaCity.HALF_LATITUDE + 1e-6);
        }
    }

    @Test
    void theSameIndexAndRoundGiveTheSameEntityAndLaterRoundsNewReadings() {
        assertThat(city.entity(5, 0)).isEqualTo(city.entity(5, 0));
        assertThat(city.entity(4, 1).get("speed")).isNotEqualTo(city.entity(4, 0).get("speed"));
        assertThat(city.entity(4, 1).get("location")).isEqualTo(city.entity(4, 0).get("location"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTypeAndQWorkloadSelectsAboutAThirdOfTheStations() {
        long counted = 0;
        for (int n = 0; n < city.count("BikeHireDockingStation"); n++) {
            Map<String, Object> station = city.entity(city.indexOf("BikeHireDockingStation", n), 0);
            int bikes = (Integer) ((Map<String, Object>) station.get("availableBikeNumber")).get("value");
            if (bikes >= KanazawaCity.MIN_AVAILABLE_BIKES) {
                counted++;
            }
        }
        assertThat(city.stationsWithAvailableBikes()).isEqualTo(counted).isBetween(800, 1_300);
    }

    @Test
    void batchesWrapAroundTheCity() {
        List<Map<String, Object>> batch = city.batch(9_950, 100, 1);
        assertThat(batch).hasSize(100);
        assertThat(batch.get(50).get("id")).isEqualTo(city.id(0));
    }
}
