package city.tsunagu.broker.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Entity type and attribute discovery (ETSI GS CIM 009 v1.9.1, 5.7.5-5.7.10) through the real
 * server, each test in a tenant of its own, with names compacted by a hosted user @context.
 * Bodies are compared whole, as the ETSI suite does (TP/NGSI-LD/ContextInformation/Consumption/Discovery).
 */
class DiscoveryApiTest extends ApiTestSupport {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String CITY = "https://example.org/city#";
    private static final String DEFAULT_VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/";
    private static final String USER_CONTEXT = """
            {"@context": {"Building": "%1$sBuilding", "Vehicle": "%1$sVehicle", "name": "%1$sname",
                          "airQuality": "%1$sairQuality"}}""".formatted(CITY);

    private String tenant;
    private String link;

    /** Two buildings and a vehicle; {@code owner} is not in the user @context, so it lives in the default vocabulary. */
    @BeforeEach
    void entities() {
        URI location = client().post().uri("/jsonldContexts").contentType(MediaType.APPLICATION_JSON).bodyValue(USER_CONTEXT)
                .exchange().expectStatus().isCreated().returnResult(Void.class).getResponseHeaders().getLocation();
        link = "<http://localhost:" + port + location + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
        tenant = "discovery-" + System.nanoTime();
        create("""
                {"id": "%s", "type": "Building",
                 "name": {"type": "Property", "value": "Kanazawa Station"},
                 "airQuality": {"type": "Property", "value": 4},
                 "owner": {"type": "Relationship", "object": "urn:ngsi-ld:City:kanazawa"}}""".formatted(uniqueId("Building")));
        create("""
                {"id": "%s", "type": "Building",
                 "name": {"type": "Property", "value": "Omicho Market"},
                 "airQuality": [{"type": "Property", "value": 3},
                                {"type": "Property", "value": 2, "datasetId": "urn:ngsi-ld:Dataset:sensor-2"}]}"""
                .formatted(uniqueId("Building")));
        create("""
                {"id": "%s", "type": "Vehicle",
                 "name": {"type": "LanguageProperty", "languageMap": {"ja": "金沢ふらっとバス", "en": "Flat Bus"}}}"""
                .formatted(uniqueId("Vehicle")));
    }

    @Test
    void retrieveAvailableEntityTypes() {
        JsonNode list = ok("/types", link);
        assertThat(list.path("id").asString()).startsWith("urn:ngsi-ld:EntityTypeList:");
        assertThat(withoutId(list)).isEqualTo(json("""
                {"type": "EntityTypeList", "typeList": ["Building", "Vehicle"]}"""));
        // without the user @context the names stay expanded; the trailing slash is the suite's form
        assertThat(withoutId(ok("/types/", null))).isEqualTo(json("""
                {"type": "EntityTypeList", "typeList": ["%1$sBuilding", "%1$sVehicle"]}""".formatted(CITY)));
    }

    @Test
    void retrieveDetailsOfAvailableEntityTypes() {
        assertThat(ok("/types?details=true", link)).isEqualTo(json("""
                [{"id": "%1$sBuilding", "type": "EntityType", "typeName": "Building",
                  "attributeNames": ["airQuality", "name", "owner"]},
                 {"id": "%1$sVehicle", "type": "EntityType", "typeName": "Vehicle", "attributeNames": ["name"]}]"""
                .formatted(CITY)));
        assertThat(withoutId(ok("/types?details=false", link)).path("type").asString()).isEqualTo("EntityTypeList");
    }

    @Test
    void retrieveAvailableEntityTypeInformation() {
        JsonNode expected = json("""
                {"id": "%1$sBuilding", "type": "EntityTypeInfo", "typeName": "Building", "entityCount": 2,
                 "attributeDetails": [
                   {"id": "%1$sairQuality", "type": "Attribute", "attributeName": "airQuality", "attributeTypes": ["Property"]},
                   {"id": "%1$sname", "type": "Attribute", "attributeName": "name", "attributeTypes": ["Property"]},
                   {"id": "%2$sowner", "type": "Attribute", "attributeName": "owner", "attributeTypes": ["Relationship"]}]}"""
                .formatted(CITY, DEFAULT_VOCAB));
        assertThat(ok("/types/Building", link)).isEqualTo(expected);
        // the expanded type, percent-encoded in the path
        assertThat(body(get("/types/{type}", link, CITY + "Building"), HttpStatus.OK)).isEqualTo(expected);
        // without the user @context, Building is another type, which no entity has
        expectProblem(get("/types/Building", null), HttpStatus.NOT_FOUND, "ResourceNotFound");
        expectProblem(get("/types/Nothing", link), HttpStatus.NOT_FOUND, "ResourceNotFound");
    }

