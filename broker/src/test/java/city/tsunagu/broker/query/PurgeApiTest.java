package city.tsunagu.broker.query;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Purge Entities (DELETE /entities, 5.6.21), each test in a tenant of its own. */
class PurgeApiTest extends ApiTestSupport {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String PROBLEM_BAD_REQUEST = "https://uri.etsi.org/ngsi-ld/errors/BadRequestData";
    private String tenant;

    /** Five docking stations s1..s5 (availableBikeNumber = i, name, status) and two vehicles, one scoped. */
    @BeforeEach
    void stationsAndVehicles() {
        tenant = "purge-" + System.nanoTime();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 1; i <= 5; i++) {
            batch.append("{\"id\":\"urn:ngsi-ld:BikeHireDockingStation:s").append(i)
                    .append("\",\"type\":\"BikeHireDockingStation\",\"availableBikeNumber\":{\"type\":\"Property\",\"value\":")
                    .append(i).append("},\"name\":{\"type\":\"Property\",\"value\":\"Station ").append(i)
                    .append("\"},\"status\":{\"type\":\"Property\",\"value\":\"working\"}},");
        }
        batch.append("{\"id\":\"urn:ngsi-ld:Vehicle:v1\",\"type\":\"Vehicle\",\"scope\":\"/Kanazawa/Station\","
                + "\"speed\":{\"type\":\"Property\",\"value\":1}},"
                + "{\"id\":\"urn:ngsi-ld:Vehicle:v2\",\"type\":\"Vehicle\",\"speed\":{\"type\":\"Property\",\"value\":2}}]");
        create(tenant, batch.toString());
    }

    private void create(String tenantName, String batch) {
        client().post().uri("/entityOperations/create").header("NGSILD-Tenant", tenantName)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(batch).exchange().expectStatus().isCreated();
    }

    private WebTestClient.ResponseSpec purge(String template, Object... values) {
        return client().delete().uri("/entities?" + template, values).header("NGSILD-Tenant", tenant).exchange();
    }

    private void purged(String template, Object... values) {
        purge(template, values).expectStatus().isNoContent().expectBody().isEmpty();
    }

    private void rejected(String template, Object... values) {
        purge(template, values).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.type").isEqualTo(PROBLEM_BAD_REQUEST);
    }

    /** The ids of all entities left in the tenant, in id order. */
    private List<String> remaining() {
        JsonNode all = JSON.readTree(client().get().uri("/entities?type=*&limit=1000").header("NGSILD-Tenant", tenant)
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        List<String> ids = new ArrayList<>();
        all.forEach(e -> ids.add(e.path("id").asString().replaceAll("^urn:ngsi-ld:[A-Za-z]+:", "")));
        return ids;
    }

    private JsonNode entity(String id) {
        return JSON.readTree(client().get().uri("/entities/{id}?options=sysAttrs", id).header("NGSILD-Tenant", tenant)
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    @Test
    void byTypeDeletesThoseEntitiesOnly() {
        purged("type=BikeHireDockingStation");
        assertThat(remaining()).containsExactly("v1", "v2");
    }

    @Test
    void byQ() {
        purged("q={q}", "availableBikeNumber>=4|speed==2");
        assertThat(remaining()).containsExactly("s1", "s2", "s3", "v1");
    }

    @Test
    void byIdListAndIdPatternWithinAType() {
        purged("type=BikeHireDockingStation&id={ids}", "urn:ngsi-ld:BikeHireDockingStation:s1,urn:ngsi-ld:Vehicle:v1");
        assertThat(remaining()).containsExactly("s2", "s3", "s4", "s5", "v1", "v2");
        purged("type=BikeHireDockingStation,Vehicle&idPattern={p}", ".*:(s[23]|v2)$");
        assertThat(remaining()).containsExactly("s4", "s5", "v1");
    }

    @Test
    void scopeQCombinedWithType() {
        purged("type=Vehicle&scopeQ={s}", "/Kanazawa/#");
        assertThat(remaining()).containsExactly("s1", "s2", "s3", "s4", "s5", "v2");
    }

    @Test
    void keepDeletesAllOtherAttributes() {
        purged("type=BikeHireDockingStation&q={q}&keep=name", "availableBikeNumber<=2");
        JsonNode s2 = entity("urn:ngsi-ld:BikeHireDockingStation:s2");
        assertThat(s2.has("name")).isTrue();
        assertThat(s2.has("availableBikeNumber")).isFalse();
        assertThat(s2.has("status")).isFalse();
        assertThat(entity("urn:ngsi-ld:BikeHireDockingStation:s3").has("status")).isTrue();
        assertThat(remaining()).hasSize(7);
    }

    @Test
    void dropDeletesThoseAttributesAsDeleteAttributeDoes() {
        JsonNode before = entity("urn:ngsi-ld:Vehicle:v1");
        Instant created = Instant.parse(before.path("createdAt").asString());
        while (!Instant.now().isAfter(created)) {
            Thread.onSpinWait(); // a purge in the same millisecond as the create could not show a new modifiedAt
        }
        purged("type=BikeHireDockingStation,Vehicle&drop=status,speed");
        JsonNode s1 = entity("urn:ngsi-ld:BikeHireDockingStation:s1");
        assertThat(s1.has("status")).isFalse();
        assertThat(s1.has("name")).isTrue();
        assertThat(s1.path("availableBikeNumber").path("value").asInt()).isEqualTo(1);
        JsonNode v1 = entity("urn:ngsi-ld:Vehicle:v1");
        assertThat(v1.has("speed")).isFalse();
        assertThat(Instant.parse(v1.path("modifiedAt").asString())).isAfter(created);
        assertThat(v1.path("createdAt").asString()).isEqualTo(before.path("createdAt").asString());
        // v1 now has nothing to drop: a second purge leaves it untouched
        purged("type=Vehicle&drop=speed");
        assertThat(entity("urn:ngsi-ld:Vehicle:v1").path("modifiedAt").asString()).isEqualTo(v1.path("modifiedAt").asString());
        assertThat(remaining()).hasSize(7);
    }

    @Test
    void rejectedPurgesDeleteNothing() {
        rejected("");
        rejected("id={id}", "urn:ngsi-ld:Vehicle:v1");
        rejected("idPattern=.*");
        rejected("q={q}", "modifiedAt>\"2020-01-01T00:00:00Z\"");
        rejected("type=Vehicle&keep=speed&drop=speed");
        rejected("type=Vehicle&q={q}", "onRoute{name}==\"x\"");
        rejected("type=Vehicle&id=notAUri");
        purge("type=Vehicle&unknown=1").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.type").isEqualTo("https://uri.etsi.org/ngsi-ld/errors/InvalidRequest");
        assertThat(remaining()).hasSize(7);
    }

    @Test
    void malformedQNamesTheTokenAndDeletesNothing() {
        purge("type=BikeHireDockingStation&q={q}", "availableBikeNumber>>3").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.type").isEqualTo(PROBLEM_BAD_REQUEST)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("'>3'"));
        assertThat(remaining()).hasSize(7);
    }

    @Test
    void localTruePurgesTheWholeTenantAndNoOther() {
        String other = "purge-other-" + System.nanoTime();
        create(other, "[{\"id\":\"urn:ngsi-ld:Vehicle:v1\",\"type\":\"Vehicle\"}]");
        purged("local=true");
        assertThat(remaining()).isEmpty();
        client().get().uri("/entities/urn:ngsi-ld:Vehicle:v1").header("NGSILD-Tenant", other).exchange()
                .expectStatus().isOk();
    }

    @Test
    void anUnknownTenantIsNotFound() {
        client().delete().uri("/entities?type=Vehicle").header("NGSILD-Tenant", "purge-nobody-" + System.nanoTime())
                .exchange().expectStatus().isNotFound().expectBody()
                .jsonPath("$.type").isEqualTo("https://uri.etsi.org/ngsi-ld/errors/NonexistentTenant");
    }

    @Test
    void purgesMoreMatchesThanOnePage() {
        int count = EntityPurge.PAGE_SIZE * 2 + 7;
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            batch.append(i > 0 ? "," : "").append("{\"id\":\"urn:ngsi-ld:Sensor:n").append(i)
                    .append("\",\"type\":\"Sensor\",\"level\":{\"type\":\"Property\",\"value\":").append(i % 2).append("}}");
        }
        create(tenant, batch.append("]").toString());
        // dropping keeps every match selected and deleting shifts later matches forward: pages must go by id
        purged("type=Sensor&drop=level");
        assertThat(JSON.readTree(client().get().uri("/entities?q=level&limit=1").header("NGSILD-Tenant", tenant)
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody())).isEmpty();
        create(tenant, batch.toString().replace("urn:ngsi-ld:Sensor:n", "urn:ngsi-ld:Sensor:m"));
        purged("type=Sensor&q=level==1");
        int evenMs = (count + 1) / 2;
        client().get().uri("/entities?type=Sensor&count=true&limit=0").header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("NGSILD-Results-Count", Integer.toString(count + evenMs));
        purged("type=Sensor");
        assertThat(remaining()).hasSize(7);
    }
}
