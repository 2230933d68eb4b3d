package city.tsunagu.adapters.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.adapters.RunningAdapters;
import city.tsunagu.adapters.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The IoT-Agent provisioning API over real HTTP, stored in the embedded MongoDB store. */
class ProvisioningApiTest {
    private static TestStore store;
    private static RunningAdapters adapters;

    @BeforeAll
    static void start() {
        store = TestStore.start();
        adapters = RunningAdapters.start(store.uri());
    }

    @AfterAll
    static void stop() {
        adapters.close();
        store.close();
    }

    private static WebTestClient.ResponseSpec post(String path, String service, String body) {
        return adapters.client().post().uri(path)
                .header("fiware-service", service).header("fiware-servicepath", "/kanazawa")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static JsonNode get(String path, String service, String servicePath, HttpStatus status) {
        byte[] body = adapters.client().get().uri(path)
                .header("fiware-service", service).header("fiware-servicepath", servicePath)
                .exchange().expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return JsonMapper.shared().readTree(body);
    }

    private static void expectError(WebTestClient.ResponseSpec response, HttpStatus status, String name, String inMessage) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.name").isEqualTo(name)
                .jsonPath("$.message").value(String.class, message -> assertThat(message).contains(inMessage));
    }

    @Test
    void aboutAnswersAsAnIotAgent() {
        adapters.client().get().uri("/iot/about").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.baseRoot").isEqualTo("/").jsonPath("$.version").exists();
    }

    @Test
    void createsListsModifiesAndRemovesAConfigGroup() {
        post("/iot/groups", "city", """
                {"groups": [{"apikey": "bus-key", "resource": "/iot/json", "entity_type": "Vehicle",
                  "cbroker": "http://orion:1026",
                  "attributes": [{"object_id": "s", "name": "speed", "type": "Number",
                                  "metadata": {"unitCode": {"type": "Text", "value": "KMH"}}}],
                  "static_attributes": [{"name": "operator", "type": "Text", "value": "Hokutetsu"}]}]}
                """).expectStatus().isCreated();

        JsonNode listed = get("/iot/groups", "city", "/kanazawa", HttpStatus.OK);
        assertThat(listed.path("count").asInt()).isEqualTo(1);
        JsonNode group = listed.path("groups").get(0);
        assertThat(group.path("apikey").asString()).isEqualTo("bus-key");
        assertThat(group.path("service").asString()).isEqualTo("city");
        assertThat(group.path("subservice").asString()).isEqualTo("/kanazawa");
        assertThat(group.path("attributes").get(0).path("name").asString()).isEqualTo("speed");
        assertThat(group.path("cbroker").asString()).as("a known IoT-Agent field is kept").isEqualTo("http://orion:1026");
        // the older name of the API sees the same group under "services"
        assertThat(get("/iot/services", "city", "/*", HttpStatus.OK).path("services").get(0).path("apikey").asString())
                .isEqualTo("bus-key");
        // another service path or service sees nothing
        assertThat(get("/iot/groups", "city", "/", HttpStatus.OK).path("count").asInt()).isZero();
        assertThat(get("/iot/groups", "other", "/kanazawa", HttpStatus.OK).path("count").asInt()).isZero();

        adapters.client().put().uri("/iot/groups?resource=/iot/json&apikey=bus-key")
                .header("fiware-service", "city").header("fiware-servicepath", "/kanazawa")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"entity_type\": \"Bus\", \"explicitAttrs\": true}")
                .exchange().expectStatus().isNoContent();
        JsonNode modified = get("/iot/groups", "city", "/kanazawa", HttpStatus.OK).path("groups").get(0);
        assertThat(modified.path("entity_type").asString()).isEqualTo("Bus");
        assertThat(modified.path("explicitAttrs").asBoolean()).isTrue();
        assertThat(modified.path("attributes").get(0).path("name").asString()).as("fields not sent are kept").isEqualTo("speed");

