package city.tsunagu.adapters.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.tsunagu.adapters.expression.Expressions;
import city.tsunagu.adapters.provisioning.ConfigGroup;
import city.tsunagu.adapters.provisioning.Device;
import city.tsunagu.adapters.provisioning.ProvisioningJson;
import city.tsunagu.adapters.provisioning.ServiceScope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Readings become NGSI-LD attributes as the IoT Agents map them; expectations worked out by hand. */
class MeasureMapperTest {
    private static final Instant ARRIVAL = Instant.parse("2026-04-01T00:00:00Z");
    private static final ServiceScope SCOPE = new ServiceScope("city", "/kanazawa");
    private final Expressions expressions = new Expressions();
    private final ProvisioningJson provisioning = new ProvisioningJson(expressions);
    private final MeasureMapper mapper = new MeasureMapper(expressions);

    private ConfigGroup group(String json) {
        return provisioning.group(SCOPE, (ObjectNode) JsonMapper.shared().readTree(json));
    }

    private Device device(String json, String groupType) {
        return provisioning.device(SCOPE, (ObjectNode) JsonMapper.shared().readTree(json), groupType);
    }

    private static Reading json(String payload) {
        return JsonMeasures.decode(payload.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    private static Reading ul(String payload) {
        return UltraLight.decode(payload.getBytes(StandardCharsets.UTF_8)).get(0);
    }

    @Test
    void mapsObjectIdsToNamesTypesAndUnitsAndPassesOthersThrough() {
        ConfigGroup group = group("""
                {"apikey": "k", "resource": "", "entity_type": "AirQualityObserved",
                 "attributes": [{"object_id": "t", "name": "temperature", "type": "Number",
                                 "metadata": {"unitCode": {"type": "Text", "value": "CEL"}}}]}""");
        Device device = device("{\"device_id\": \"aq-1\"}", "AirQualityObserved");

        EntityUpdate update = mapper.map(group, device, ul("t|21.5|no2|33"), ARRIVAL);

        assertThat(update.entityId()).isEqualTo("urn:ngsi-ld:AirQualityObserved:aq-1");
        assertThat(update.entityType()).isEqualTo("AirQualityObserved");
        assertThat(update.tenant()).isEqualTo("city");
        JsonNode temperature = update.attributes().get("temperature");
        assertThat(temperature.path("type").asString()).isEqualTo("Property");
        assertThat(temperature.path("value").isNumber()).as("UL text read as the Number type asks").isTrue();
        assertThat(temperature.path("value").doubleValue()).isEqualTo(21.5);
        assertThat(temperature.path("unitCode").asString()).isEqualTo("CEL");
        assertThat(temperature.path("observedAt").asString()).isEqualTo("2026-04-01T00:00:00Z");
        // unmapped UL measures pass through as text, as the IoT Agent UL sends them
        assertThat(update.attributes().get("no2").path("value").asString()).isEqualTo("33");
    }

    @Test
    void explicitAttrsKeepsOnlyMappedMeasures() {
        ConfigGroup group = group("""
                {"apikey": "k", "resource": "", "entity_type": "Vehicle", "explicitAttrs": true,
                 "attributes": [{"object_id": "s", "name": "speed", "type": "Number"}]}""");
        EntityUpdate update = mapper.map(group, device("{\"device_id\": \"bus-1\"}", "Vehicle"), json("{\"s\": 30, \"junk\": 1}"), ARRIVAL);
        assertThat(update.attributes().propertyNames()).containsExactly("speed");

        assertThatThrownBy(() -> mapper.map(group, device("{\"device_id\": \"bus-1\"}", "Vehicle"), json("{\"junk\": 1}"), ARRIVAL))
                .isInstanceOf(MeasureException.class).hasMessageContaining("explicitAttrs");
    }

    @Test
    void timeInstantBecomesObservedAt() {
        EntityUpdate update = mapper.map(null, device("{\"device_id\": \"d\", \"entity_type\": \"T\"}", null),
                json("{\"t\": 1, \"TimeInstant\": \"2026-04-01T18:30:00+09:00\"}"), ARRIVAL);
        assertThat(update.attributes().get("t").path("observedAt").asString()).isEqualTo("2026-04-01T09:30:00Z");
        assertThat(update.attributes().has("TimeInstant")).isFalse();
    }

    @Test
    void expressionsComputeValuesAndALocationFromLatitudeAndLongitude() {
        ConfigGroup group = group("""
                {"apikey": "k", "resource": "", "entity_type": "Vehicle",
                 "attributes": [
                   {"object_id": "l", "name": "fillLevel", "type": "Number", "expression": "l / 100"},
                   {"object_id": "n", "name": "label", "type": "Text", "expression": "(n|trim) + ' (' + id + ')'"},
                   {"name": "location", "type": "geo:json",
                    "expression": "{'type': 'Point', 'coordinates': [lon|parsefloat, lat|parsefloat]}"}]}""");
        EntityUpdate update = mapper.map(group, device("{\"device_id\": \"bus-7\"}", "Vehicle"),
                ul("l|223|n|  Hokutetsu |lat|36.5613|lon|136.6562"), ARRIVAL);

        assertThat(update.attributes().get("fillLevel").path("value").doubleValue()).isEqualTo(2.23);
        assertThat(update.attributes().get("label").path("value").asString()).isEqualTo("Hokutetsu (bus-7)");
        JsonNode location = update.attributes().get("location");
        assertThat(location.path("type").asString()).isEqualTo("GeoProperty");
        assertThat(location.path("value").path("type").asString()).isEqualTo("Point");
        assertThat(location.path("value").path("coordinates").get(0).doubleValue()).isEqualTo(136.6562);
        assertThat(location.path("value").path("coordinates").get(1).doubleValue()).isEqualTo(36.5613);
        // lat and lon themselves pass through (no explicitAttrs)
        assertThat(update.attributes().has("lat")).isTrue();
    }

    @Test
    void aLocationExpressionWaitsForAllItsMeasures() {
        ConfigGroup group = group("""
                {"apikey": "k", "resource": "", "entity_type": "Vehicle",
                 "attributes": [{"name": "location", "type": "geo:json",
                                 "expression": "{'type': 'Point', 'coordinates': [lon, lat]}"}]}""");
        EntityUpdate update = mapper.map(group, device("{\"device_id\": \"bus-7\"}", "Vehicle"), json("{\"lat\": 36.5}"), ARRIVAL);
        assertThat(update.attributes().has("location")).isFalse();
    }

    @Test
    void staticAttributesComeWithEveryReadingAndDeviceMappingsOverrideTheGroup() {
        ConfigGroup group = group("""
                {"apikey": "k", "resource": "", "entity_type": "BikeHireDockingStation",
                 "attributes": [{"object_id": "b", "name": "bikes", "type": "Integer"}],
                 "static_attributes": [{"name": "operator", "type": "Text", "value": "machi-nori"}]}""");
        Device device = device("""
                {"device_id": "dock-1", "attributes": [{"object_id": "b", "name": "availableBikeNumber", "type": "Integer"}],
                 "static_attributes": [{"name": "location", "type": "geo:json", "value": {"type": "Point", "coordinates": [136.65, 36.57]}}]}""",
                "BikeHireDockingStation");
        EntityUpdate update = mapper.map(group, device, ul("b|7"), ARRIVAL);

        assertThat(update.attributes().get("availableBikeNumber").path("value").longValue()).isEqualTo(7);
        assertThat(update.attributes().has("bikes")).isFalse();
        assertThat(update.attributes().get("operator").path("value").asString()).isEqualTo("machi-nori");
        assertThat(update.attributes().get("operator").has("observedAt")).isFalse();
        assertThat(update.attributes().get("location").path("type").asString()).isEqualTo("GeoProperty");
    }

    @Test
    void aMeasureThatDoesNotFitItsTypeIsRejected() {
        ConfigGroup group = group("""
                {"apikey": "k", "resource": "", "entity_type": "T",
                 "attributes": [{"object_id": "c", "name": "count", "type": "Integer"}]}""");
        assertThatThrownBy(() -> mapper.map(group, device("{\"device_id\": \"d\"}", "T"), ul("c|many"), ARRIVAL))
                .isInstanceOf(MeasureException.class).hasMessageContaining("'many' of attribute count is not an integer");
    }

    @Test
    void relationshipsAndGeoPointText() {
        EntityUpdate update = mapper.map(group("""
                {"apikey": "k", "resource": "", "entity_type": "Vehicle",
                 "attributes": [{"object_id": "r", "name": "route", "type": "Relationship"},
                                {"object_id": "p", "name": "location", "type": "geo:point"}]}"""),
                device("{\"device_id\": \"bus\"}", "Vehicle"), ul("r|urn:ngsi-ld:Route:R1|p|36.56, 136.65"), ARRIVAL);
        assertThat(update.attributes().get("route").path("object").asString()).isEqualTo("urn:ngsi-ld:Route:R1");
        assertThat(update.attributes().get("location").path("value").path("coordinates").get(0).doubleValue()).isEqualTo(136.65);
    }
}
