package city.tsunagu.broker.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The temporal API through the real HTTP server and the embedded store: recording, queries, representations, writes. */
class TemporalApiTest extends ApiTestSupport {
    private static final JsonMapper JSON = JsonMapper.shared();

    private JsonNode get(String path) {
        return get(path, null);
    }

    private JsonNode get(String path, String tenant) {
        var spec = client().get().uri(path);
        if (tenant != null) {
            spec = spec.header("NGSILD-Tenant", tenant);
        }
        byte[] body = spec.exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    private void post(String path, String body, HttpStatus status) {
        client().post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isEqualTo(status);
    }

    private void patch(String path, String body) {
        client().patch().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isNoContent();
    }

    private static String instance(double value, String observedAt) {
        return "{\"type\":\"Property\",\"value\":" + value + ",\"observedAt\":\"" + observedAt + "\"}";
    }

    /** A temporal entity with speed instances at 12:03, 12:05, 12:07 and fuelLevel at 12:03, 13:05, 14:07. */
    private String createVehicleHistory() {
        String id = uniqueId("Vehicle");
        post("/temporal/entities", "{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"speed\":["
                + instance(120, "2020-08-01T12:03:00Z") + "," + instance(80, "2020-08-01T12:05:00Z") + ","
                + instance(100, "2020-08-01T12:07:00Z") + "],\"fuelLevel\":["
                + instance(67, "2020-08-01T12:03:00Z") + "," + instance(53, "2020-08-01T13:05:00Z") + ","
                + instance(40, "2020-08-01T14:07:00Z") + "]}", HttpStatus.CREATED);
        return id;
    }

    private static List<Double> values(JsonNode instances) {
        List<Double> values = new ArrayList<>();
        instances.forEach(i -> values.add(i.path("value").asDouble()));
        return values;
    }

    @Test
    void everyChangeThroughTheEntityApiBecomesAnInstance() {
        String id = uniqueId("Vehicle");
        post("/entities", "{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"speed\":" + instance(30, "2024-05-01T08:00:00Z")
                + ",\"name\":{\"type\":\"Property\",\"value\":\"bus 3\"}}", HttpStatus.CREATED);
        patch("/entities/" + id + "/attrs", "{\"speed\":" + instance(35, "2024-05-01T08:01:00Z") + "}");
        post("/entityOperations/upsert?options=update", "[{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"speed\":"
                + instance(40, "2024-05-01T08:02:00Z") + "}]", HttpStatus.NO_CONTENT);

        JsonNode history = get("/temporal/entities/" + id);
        assertThat(history.path("type").asString()).isEqualTo("Vehicle");
        assertThat(values(history.path("speed"))).containsExactly(30.0, 35.0, 40.0);
        assertThat(history.path("name")).hasSize(1); // unchanged attributes are not recorded again
        history.path("speed").forEach(i -> assertThat(i.path("instanceId").asString()).startsWith("urn:ngsi-ld:attribute:instance:"));
        assertThat(history.path("speed").get(2).path("observedAt").asString()).isEqualTo("2024-05-01T08:02:00Z");
    }

    @Test
    void historyOfADeletedEntityIsKeptByDefault() {
        String id = uniqueId("Vehicle");
        post("/entities", "{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"speed\":" + instance(30, "2024-05-01T08:00:00Z") + "}",
                HttpStatus.CREATED);
        client().delete().uri("/entities/" + id).exchange().expectStatus().isNoContent();
        assertThat(values(get("/temporal/entities/" + id).path("speed"))).containsExactly(30.0);
    }

    @Test
    void timerelSelectsInstances() {
        String id = createVehicleHistory();
        JsonNode after = get("/temporal/entities/" + id + "?timerel=after&timeAt=2020-08-01T13:03:00Z");
        assertThat(after.has("speed")).isFalse();
        assertThat(values(after.path("fuelLevel"))).containsExactly(53.0, 40.0);

        JsonNode before = get("/temporal/entities/" + id + "?timerel=before&timeAt=2020-08-01T12:05:00Z");
        assertThat(values(before.path("speed"))).containsExactly(120.0);
        assertThat(values(before.path("fuelLevel"))).containsExactly(67.0);

        JsonNode between = get("/temporal/entities/" + id + "?timerel=between&timeAt=2020-08-01T12:05:00Z&endTimeAt=2020-08-01T13:05:00Z");
        assertThat(values(between.path("speed"))).containsExactly(80.0, 100.0);
        assertThat(between.has("fuelLevel")).isFalse();
    }

    @Test
    void lastNAndAttrs() {
        String id = createVehicleHistory();
        JsonNode last = get("/temporal/entities/" + id + "?lastN=2&attrs=speed");
        assertThat(values(last.path("speed"))).containsExactly(80.0, 100.0);
        assertThat(last.has("fuelLevel")).isFalse();
    }

    @Test
    void timepropertyModifiedAtSelectsByRecordingTime() {
        String id = createVehicleHistory();
        assertThat(get("/temporal/entities/" + id + "?timeproperty=modifiedAt&timerel=before&timeAt=2000-01-01T00:00:00Z").has("speed"))
                .isFalse();
        assertThat(values(get("/temporal/entities/" + id + "?timeproperty=modifiedAt&timerel=after&timeAt=2000-01-01T00:00:00Z")
                .path("speed"))).hasSize(3);
    }

    @Test
    void temporalValuesRepresentation() {
        String id = createVehicleHistory();
        JsonNode simplified = get("/temporal/entities/" + id + "?options=temporalValues");
        assertThat(simplified.path("speed").path("type").asString()).isEqualTo("Property");
        assertThat(simplified.path("speed").path("values").toString())
                .isEqualTo("[[120.0,\"2020-08-01T12:03:00Z\"],[80.0,\"2020-08-01T12:05:00Z\"],[100.0,\"2020-08-01T12:07:00Z\"]]");
        assertThat(get("/temporal/entities/" + id + "?format=temporalValues")).isEqualTo(simplified);
    }

    @Test
    void queryByTypeAndIdPatternWithPaging() {
        String first = createVehicleHistory();
        String second = createVehicleHistory();
        JsonNode both = get("/temporal/entities?type=Vehicle&id=" + first + "," + second + "&timerel=before&timeAt=2020-08-01T12:04:00Z");
        assertThat(both).hasSize(2);
        both.forEach(e -> assertThat(values(e.path("speed"))).containsExactly(120.0));
        JsonNode page = get("/temporal/entities?type=Vehicle&id=" + first + "," + second + "&limit=1");
        assertThat(page).hasSize(1);
        client().get().uri("/temporal/entities?timerel=before&timeAt=2020-08-01T12:04:00Z").exchange().expectStatus().isBadRequest();
    }

    @Test
    void onlyEntitiesWithInstancesInTheRangeAreAnsweredPagedAndCounted() {
        String early = createVehicleHistory();
        String late = uniqueId("Vehicle");
        post("/temporal/entities", "{\"id\":\"" + late + "\",\"type\":\"Vehicle\",\"speed\":[" + instance(30, "2020-08-02T09:00:00Z") + ","
                + instance(31, "2020-08-02T09:10:00Z") + "]}", HttpStatus.CREATED);
        String ids = "&id=" + early + "," + late;

        // late's history lies after 2020-08-02 only; a range inside an hour, between two of its instances, selects neither
        JsonNode after = get("/temporal/entities?type=Vehicle" + ids + "&timerel=after&timeAt=2020-08-02T00:00:00Z&count=true");
        assertThat(after).extracting(e -> e.path("id").asString()).containsExactly(late);
        JsonNode between = get("/temporal/entities?type=Vehicle" + ids
                + "&timerel=between&timeAt=2020-08-02T09:01:00Z&endTimeAt=2020-08-02T09:09:00Z");
        assertThat(between).isEmpty();
        var counted = client().get().uri("/temporal/entities?type=Vehicle" + ids + "&timerel=before&timeAt=2020-08-02T09:05:00Z&count=true&limit=1")
                .exchange().expectStatus().isOk().expectBody().returnResult();
        assertThat(counted.getResponseHeaders().getFirst("NGSILD-Results-Count")).isEqualTo("2");
        assertThat(JSON.readTree(counted.getResponseBody())).hasSize(1);
        JsonNode second = get("/temporal/entities?type=Vehicle" + ids + "&timerel=before&timeAt=2020-08-02T09:05:00Z&limit=1&offset=1");
        assertThat(second).hasSize(1);
        // aggregations select the same way
        JsonNode aggregated = get("/temporal/entities?type=Vehicle" + ids + "&timerel=after&timeAt=2020-08-02T00:00:00Z"
                + "&options=aggregatedValues&aggrMethods=avg&aggrPeriodDuration=P1D");
        assertThat(aggregated).extracting(e -> e.path("id").asString()).containsExactly(late);
    }

    @Test
    void queryByPostWithTemporalQAndAggrParams() {
        String id = createVehicleHistory();
        byte[] body = client().post().uri("/temporal/entityOperations/query").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"Query\",\"entities\":[{\"id\":\"" + id + "\",\"type\":\"Vehicle\"}],\"attrs\":[\"fuelLevel\"],"
                        + "\"temporalQ\":{\"timerel\":\"after\",\"timeAt\":\"2020-08-01T13:00:00Z\"},"
                        + "\"aggrParams\":{\"aggrMethods\":[\"max\"],\"aggrPeriodDuration\":\"P1D\"}}")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        JsonNode answer = JSON.readTree(body);
        assertThat(answer).hasSize(1);
        assertThat(answer.get(0).path("fuelLevel").path("max").get(0).get(0).asDouble()).isEqualTo(53.0);
        assertThat(answer.get(0).has("speed")).isFalse();

        for (String bad : List.of("{\"type\":\"Subscription\"}", "{\"type\":\"Query\",\"type\":\"Query\",\"temporalQ\":{\"timerel\":\"soon\",\"timeAt\":\"x\"}}",
                "{\"type\":\"Query\",\"entities\":[{\"type\":\"Vehicle\"}],\"temporalQ\":{\"color\":\"red\"}}", "[]")) {
            client().post().uri("/temporal/entityOperations/query").contentType(MediaType.APPLICATION_JSON).bodyValue(bad)
                    .exchange().expectStatus().isBadRequest();
        }
    }

