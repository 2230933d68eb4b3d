package city.tsunagu.broker.entity;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Batch operations: success and error reports, per-entity atomicity. */
class BatchApiTest extends ApiTestSupport {
    private static final JsonMapper JSON = JsonMapper.shared();

    private static String dock(String id, int bikes) {
        return "{\"id\":\"" + id + "\",\"type\":\"BikeHireDockingStation\","
                + "\"availableBikeNumber\":{\"type\":\"Property\",\"value\":" + bikes + "},"
                + "\"freeSlotNumber\":{\"type\":\"Property\",\"value\":" + (20 - bikes) + "}}";
    }

    private JsonNode post(String op, String body, HttpStatus expected) {
        byte[] response = client().post().uri("/entityOperations/" + op).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isEqualTo(expected).expectBody().returnResult().getResponseBody();
        return response == null || response.length == 0 ? null : JSON.readTree(response);
    }

    private JsonNode get(String id) {
        return JSON.readTree(client().get().uri("/entities/" + id).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
    }

    @Test
    void createAllSucceedAnswers201WithIds() {
        String a = uniqueId("BikeHireDockingStation");
        String b = uniqueId("BikeHireDockingStation");
        JsonNode ids = post("create", "[" + dock(a, 3) + "," + dock(b, 5) + "]", HttpStatus.CREATED);
        assertThat(ids.get(0).asString()).isEqualTo(a);
        assertThat(ids.get(1).asString()).isEqualTo(b);
        assertThat(get(b).path("availableBikeNumber").path("value").asInt()).isEqualTo(5);
    }

    @Test
    void createWithFailuresAnswers207AndKeepsTheGoodOnes() {
        String existing = uniqueId("BikeHireDockingStation");
        post("create", "[" + dock(existing, 1) + "]", HttpStatus.CREATED);
        String fresh = uniqueId("BikeHireDockingStation");
        String invalid = "{\"id\":\"" + uniqueId("BikeHireDockingStation") + "\",\"type\":\"BikeHireDockingStation\",\"x\":{\"type\":\"Property\"}}";
        JsonNode report = post("create", "[" + dock(existing, 2) + "," + dock(fresh, 4) + "," + invalid + "]", HttpStatus.MULTI_STATUS);
        assertThat(report.path("success").size()).isEqualTo(1);
        assertThat(report.path("success").get(0).asString()).isEqualTo(fresh);
        assertThat(report.path("errors").size()).isEqualTo(2);
        assertThat(report.path("errors").get(0).path("entityId").asString()).isEqualTo(existing);
        assertThat(report.path("errors").get(0).path("error").path("type").asString())
                .isEqualTo("https://uri.etsi.org/ngsi-ld/errors/AlreadyExists");
        assertThat(report.path("errors").get(1).path("error").path("status").asInt()).isEqualTo(400);
        assertThat(get(existing).path("availableBikeNumber").path("value").asInt()).isEqualTo(1);
    }

    @Test
    void upsertCreatesAndReplacesOrUpdates() {
        String existing = uniqueId("BikeHireDockingStation");
        post("create", "[" + dock(existing, 1) + "]", HttpStatus.CREATED);
        String fresh = uniqueId("BikeHireDockingStation");
        JsonNode created = post("upsert", "[" + dock(existing, 7) + "," + dock(fresh, 2) + "]", HttpStatus.CREATED);
        assertThat(created.size()).isEqualTo(1);
        assertThat(created.get(0).asString()).isEqualTo(fresh);
        assertThat(get(existing).path("availableBikeNumber").path("value").asInt()).isEqualTo(7);

        assertThat(post("upsert", "[" + dock(existing, 8) + "]", HttpStatus.NO_CONTENT)).isNull();
        // replace (default) drops attributes not given; update keeps them
        String onlyBikes = "{\"id\":\"" + existing + "\",\"type\":\"BikeHireDockingStation\",\"availableBikeNumber\":{\"type\":\"Property\",\"value\":9}}";
        post("upsert?options=update", "[" + onlyBikes + "]", HttpStatus.NO_CONTENT);
        assertThat(get(existing).path("freeSlotNumber").path("value").asInt()).isEqualTo(12);
        post("upsert", "[" + onlyBikes + "]", HttpStatus.NO_CONTENT);
        assertThat(get(existing).has("freeSlotNumber")).isFalse();
    }

    @Test
    void upsertIntoANewTenantCreatesTheTenant() {
        String tenant = "upsert-" + System.nanoTime();
        String id = uniqueId("BikeHireDockingStation");
        client().post().uri("/entityOperations/upsert?options=update").header("NGSILD-Tenant", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("[" + dock(id, 3) + "]")
                .exchange().expectStatus().isCreated();
        client().get().uri("/entities/" + id).header("NGSILD-Tenant", tenant).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.availableBikeNumber.value").isEqualTo(3);
    }

    @Test
    void updateMergeAndDelete() {
        String a = uniqueId("BikeHireDockingStation");
        String missing = uniqueId("BikeHireDockingStation");
        post("create", "[" + dock(a, 1) + "]", HttpStatus.CREATED);
        String update = "[{\"id\":\"" + a + "\",\"availableBikeNumber\":{\"type\":\"Property\",\"value\":4}},"
                + "{\"id\":\"" + missing + "\",\"availableBikeNumber\":{\"type\":\"Property\",\"value\":4}}]";
        JsonNode report = post("update", update, HttpStatus.MULTI_STATUS);
        assertThat(report.path("success").get(0).asString()).isEqualTo(a);
        assertThat(report.path("errors").get(0).path("error").path("status").asInt()).isEqualTo(404);
        assertThat(get(a).path("availableBikeNumber").path("value").asInt()).isEqualTo(4);

        post("merge", "[{\"id\":\"" + a + "\",\"type\":\"BikeHireDockingStation\",\"freeSlotNumber\":{\"value\":2}}]", HttpStatus.NO_CONTENT);
        assertThat(get(a).path("freeSlotNumber").path("value").asInt()).isEqualTo(2);

        JsonNode deleted = post("delete", "[\"" + a + "\",\"" + missing + "\"]", HttpStatus.MULTI_STATUS);
        assertThat(deleted.path("success").get(0).asString()).isEqualTo(a);
        assertThat(deleted.path("errors").get(0).path("entityId").asString()).isEqualTo(missing);
        client().get().uri("/entities/" + a).exchange().expectStatus().isNotFound();
    }

    @Test
    void theSameEntityTwiceIsAppliedInOrder() {
        String id = uniqueId("BikeHireDockingStation");
        StringBuilder batch = new StringBuilder("[");
        for (int bikes = 1; bikes <= 12; bikes++) {
            batch.append(bikes > 1 ? "," : "").append(dock(id, bikes));
        }
        post("upsert", batch.append("]").toString(), HttpStatus.CREATED);
        assertThat(get(id).path("availableBikeNumber").path("value").asInt()).isEqualTo(12);
    }

    @Test
    void malformedBatchIsRejectedWhole() {
        client().post().uri("/entityOperations/create").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"id\":1}")
                .exchange().expectStatus().isBadRequest();
        client().post().uri("/entityOperations/create").contentType(MediaType.APPLICATION_JSON).bodyValue("[]")
                .exchange().expectStatus().isBadRequest();
        String id = uniqueId("BikeHireDockingStation");
        client().post().uri("/entityOperations/create").contentType(MediaType.APPLICATION_JSON).bodyValue("[" + dock(id, 1) + ",null]")
                .exchange().expectStatus().isBadRequest();
        client().get().uri("/entities/" + id).exchange().expectStatus().isNotFound();
    }
}
