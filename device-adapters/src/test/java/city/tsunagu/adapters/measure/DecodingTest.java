package city.tsunagu.adapters.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IoT Agent JSON and UltraLight 2.0 payloads, decoded into readings. */
class DecodingTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonObjectIsOneReading() {
        List<Reading> readings = JsonMeasures.decode(bytes("{\"t\": 21.5, \"h\": 40, \"on\": true, \"name\": \"bus\"}"));
        assertThat(readings).hasSize(1);
        assertThat(readings.get(0).measures()).containsExactly(
                Map.entry("t", 21.5), Map.entry("h", 40L), Map.entry("on", true), Map.entry("name", "bus"));
        assertThat(readings.get(0).observedAt()).isNull();
    }

    @Test
    void jsonArrayIsSeveralReadingsInOrderWithTheirTimeInstants() {
        List<Reading> readings = JsonMeasures.decode(bytes(
                "[{\"t\": 20, \"TimeInstant\": \"2026-04-01T09:00:00Z\"}, {\"t\": 21, \"TimeInstant\": \"2026-04-01T18:00:00+09:00\"}]"));
        assertThat(readings).extracting(r -> r.measures().get("t")).containsExactly(20L, 21L);
        assertThat(readings.get(0).observedAt()).isEqualTo(Instant.parse("2026-04-01T09:00:00Z"));
        assertThat(readings.get(1).observedAt()).isEqualTo(Instant.parse("2026-04-01T09:00:00Z"));
        assertThat(readings.get(0).measures()).doesNotContainKey("TimeInstant");
    }

    @Test
    void malformedJsonIsRejectedWithAReason() {
        assertThatThrownBy(() -> JsonMeasures.decode(bytes("{\"t\": "))).isInstanceOf(MeasureException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> JsonMeasures.decode(bytes("42"))).hasMessageContaining("object or a non-empty array");
        assertThatThrownBy(() -> JsonMeasures.decode(bytes("[1, 2]"))).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> JsonMeasures.decode(bytes("{}"))).hasMessageContaining("holds no measure");
        assertThatThrownBy(() -> JsonMeasures.decode(bytes("{\"t\": 1, \"TimeInstant\": \"yesterday\"}")))
                .hasMessageContaining("TimeInstant 'yesterday'");
    }

    @Test
    void singleAttributeTopicTakesJsonOrText() {
        assertThat(JsonMeasures.decodeSingle("t", bytes("21.5")).measures()).containsExactly(Map.entry("t", 21.5));
        assertThat(JsonMeasures.decodeSingle("s", bytes("open")).measures()).containsExactly(Map.entry("s", "open"));
    }

    @Test
    void ultraLightPairsAndGroups() {
        List<Reading> readings = UltraLight.decode(bytes("t|21.5|h|40#t|22.0|h|41"));
        assertThat(readings).hasSize(2);
        assertThat(readings.get(0).measures()).containsExactly(Map.entry("t", "21.5"), Map.entry("h", "40"));
        assertThat(readings.get(1).measures()).containsExactly(Map.entry("t", "22.0"), Map.entry("h", "41"));
    }

    @Test
    void ultraLightGroupMayStartWithItsTime() {
        Reading reading = UltraLight.decode(bytes("2026-04-01T09:30:00Z|t|21.5")).get(0);
        assertThat(reading.observedAt()).isEqualTo(Instant.parse("2026-04-01T09:30:00Z"));
        assertThat(reading.measures()).containsExactly(Map.entry("t", "21.5"));
    }

    @Test
    void malformedUltraLightIsRejectedWithAReason() {
        assertThatThrownBy(() -> UltraLight.decode(bytes("t|21.5|h"))).isInstanceOf(MeasureException.class)
                .hasMessageContaining("key without a value");
        assertThatThrownBy(() -> UltraLight.decode(bytes("t|1##h|2"))).hasMessageContaining("empty measure group");
        assertThatThrownBy(() -> UltraLight.decode(bytes("|1"))).hasMessageContaining("empty key");
        assertThatThrownBy(() -> UltraLight.decode(bytes("  "))).hasMessageContaining("empty");
    }
}