        adapters.client().delete().uri("/iot/groups?resource=/iot/json&apikey=bus-key")
                .header("fiware-service", "city").header("fiware-servicepath", "/kanazawa")
                .exchange().expectStatus().isNoContent();
        assertThat(get("/iot/groups", "city", "/kanazawa", HttpStatus.OK).path("count").asInt()).isZero();
    }

    @Test
    void legacyServicesBodyCreatesGroups() {
        post("/iot/services", "legacy", "{\"services\": [{\"apikey\": \"legacy-key\", \"resource\": \"\", \"entity_type\": \"Thing\"}]}")
                .expectStatus().isCreated();
        assertThat(get("/iot/groups", "legacy", "/kanazawa", HttpStatus.OK).path("groups").get(0).path("entity_type").asString())
                .isEqualTo("Thing");
    }

    @Test
    void aGroupIsUniqueByResourceAndApikeyAndARejectedRequestChangesNothing() {
        post("/iot/groups", "dup", "{\"groups\": [{\"apikey\": \"dup-key\", \"resource\": \"/iot/json\", \"entity_type\": \"A\"}]}")
                .expectStatus().isCreated();
        // the second group of this request is taken (in another service even): neither is stored
        expectError(post("/iot/groups", "dup2", """
                {"groups": [{"apikey": "fresh-key", "resource": "/iot/json", "entity_type": "B"},
                            {"apikey": "dup-key", "resource": "/iot/json", "entity_type": "C"}]}"""),
                HttpStatus.CONFLICT, "DUPLICATE_GROUP", "dup-key");
        assertThat(get("/iot/groups", "dup2", "/kanazawa", HttpStatus.OK).path("count").asInt()).isZero();
        // the same apikey with another resource is another group
        post("/iot/groups", "dup", "{\"groups\": [{\"apikey\": \"dup-key\", \"resource\": \"/iot/ul\", \"entity_type\": \"A\"}]}")
                .expectStatus().isCreated();
    }

    @Test
    void invalidGroupsAreRejectedWithTheReason() {
        expectError(post("/iot/groups", "bad", "{\"groups\": [{\"resource\": \"/iot/json\"}]}"),
                HttpStatus.BAD_REQUEST, "WRONG_SYNTAX", "'apikey' is missing");
        expectError(post("/iot/groups", "bad", "{\"groups\": [{\"apikey\": \"k\", \"resource\": \"\", \"colour\": \"red\"}]}"),
                HttpStatus.BAD_REQUEST, "WRONG_SYNTAX", "unknown field 'colour'");
        expectError(post("/iot/groups", "bad", "{\"groups\": [{\"apikey\": \"k\", \"resource\": \"\", \"explicitAttrs\": \"yes\"}]}"),
                HttpStatus.BAD_REQUEST, "WRONG_SYNTAX", "'explicitAttrs' must be true or false");
        expectError(post("/iot/groups", "bad", "{\"groups\": [{\"apikey\": \"k\", \"resource\": \"\","
                        + " \"attributes\": [{\"object_id\": \"t\", \"name\": \"temperature\"}]}]}"),
                HttpStatus.BAD_REQUEST, "WRONG_SYNTAX", "'type' is missing");
        expectError(post("/iot/groups", "bad", "{\"groups\": [{\"apikey\": \"k\", \"resource\": \"\","
                        + " \"attributes\": [{\"name\": \"t\", \"type\": \"Number\", \"expression\": \"t * (2\"}]}]}"),
                HttpStatus.BAD_REQUEST, "INVALID_EXPRESSION", "t * (2");
        expectError(post("/iot/groups", "bad", "{\"groups\": [{\"apikey\": \"k/1\", \"resource\": \"\"}]}"),
                HttpStatus.BAD_REQUEST, "WRONG_SYNTAX", "apikey 'k/1' is invalid");
        expectError(post("/iot/groups", "bad", "{\"groups\": [}"), HttpStatus.BAD_REQUEST, "WRONG_SYNTAX", "not valid JSON");
        expectError(post("/iot/groups", "bad", "{\"groups\": []}"), HttpStatus.BAD_REQUEST, "WRONG_SYNTAX", "non-empty array");
        expectError(post("/iot/groups", "bad service!", "{\"groups\": [{\"apikey\": \"k\", \"resource\": \"\"}]}"),
                HttpStatus.BAD_REQUEST, "WRONG_SYNTAX", "fiware-service");
        expectError(adapters.client().post().uri("/iot/groups").contentType(MediaType.TEXT_PLAIN).bodyValue("x").exchange(),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_CONTENT_TYPE", "application/json");
        expectError(adapters.client().delete().uri("/iot/groups?apikey=k").exchange(),
                HttpStatus.BAD_REQUEST, "MISSING_CONFIG_PARAMS", "resource");
        expectError(adapters.client().delete().uri("/iot/groups?apikey=nobody&resource=/x").exchange(),
                HttpStatus.NOT_FOUND, "DEVICE_GROUP_NOT_FOUND", "nobody");
        assertThat(get("/iot/groups", "bad", "/kanazawa", HttpStatus.OK).path("count").asInt()).isZero();
    }

    @Test
    void createsReadsModifiesAndRemovesDevices() {
        post("/iot/groups", "dev", "{\"groups\": [{\"apikey\": \"dock-key\", \"resource\": \"\", \"entity_type\": \"BikeHireDockingStation\"}]}")
                .expectStatus().isCreated();
        post("/iot/devices", "dev", """
                {"devices": [
                  {"device_id": "dock-1", "apikey": "dock-key", "transport": "MQTT",
                   "attributes": [{"object_id": "b", "name": "availableBikeNumber", "type": "Integer"}]},
                  {"device_id": "sensor-7", "entity_name": "urn:ngsi-ld:AirQualityObserved:korinbo", "entity_type": "AirQualityObserved",
                   "static_attributes": [{"name": "location", "type": "geo:json",
                                          "value": {"type": "Point", "coordinates": [136.6553, 36.5625]}}]}]}
                """).expectStatus().isCreated();

        JsonNode dock = get("/iot/devices/dock-1", "dev", "/kanazawa", HttpStatus.OK);
        assertThat(dock.path("entity_type").asString()).as("from the config group of its apikey").isEqualTo("BikeHireDockingStation");
        assertThat(dock.path("entity_name").asString()).isEqualTo("urn:ngsi-ld:BikeHireDockingStation:dock-1");
        assertThat(dock.path("service").asString()).isEqualTo("dev");
        assertThat(dock.path("service_path").asString()).isEqualTo("/kanazawa");

        JsonNode listed = get("/iot/devices?limit=1", "dev", "/kanazawa", HttpStatus.OK);
        assertThat(listed.path("count").asInt()).isEqualTo(2);
        assertThat(listed.path("devices").size()).isEqualTo(1);
        assertThat(get("/iot/devices?offset=1", "dev", "/kanazawa", HttpStatus.OK).path("devices").get(0).path("device_id").asString())
                .isEqualTo("sensor-7");

        adapters.client().put().uri("/iot/devices/dock-1").header("fiware-service", "dev").header("fiware-servicepath", "/kanazawa")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"attributes\": [{\"object_id\": \"f\", \"name\": \"freeSlotNumber\", \"type\": \"Integer\"}]}")
                .exchange().expectStatus().isNoContent();
        assertThat(get("/iot/devices/dock-1", "dev", "/kanazawa", HttpStatus.OK).path("attributes").get(0).path("name").asString())
                .isEqualTo("freeSlotNumber");

        expectError(post("/iot/devices", "dev", "{\"devices\": [{\"device_id\": \"dock-1\", \"entity_type\": \"X\"}]}"),
                HttpStatus.CONFLICT, "DUPLICATE_DEVICE_ID", "dock-1");

        adapters.client().delete().uri("/iot/devices/dock-1").header("fiware-service", "dev").header("fiware-servicepath", "/kanazawa")
                .exchange().expectStatus().isNoContent();
        expectError(adapters.client().get().uri("/iot/devices/dock-1").header("fiware-service", "dev")
                .header("fiware-servicepath", "/kanazawa").exchange(), HttpStatus.NOT_FOUND, "DEVICE_NOT_FOUND", "dock-1");
    }

    @Test
    void invalidDevicesAreRejectedWithTheReason() {
        expectError(post("/iot/devices", "devbad", "{\"devices\": [{\"device_id\": \"a/b\", \"entity_type\": \"T\"}]}"),
                HttpStatus.BAD_REQUEST, "WRONG_SYNTAX", "device_id 'a/b' is invalid");
        expectError(post("/iot/devices", "devbad", "{\"devices\": [{\"device_id\": \"lonely\"}]}"),
                HttpStatus.BAD_REQUEST, "WRONG_SYNTAX", "neither entity_name nor entity_type");
        expectError(post("/iot/devices", "devbad", "{\"devices\": [{\"device_id\": \"d\", \"entity_type\": \"T\", \"entity_name\": \"not a uri\"}]}"),
                HttpStatus.BAD_REQUEST, "WRONG_SYNTAX", "not an absolute URI");
        expectError(post("/iot/devices", "devbad", "{\"devices\": [{\"device_id\": \"d\", \"entity_type\": \"T\", \"transport\": \"LORA\"}]}"),
                HttpStatus.BAD_REQUEST, "WRONG_SYNTAX", "transport 'LORA'");
        expectError(post("/iot/devices", "devbad", "{\"devices\": [{\"device_id\": \"d\", \"entity_type\": \"T\","
                        + " \"attributes\": [{\"name\": \"id\", \"type\": \"Text\"}]}]}"),
                HttpStatus.BAD_REQUEST, "WRONG_SYNTAX", "'id' cannot be an attribute name");
        // the valid first device is not stored either
        expectError(post("/iot/devices", "devbad", "{\"devices\": [{\"device_id\": \"ok\", \"entity_type\": \"T\"},"
                        + " {\"device_id\": \"ok\", \"entity_type\": \"T\"}]}"),
                HttpStatus.CONFLICT, "DUPLICATE_DEVICE_ID", "ok");
        assertThat(get("/iot/devices", "devbad", "/kanazawa", HttpStatus.OK).path("count").asInt()).isZero();
        expectError(adapters.client().get().uri("/iot/devices?limit=0").exchange(), HttpStatus.BAD_REQUEST, "WRONG_SYNTAX", "'limit'");
    }
}