    @Test
    void emptyPathSegmentsAreTheCallersError() throws Exception {
        String id = createVehicleHistory();
        // sent as written: WebTestClient's URI builder would fold the empty segments
        assertThat(send("POST", "/temporal/entities//attrs", "{}").statusCode()).isEqualTo(400);
        assertThat(send("DELETE", "/temporal/entities/" + id + "/attrs//urn:ngsi-ld:attribute:instance:1", null).statusCode()).isEqualTo(400);
        java.net.http.HttpResponse<String> patch = send("PATCH", "/temporal/entities/" + id + "/attrs/speed/", "{}");
        assertThat(patch.statusCode()).isEqualTo(405);
        assertThat(patch.headers().firstValue("Allow")).contains("DELETE");
        assertThat(patch.body()).contains("OperationNotSupported");
        assertThat(values(get("/temporal/entities/" + id).path("speed"))).hasSize(3);
    }

    private java.net.http.HttpResponse<String> send(String method, String path, String body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/ngsi-ld/v1" + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody() : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void queryWithQOnTheLastKnownState() {
        String id = uniqueId("Bus");
        post("/entities", "{\"id\":\"" + id + "\",\"type\":\"Bus\",\"route\":{\"type\":\"Property\",\"value\":\"r3\"},\"speed\":"
                + instance(10, "2024-05-01T08:00:00Z") + "}", HttpStatus.CREATED);
        JsonNode found = get("/temporal/entities?type=Bus&q=route==\"r3\"&attrs=speed");
        assertThat(found).anySatisfy(e -> assertThat(e.path("id").asString()).isEqualTo(id));
        JsonNode none = get("/temporal/entities?type=Bus&q=route==\"r4\"");
        assertThat(none).noneSatisfy(e -> assertThat(e.path("id").asString()).isEqualTo(id));
    }

