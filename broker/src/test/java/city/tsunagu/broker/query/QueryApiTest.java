package city.tsunagu.broker.query;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Query Entities by id, idPattern, type and attrs, with pagination, in a tenant of its own. */
class QueryApiTest extends ApiTestSupport {
    private static final JsonMapper JSON = JsonMapper.shared();
    private String tenant;

    @BeforeEach
    void fiveStations() {
        tenant = "query-" + System.nanoTime();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 1; i <= 5; i++) {
            batch.append(i > 1 ? "," : "").append("{\"id\":\"urn:ngsi-ld:BikeHireDockingStation:s").append(i)
                    .append("\",\"type\":\"BikeHireDockingStation\",\"availableBikeNumber\":{\"type\":\"Property\",\"value\":")
                    .append(i).append("}}");
        }
        // 300 m due north of Kanazawa Station (36.5781 N 136.6480 E): 0.0027 degrees of latitude
        batch.append(",{\"id\":\"urn:ngsi-ld:Vehicle:v1\",\"type\":\"Vehicle\",\"scope\":\"/Kanazawa/Station\","
                + "\"speed\":{\"type\":\"Property\",\"value\":1},"
                + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[136.6480,36.5808]}}}]");
        client().post().uri("/entityOperations/create").header("NGSILD-Tenant", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(batch.toString()).exchange().expectStatus().isCreated();
    }

    private EntityExchangeResult<byte[]> query(String params) {
        return client().get().uri("/entities?" + params).header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isOk().expectBody().returnResult();
    }

    private JsonNode body(String params) {
        return JSON.readTree(query(params).getResponseBody());
    }

    @Test
    void byTypeIdAndPattern() {
        assertThat(body("type=BikeHireDockingStation").size()).isEqualTo(5);
        assertThat(body("type=Vehicle,BikeHireDockingStation").size()).isEqualTo(6);
        assertThat(body("type=*&id=urn:ngsi-ld:BikeHireDockingStation:s2,urn:ngsi-ld:Vehicle:v1").size()).isEqualTo(2);
        assertThat(body("type=BikeHireDockingStation&idPattern=.*:s[12]$").size()).isEqualTo(2);
        assertThat(body("local=true&id=urn:ngsi-ld:Vehicle:v1").size()).isEqualTo(1);
        // ids narrow a selection but do not make one (5.7.2.4): the detail says what to add
        JsonNode problem = JSON.readTree(client().get().uri("/entities?id=urn:ngsi-ld:Vehicle:v1").header("NGSILD-Tenant", tenant)
                .exchange().expectStatus().isBadRequest().expectBody().returnResult().getResponseBody());
        assertThat(problem.path("detail").asString()).contains("give their type, or type=*");
        client().get().uri("/entities?type=*&local=false").header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isBadRequest();
        client().get().uri("/entities?type=Vehicle&attrs=id,speed").header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isBadRequest();
        assertThat(body("attrs=speed").get(0).path("id").asString()).isEqualTo("urn:ngsi-ld:Vehicle:v1");
        assertThat(body("type=BikeHireDockingStation&options=keyValues").get(0).path("availableBikeNumber").asInt()).isEqualTo(1);
    }

    private JsonNode body(String template, Object... values) {
        return JSON.readTree(client().get().uri("/entities?" + template, values).header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    @Test
    void qScopeAndTypeSelection() {
        assertThat(body("type={t}&q={q}", "BikeHireDockingStation", "availableBikeNumber>=4").size()).isEqualTo(2);
        assertThat(body("type={t}&q={q}", "BikeHireDockingStation", "availableBikeNumber==2..3|availableBikeNumber==5").size())
                .isEqualTo(3);
        assertThat(body("q={q}", "speed==1;availableBikeNumber==1").size()).isZero();
        assertThat(body("type={t}", "(Vehicle|BikeHireDockingStation)").size()).isEqualTo(6);
        assertThat(body("type={t}&scopeQ={s}", "Vehicle", "/Kanazawa/#").size()).isEqualTo(1);
        assertThat(body("type={t}&scopeQ={s}", "BikeHireDockingStation", "/Kanazawa/#").size()).isZero();
        client().get().uri("/entities?q={q}", "availableBikeNumber>>3").header("NGSILD-Tenant", tenant)
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void queryByPostSelectsLikeTheParameters() {
        String query = "{\"type\":\"Query\",\"entities\":[{\"type\":\"BikeHireDockingStation\",\"idPattern\":\".*s[1-4]$\"},"
                + "{\"type\":\"Vehicle\",\"id\":\"urn:ngsi-ld:Vehicle:v1\"}],\"q\":\"availableBikeNumber>=3|speed==1\","
                + "\"pick\":[\"id\"]}";
        JsonNode result = JSON.readTree(client().post().uri("/entityOperations/query?count=true").header("NGSILD-Tenant", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(query).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("NGSILD-Results-Count", "3").expectBody().returnResult().getResponseBody());
        assertThat(result).hasSize(3);
        assertThat(result.get(0).propertyNames()).containsExactly("id");
        client().post().uri("/entityOperations/query").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"Query\",\"entities\":[]}").exchange().expectStatus().isBadRequest();
        client().post().uri("/entityOperations/query").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"Query\",\"entities\":[{\"id\":\"urn:ngsi-ld:Vehicle:v1\"}]}").exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void aQueryNeedsASelector() {
        client().get().uri("/entities").header("NGSILD-Tenant", tenant).exchange().expectStatus().isBadRequest();
        assertThat(body("type=*").size()).isEqualTo(6);
        // attrs or q on system members alone select everything: too wide
        client().get().uri("/entities?attrs=createdAt").header("NGSILD-Tenant", tenant).exchange().expectStatus().isBadRequest();
        client().get().uri("/entities?q={q}", "modifiedAt>\"2020-01-01T00:00:00Z\"").header("NGSILD-Tenant", tenant)
                .exchange().expectStatus().isBadRequest();
        assertThat(body("q={q}", "speed==1").size()).isEqualTo(1);
        // a q on linked entities needs a join deep enough
        client().get().uri("/entities?type=Vehicle&q={q}", "onRoute{name}==\"x\"").header("NGSILD-Tenant", tenant)
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void nearKanazawaStation() {
        // s1..s5 have no location; v1 stands 300 m from Kanazawa Station
        JsonNode near = body("georel={g}&geometry=Point&coordinates={c}", "near;maxDistance==500", "[136.6480,36.5781]");
        assertThat(near.size()).isEqualTo(1);
        assertThat(near.get(0).path("id").asString()).isEqualTo("urn:ngsi-ld:Vehicle:v1");
        assertThat(body("georel={g}&geometry=Point&coordinates={c}", "near;maxDistance==200", "[136.6480,36.5781]").size())
                .isZero();
        client().get().uri("/entities?georel={g}&geometry=Point", "near;maxDistance==500").header("NGSILD-Tenant", tenant)
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void paginationWithCountAndLinks() {
        EntityExchangeResult<byte[]> first = query("type=BikeHireDockingStation&limit=2&count=true");
        assertThat(first.getResponseHeaders().getFirst("NGSILD-Results-Count")).isEqualTo("5");
        assertThat(JSON.readTree(first.getResponseBody()).size()).isEqualTo(2);
        assertThat(first.getResponseHeaders().get("Link")).contains(
                "</ngsi-ld/v1/entities?count=true&limit=2&offset=2&type=BikeHireDockingStation>; rel=\"next\";type=\"application/json\"");

        EntityExchangeResult<byte[]> last = query("type=BikeHireDockingStation&limit=2&offset=4");
        JsonNode page = JSON.readTree(last.getResponseBody());
        assertThat(page.size()).isEqualTo(1);
        assertThat(page.get(0).path("id").asString()).isEqualTo("urn:ngsi-ld:BikeHireDockingStation:s5");
        assertThat(last.getResponseHeaders().get("Link")).anyMatch(l -> l.contains("rel=\"prev\""))
                .noneMatch(l -> l.contains("rel=\"next\""));

        assertThat(body("type=BikeHireDockingStation&limit=0").size()).isZero();
        client().get().uri("/entities?type=BikeHireDockingStation&limit=100000").header("NGSILD-Tenant", tenant)
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void geoJsonFeatureCollection() {
        JsonNode collection = JSON.readTree(client().get().uri("/entities?type=Vehicle").header("NGSILD-Tenant", tenant)
                .header("Accept", "application/geo+json").exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(collection.path("type").asString()).isEqualTo("FeatureCollection");
        assertThat(collection.path("features").get(0).path("id").asString()).isEqualTo("urn:ngsi-ld:Vehicle:v1");
    }

    @Test
    void qFollowsRelationshipsToLinkedEntities() {
        // stations s1..s3 are operated by a company whose depot is in Kanazawa; s4 by one in Komatsu; s5 by none
        client().post().uri("/entityOperations/upsert").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[{\"id\":\"urn:ngsi-ld:Company:hokutetsu\",\"type\":\"Company\",\"name\":{\"type\":\"Property\","
                        + "\"value\":\"Hokutetsu\"},\"depot\":{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:Depot:d1\"}},"
                        + "{\"id\":\"urn:ngsi-ld:Company:komatsu\",\"type\":\"Company\",\"name\":{\"type\":\"Property\","
                        + "\"value\":\"Komatsu Bus\"}},"
                        + "{\"id\":\"urn:ngsi-ld:Depot:d1\",\"type\":\"Depot\",\"city\":{\"type\":\"Property\",\"value\":\"Kanazawa\"}}]")
                .exchange().expectStatus().is2xxSuccessful();
        for (int i = 1; i <= 4; i++) {
            String company = i <= 3 ? "hokutetsu" : "komatsu";
            client().post().uri("/entities/urn:ngsi-ld:BikeHireDockingStation:s" + i + "/attrs").header("NGSILD-Tenant", tenant)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"operator\":{\"type\":\"Relationship\","
                            + "\"object\":\"urn:ngsi-ld:Company:" + company + "\"}}")
                    .exchange().expectStatus().isNoContent();
        }
        String stations = "type=BikeHireDockingStation&join=inline&joinLevel=2&q={q}";
        assertThat(body(stations, "operator{name}==\"Hokutetsu\"")).hasSize(3);
        assertThat(body(stations, "operator{Company:name}==\"Komatsu Bus\"")).hasSize(1);
        assertThat(body(stations, "operator{Depot:name}==\"Komatsu Bus\"")).isEmpty();
        assertThat(body(stations, "operator{depot{city}}==\"Kanazawa\";availableBikeNumber>=2")).hasSize(2);
        assertThat(body(stations, "operator{name}==\"Komatsu Bus\"|availableBikeNumber==5")).hasSize(2);
        client().get().uri("/entities?type=BikeHireDockingStation&q={q}", "operator{name}==\"Hokutetsu\"")
                .header("NGSILD-Tenant", tenant).exchange().expectStatus().isBadRequest(); // needs join and joinLevel
    }

    @Test
    void queriesSeeOnlyTheirTenant() {
        // the same ids in another tenant, with other values
        String other = tenant + "-other";
        client().post().uri("/entityOperations/create").header("NGSILD-Tenant", other).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[{\"id\":\"urn:ngsi-ld:BikeHireDockingStation:s1\",\"type\":\"BikeHireDockingStation\","
                        + "\"availableBikeNumber\":{\"type\":\"Property\",\"value\":100}}]")
                .exchange().expectStatus().isCreated();
        assertThat(body("type=BikeHireDockingStation&q=availableBikeNumber>=100")).isEmpty();
        JsonNode theirs = JSON.readTree(client().get().uri("/entities?type=BikeHireDockingStation&count=true")
                .header("NGSILD-Tenant", other).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("NGSILD-Results-Count", "1").expectBody().returnResult().getResponseBody());
        assertThat(theirs.get(0).path("availableBikeNumber").path("value").asInt()).isEqualTo(100);
        // the default tenant has none of them; an unknown tenant is an error, not an empty answer
        JsonNode defaults = JSON.readTree(client().get().uri("/entities?type=BikeHireDockingStation&q=availableBikeNumber>=100")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(defaults).isEmpty();
        client().get().uri("/entities?type=BikeHireDockingStation").header("NGSILD-Tenant", tenant + "-never").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.type")
                .isEqualTo("https://uri.etsi.org/ngsi-ld/errors/NonexistentTenant");
    }

    @Test
    void pickOfAttributesSelectsTheEntitiesThatHaveThem() {
        JsonNode picked = body("type=Vehicle,BikeHireDockingStation&pick=speed");
        assertThat(picked).hasSize(1);
        assertThat(picked.get(0).propertyNames()).containsExactly("speed");
        // with an entity member picked, every entity has something to show
        assertThat(body("type=Vehicle,BikeHireDockingStation&pick=id,speed")).hasSize(6);
    }

    @Test
    void datasetIdShowsOnlyTheNamedInstances() {
        client().post().uri("/entities/urn:ngsi-ld:Vehicle:v1/attrs").header("NGSILD-Tenant", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"speed\":[{\"type\":\"Property\",\"value\":2,"
                        + "\"datasetId\":\"urn:ngsi-ld:Dataset:gps\"},{\"type\":\"Property\",\"value\":3,"
                        + "\"datasetId\":\"urn:ngsi-ld:Dataset:can\"}]}")
                .exchange().expectStatus().isNoContent();
        JsonNode gps = body("type=Vehicle&datasetId=urn:ngsi-ld:Dataset:gps").get(0);
        assertThat(gps.path("speed").path("value").asInt()).isEqualTo(2);
        assertThat(gps.has("location")).isFalse(); // only the instances named are shown
        JsonNode both = body("type=Vehicle&datasetId=@none,urn:ngsi-ld:Dataset:can&attrs=speed").get(0).path("speed");
        assertThat(both.isArray()).isTrue();
        assertThat(both).extracting(i -> i.path("value").asInt()).containsExactlyInAnyOrder(1, 3);
        // the entity still matches when none of its instances is named: it is shown without attributes
        JsonNode none = body("type=Vehicle&datasetId=urn:ngsi-ld:Dataset:radar").get(0);
        assertThat(none.propertyNames()).containsExactlyInAnyOrder("id", "type", "scope");
        // Retrieve Entity takes the same parameter
        JsonNode retrieved = JSON.readTree(client().get().uri("/entities/urn:ngsi-ld:Vehicle:v1?datasetId=urn:ngsi-ld:Dataset:can")
                .header("NGSILD-Tenant", tenant).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(retrieved.path("speed").path("value").asInt()).isEqualTo(3);
        client().get().uri("/entities?type=Vehicle&datasetId=gps").header("NGSILD-Tenant", tenant)
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void aContextSourceFilterIsCheckedAndLeavesTheLocalAnswer() {
        assertThat(body("type=Vehicle&csf={csf}", "endpoint==\"http://example.org\"")).hasSize(1);
        JsonNode problem = JSON.readTree(client().get().uri("/entities?type=Vehicle&csf={csf}", "))bad((")
                .header("NGSILD-Tenant", tenant).exchange().expectStatus().isBadRequest().expectBody().returnResult()
                .getResponseBody());
        assertThat(problem.path("detail").asString()).startsWith("csf:");
    }

    @Test
    void notYetSupportedParametersSayNotImplemented() {
        client().get().uri("/entities?type=Vehicle&entityMap=true").header("NGSILD-Tenant", tenant)
                .exchange().expectStatus().isEqualTo(501);
        client().get().uri("/entities?type=Vehicle&unknown=1").header("NGSILD-Tenant", tenant)
                .exchange().expectStatus().isBadRequest();
    }
}
