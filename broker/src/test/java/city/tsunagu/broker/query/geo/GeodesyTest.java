package city.tsunagu.broker.query.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Vincenty's distances against GeographicLib (Karney's geodesics, nanometre-accurate), values
 * computed once with GeographicLib's WGS84 inverse solution.
 */
class GeodesyTest {

    @ParameterizedTest(name = "{0},{1} → {2},{3}: {4} m")
    @CsvSource({
            // Kanazawa Station to Omicho market and to Kenrokuen
            "136.648, 36.5781, 136.6566, 36.5716, 1054.8837",
            "136.648, 36.5781, 136.6627, 36.5621, 2209.9279",
            // 0.0045° north and 0.0056° east of the station: north-south and east-west scales differ
            "136.648, 36.5781, 136.648, 36.5826, 499.3641",
            "136.648, 36.5781, 136.6536, 36.5781, 501.2058",
            "136.648, 36.5781, 136.648001, 36.5781, 0.0895",
            // Tokyo to Osaka, Kanazawa to Sapporo
            "139.7671, 35.6812, 135.4959, 34.7025, 403827.4941",
            "136.648, 36.5781, 141.3508, 43.0686, 825147.2357",
            // one degree along the equator and along a meridian
            "0, 0, 1, 0, 111319.4908",
            "0, 0, 0, 1, 110574.3886",
            // New York to Tokyo
            "-74.006, 40.7128, 139.6917, 35.6895, 10872799.5193"})
    void vincentyAgreesWithGeographicLib(double lon1, double lat1, double lon2, double lat2, double metres) {
        assertThat(Geodesy.distance(lon1, lat1, lon2, lat2)).isCloseTo(metres, within(0.001));
        assertThat(Geodesy.distance(lon2, lat2, lon1, lat1)).isCloseTo(metres, within(0.001));
    }

    @Test
    void samePointIsZero() {
        assertThat(Geodesy.distance(136.648, 36.5781, 136.648, 36.5781)).isZero();
    }

    @Test
    void nearlyAntipodalPointsFallBackToTheGreatCircle() {
        // GeographicLib: 19944127.42 m; Vincenty does not converge, the sphere is 6.2 km (0.03 %) long
        assertThat(Geodesy.distance(0, 0, 179.7, 0.5)).isEqualTo(Geodesy.haversine(0, 0, 179.7, 0.5))
                .isCloseTo(19_944_127.42, within(19_944_127.42 * 0.001));
    }

    /**
     * Haversine by hand for the 450 m stop north-east of the station (136.652354, 36.580127):
     * Δφ = 0.002027° = 3.53778e-5 rad, Δλ = 0.004354° = 7.59917e-5 rad, cos φ₁ cos φ₂ = 0.644865;
     * h = (1.76889e-5)² + 0.644865 (3.79958e-5)² = 3.12897e-10 + 9.30978e-10 = 1.243875e-9;
     * d = 2 R asin √h = 2 · 6371008.8 · 3.52686e-5 = 449.39 m on the sphere; the ellipsoid says
     * 449.94 m (GeographicLib): the sphere is 0.55 m (0.12 %) short at 450 m, 2.4 m at 2 km,
     * which is more than the metre the broker must keep, hence Vincenty.
     */
    @Test
    void haversineByHandAndItsError() {
        assertThat(Geodesy.haversine(136.648, 36.5781, 136.652354, 36.580127)).isCloseTo(449.39, within(0.01));
        assertThat(Geodesy.distance(136.648, 36.5781, 136.652354, 36.580127)).isCloseTo(449.9428, within(0.001));
    }

    @Test
    void radiiOfCurvatureAtKanazawa() {
        // M = a(1-e²)/(1-e² sin²φ)^1.5 and N cos φ, per degree, at 36.5781° N
        assertThat(Geodesy.metresPerDegreeLatitude(36.5781)).isCloseTo(110_969.75, within(0.01));
        assertThat(Geodesy.metresPerDegreeLongitude(36.5781)).isCloseTo(89_501.04, within(0.01));
    }
}