    @Test
    void aggregatedValuesFromTheEtsiExample() {
        String id = createVehicleHistory();
        JsonNode aggregated = get("/temporal/entities/" + id + "?options=aggregatedValues&aggrMethods=avg,max&aggrPeriodDuration=PT1H");
        assertThat(aggregated.path("speed").path("avg").toString())
                .isEqualTo("[[100.0,\"2020-08-01T12:03:00Z\",\"2020-08-01T13:03:00Z\"]]");
        assertThat(aggregated.path("fuelLevel").path("max").toString()).isEqualTo("[[67.0,\"2020-08-01T12:03:00Z\",\"2020-08-01T13:03:00Z\"],"
                + "[53.0,\"2020-08-01T13:03:00Z\",\"2020-08-01T14:03:00Z\"],[40.0,\"2020-08-01T14:03:00Z\",\"2020-08-01T15:03:00Z\"]]");
    }

    @Test
    void badTemporalParametersAre400() {
        String id = createVehicleHistory();
        for (String query : List.of("timerel=later&timeAt=2020-08-01T12:00:00Z", "timerel=after", "timerel=between&timeAt=2020-08-01T12:00:00Z",
                "timeAt=2020-08-01T12:00:00Z", "timerel=after&timeAt=yesterday", "lastN=0", "lastN=1.5", "timeproperty=seenAt",
                "options=aggregatedValues", "options=aggregatedValues&aggrMethods=median", "options=aggregatedValues&aggrMethods=avg&aggrPeriodDuration=1h")) {
            client().get().uri("/temporal/entities/" + id + "?" + query).exchange().expectStatus().isBadRequest();
        }
        client().get().uri("/temporal/entities/not-a-uri").exchange().expectStatus().isBadRequest();
        client().get().uri("/temporal/entities/" + uniqueId("Vehicle")).exchange().expectStatus().isNotFound();
    }

