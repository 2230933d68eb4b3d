package city.tsunagu.broker.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionPreferenceTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "ngsi-ld=1.0|1.0",
            "NGSI-LD=1.0|1.0",
            "Ngsi-Ld=1.8|1.8",
            "ngsi-ld=\"1.0\"|1.0",
            "ngsi-ld=1.0;q=0.1|1.0",
            "respond-async, ngsi-ld=1.0|1.0",
            "return=minimal|none",
            "ngsi-ld=2.0|none",
            "ngsi-ld|none",
            "none|none"})
    void findsTheVersionAmongThePreferences(String prefer, String version) {
        assertThat(VersionPreference.of(prefer)).isEqualTo(version);
    }
}