    @Test
    void retrieveAvailableAttributes() {
        JsonNode list = ok("/attributes", link);
        assertThat(list.path("id").asString()).startsWith("urn:ngsi-ld:AttributeList:");
        assertThat(withoutId(list)).isEqualTo(json("""
                {"type": "AttributeList", "attributeList": ["airQuality", "name", "owner"]}"""));
        assertThat(withoutId(ok("/attributes/", null))).isEqualTo(json("""
                {"type": "AttributeList", "attributeList": ["%1$sairQuality", "%1$sname", "owner"]}""".formatted(CITY)));
    }

    @Test
    void retrieveDetailsOfAvailableAttributes() {
        assertThat(ok("/attributes?details=true", link)).isEqualTo(json("""
                [{"id": "%1$sairQuality", "type": "Attribute", "attributeName": "airQuality", "typeNames": ["Building"]},
                 {"id": "%1$sname", "type": "Attribute", "attributeName": "name", "typeNames": ["Building", "Vehicle"]},
                 {"id": "%2$sowner", "type": "Attribute", "attributeName": "owner", "typeNames": ["Building"]}]"""
                .formatted(CITY, DEFAULT_VOCAB)));
    }

    @Test
    void retrieveAvailableAttributeInformation() {
        // every instance counts: one in the first building, two (by datasetId) in the second
        JsonNode airQuality = json("""
                {"id": "%sairQuality", "type": "Attribute", "attributeName": "airQuality", "attributeCount": 3,
                 "attributeTypes": ["Property"], "typeNames": ["Building"]}""".formatted(CITY));
        assertThat(ok("/attributes/airQuality", link)).isEqualTo(airQuality);
        assertThat(body(get("/attributes/{attr}", link, CITY + "airQuality"), HttpStatus.OK)).isEqualTo(airQuality);
        assertThat(ok("/attributes/name", link)).isEqualTo(json("""
                {"id": "%sname", "type": "Attribute", "attributeName": "name", "attributeCount": 3,
                 "attributeTypes": ["Property", "LanguageProperty"], "typeNames": ["Building", "Vehicle"]}""".formatted(CITY)));
        expectProblem(get("/attributes/airQuality", null), HttpStatus.NOT_FOUND, "ResourceNotFound");
        // entity members are not attributes
        for (String member : new String[] {"id", "type", "scope", "createdAt", "modifiedAt"}) {
            expectProblem(get("/attributes/" + member, link), HttpStatus.NOT_FOUND, "ResourceNotFound");
        }
    }

    @Test
    void ldJsonCarriesTheContextInTheBody() {
        EntityExchangeResult<byte[]> result = client().get().uri("/types/Building").header("NGSILD-Tenant", tenant)
                .header("Link", link).accept(MediaType.parseMediaType("application/ld+json")).exchange()
                .expectStatus().isOk().expectHeader().contentType("application/ld+json")
                .expectHeader().doesNotExist("Link").expectBody().returnResult();
        JsonNode info = JSON.readTree(result.getResponseBody());
        assertThat(info.path("@context").toString()).contains(link.substring(1, link.indexOf('>')));
        JsonNode details = body(client().get().uri("/attributes?details=true").header("NGSILD-Tenant", tenant)
                .header("Link", link).accept(MediaType.parseMediaType("application/ld+json")).exchange(), HttpStatus.OK);
        details.forEach(attribute -> assertThat(attribute.has("@context")).isTrue());

        client().get().uri("/attributes").header("NGSILD-Tenant", tenant).accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isOk().expectHeader().contentType("application/json")
                .expectHeader().valueMatches("Link", ".*ngsi-ld-core-context.*");
        client().get().uri("/types").header("NGSILD-Tenant", tenant).accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isEqualTo(HttpStatus.NOT_ACCEPTABLE);
        client().get().uri("/attributes/name").header("NGSILD-Tenant", tenant).accept(MediaType.APPLICATION_XML).exchange()
                .expectStatus().isEqualTo(HttpStatus.NOT_ACCEPTABLE);
    }