    @Test
    void addAttributesModifyAndDeleteInstances() {
        String id = createVehicleHistory();
        post("/temporal/entities/" + id + "/attrs", "{\"speed\":[" + instance(90, "2020-08-01T12:09:00Z") + "]}", HttpStatus.NO_CONTENT);
        JsonNode history = get("/temporal/entities/" + id + "?attrs=speed");
        assertThat(values(history.path("speed"))).containsExactly(120.0, 80.0, 100.0, 90.0);

        String instanceId = history.path("speed").get(1).path("instanceId").asString();
        patch("/temporal/entities/" + id + "/attrs/speed/" + instanceId, "{\"speed\":{\"type\":\"Property\",\"value\":85}}");
        JsonNode modified = get("/temporal/entities/" + id + "?attrs=speed");
        assertThat(values(modified.path("speed"))).containsExactly(120.0, 85.0, 100.0, 90.0);
        assertThat(modified.path("speed").get(1).path("instanceId").asString()).isEqualTo(instanceId);
        assertThat(modified.path("speed").get(1).path("observedAt").asString()).isEqualTo("2020-08-01T12:05:00Z");

        client().delete().uri("/temporal/entities/" + id + "/attrs/speed/" + instanceId).exchange().expectStatus().isNoContent();
        assertThat(values(get("/temporal/entities/" + id + "?attrs=speed").path("speed"))).containsExactly(120.0, 100.0, 90.0);
        client().delete().uri("/temporal/entities/" + id + "/attrs/speed/" + instanceId).exchange().expectStatus().isNotFound();

        client().delete().uri("/temporal/entities/" + id + "/attrs/speed").exchange().expectStatus().isNoContent();
        JsonNode withoutSpeed = get("/temporal/entities/" + id);
        assertThat(withoutSpeed.has("speed")).isFalse();
        assertThat(values(withoutSpeed.path("fuelLevel"))).hasSize(3);

        client().delete().uri("/temporal/entities/" + id).exchange().expectStatus().isNoContent();
        client().get().uri("/temporal/entities/" + id).exchange().expectStatus().isNotFound();
        client().delete().uri("/temporal/entities/" + id).exchange().expectStatus().isNotFound();
    }

    @Test
    void postingToAnExistingTemporalEntityAddsInstances() {
        String id = createVehicleHistory();
        post("/temporal/entities", "{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"speed\":" + instance(70, "2020-08-01T12:11:00Z") + "}",
                HttpStatus.NO_CONTENT);
        assertThat(values(get("/temporal/entities/" + id + "?attrs=speed").path("speed"))).containsExactly(120.0, 80.0, 100.0, 70.0);
    }

    @Test
    void csvHasOneRowPerInstanceOrPeriod() {
        String id = createVehicleHistory();
        String rows = new String(client().get().uri("/temporal/entities/" + id + "?attrs=speed").header("Accept", "text/csv").exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        String[] lines = rows.split("\r\n");
        assertThat(lines[0]).isEqualTo("entityId,entityType,attribute,datasetId,instanceId,observedAt,value");
        assertThat(lines).hasSize(4);
        assertThat(lines[1]).startsWith(id + ",Vehicle,speed,,urn:ngsi-ld:attribute:instance:").endsWith(",2020-08-01T12:03:00Z,120.0");

        String periods = new String(client().get().uri("/temporal/entities/" + id
                        + "?options=aggregatedValues&aggrMethods=totalCount,avg&aggrPeriodDuration=PT1H&attrs=fuelLevel")
                .header("Accept", "text/csv").exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        assertThat(periods.split("\r\n")).containsExactly("entityId,entityType,attribute,datasetId,start,end,totalCount,avg",
                id + ",Vehicle,fuelLevel,,2020-08-01T12:03:00Z,2020-08-01T13:03:00Z,1,67.0",
                id + ",Vehicle,fuelLevel,,2020-08-01T13:03:00Z,2020-08-01T14:03:00Z,1,53.0",
                id + ",Vehicle,fuelLevel,,2020-08-01T14:03:00Z,2020-08-01T15:03:00Z,1,40.0");
    }

    @Test
    void tenantsHaveSeparateHistories() {
        String id = uniqueId("Vehicle");
        client().post().uri("/entities").header("NGSILD-Tenant", "temporal-a").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"speed\":" + instance(1, "2024-05-01T08:00:00Z") + "}")
                .exchange().expectStatus().isCreated();
        client().post().uri("/entities").header("NGSILD-Tenant", "temporal-b").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"speed\":" + instance(2, "2024-05-01T08:00:00Z") + "}")
                .exchange().expectStatus().isCreated();
        assertThat(values(get("/temporal/entities/" + id, "temporal-a").path("speed"))).containsExactly(1.0);
        assertThat(values(get("/temporal/entities/" + id, "temporal-b").path("speed"))).containsExactly(2.0);
        client().get().uri("/temporal/entities/" + id).exchange().expectStatus().isNotFound();
        client().get().uri("/temporal/entities/" + id).header("NGSILD-Tenant", "temporal-none").exchange().expectStatus().isNotFound();
    }
}