    @Test
    void queryParametersAreChecked() {
        expectProblem(get("/types?limit=5", link), HttpStatus.BAD_REQUEST, "InvalidRequest");
        expectProblem(get("/attributes?limit=5", link), HttpStatus.BAD_REQUEST, "InvalidRequest");
        expectProblem(get("/types/Building?details=true", link), HttpStatus.BAD_REQUEST, "InvalidRequest");
        expectProblem(get("/attributes/name?details=true", link), HttpStatus.BAD_REQUEST, "InvalidRequest");
        expectProblem(get("/types?details=yes", link), HttpStatus.BAD_REQUEST, "BadRequestData");
        expectProblem(get("/attributes?local=maybe", link), HttpStatus.BAD_REQUEST, "BadRequestData");
        expectProblem(get("/types/{type}", link, "not a name"), HttpStatus.BAD_REQUEST, "BadRequestData");
        assertThat(ok("/types/Building?local=true", link).path("entityCount").asLong()).isEqualTo(2);
        assertThat(ok("/attributes?details=true&local=true", link).size()).isEqualTo(3);
    }

    @Test
    void discoveryIsScopedToTheTenant() {
        String other = "discovery-other-" + System.nanoTime();
        client().post().uri("/entities").header("NGSILD-Tenant", other).header("Link", link).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\": \"" + uniqueId("Vehicle") + "\", \"type\": \"Vehicle\"}").exchange().expectStatus().isCreated();
        assertThat(body(getIn(other, "/types", link), HttpStatus.OK).path("typeList")).isEqualTo(json("[\"Vehicle\"]"));
        assertThat(body(getIn(other, "/types?details=true", link), HttpStatus.OK)).isEqualTo(json("""
                [{"id": "%sVehicle", "type": "EntityType", "typeName": "Vehicle", "attributeNames": []}]""".formatted(CITY)));
        assertThat(body(getIn(other, "/attributes", link), HttpStatus.OK).path("attributeList")).isEqualTo(json("[]"));
        expectProblem(getIn(other, "/types/Building", link), HttpStatus.NOT_FOUND, "ResourceNotFound");
        expectProblem(getIn(other, "/attributes/airQuality", link), HttpStatus.NOT_FOUND, "ResourceNotFound");

        String nobody = "discovery-nobody-" + System.nanoTime();
        expectProblem(getIn(nobody, "/types", link), HttpStatus.NOT_FOUND, "NonexistentTenant");
        expectProblem(getIn(nobody, "/attributes/name", link), HttpStatus.NOT_FOUND, "NonexistentTenant");
    }

    private void create(String entity) {
        client().post().uri("/entities").header("NGSILD-Tenant", tenant).header("Link", link)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(entity).exchange().expectStatus().isCreated();
    }

    private WebTestClient.ResponseSpec get(String path, String contextLink, Object... uriVariables) {
        return getIn(tenant, path, contextLink, uriVariables);
    }

    private WebTestClient.ResponseSpec getIn(String tenantName, String path, String contextLink, Object... uriVariables) {
        WebTestClient.RequestHeadersSpec<?> request = client().get().uri(path, uriVariables).header("NGSILD-Tenant", tenantName);
        if (contextLink != null) {
            request = request.header("Link", contextLink);
        }
        return request.exchange();
    }

    private JsonNode ok(String path, String contextLink) {
        return body(get(path, contextLink), HttpStatus.OK);
    }

    private static JsonNode body(WebTestClient.ResponseSpec response, HttpStatus status) {
        return JSON.readTree(response.expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody());
    }

    private static void expectProblem(WebTestClient.ResponseSpec response, HttpStatus status, String errorType) {
        JsonNode problem = body(response, status);
        assertThat(problem.path("type").asString()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/" + errorType);
        assertThat(problem.path("title").asString()).isNotBlank();
    }

    private static JsonNode withoutId(JsonNode list) {
        ObjectNode copy = ((ObjectNode) list).deepCopy();
        copy.remove("id");
        return copy;
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
