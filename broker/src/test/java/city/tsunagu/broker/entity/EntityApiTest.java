package city.tsunagu.broker.entity;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The entity operations through the real HTTP server and the embedded store. */
class EntityApiTest extends ApiTestSupport {
    private static final String CORE = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld";
    private static final String DEFAULT_CONTEXT = "https://uri.etsi.org/ngsi-ld/default-context/";
    private static final JsonMapper JSON = JsonMapper.shared();

    private String createVehicle() {
        String id = uniqueId("Vehicle");
        String body = fixture("vehicle.json").replace("urn:ngsi-ld:Vehicle:kanazawa-bus-101", id);
        client().post().uri("/entities").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectHeader().valueEquals("Location", "/ngsi-ld/v1/entities/" + id)
                .expectBody().isEmpty();
        return id;
    }

    private JsonNode get(String path) {
        byte[] body = client().get().uri(path).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    private static void expectProblem(WebTestClient.ResponseSpec response, HttpStatus status, String type) {
        byte[] body = response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        JsonNode problem = JSON.readTree(body);
        // HTTP-level refusals (406, 413, 415) are RFC 9457 "about:blank" problems
        assertThat(problem.path("type").asString())
                .isEqualTo(type == null ? "about:blank" : "https://uri.etsi.org/ngsi-ld/errors/" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status.value());
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
    }

    @Test
    void createdEntityIsReturnedNormalizedWithEveryAttributeKind() {
        String id = createVehicle();
        JsonNode entity = get("/entities/" + id);
        JsonNode expected = JSON.readTree(fixture("vehicle.json").replace("urn:ngsi-ld:Vehicle:kanazawa-bus-101", id));
        assertThat(entity).isEqualTo(expected);
    }

    @Test
    void jsonResponsesLinkTheCoreContextAndCarryNoCharset() {
        String id = createVehicle();
        client().get().uri("/entities/" + id).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Content-Type", "application/json")
                .expectHeader().valueEquals("Link", "<" + CORE + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
    }

    @Test
    void ldJsonResponseCarriesTheContextInTheBody() {
        String id = createVehicle();
        byte[] body = client().get().uri("/entities/" + id).header("Accept", "application/ld+json").exchange()
                .expectStatus().isOk().expectHeader().valueEquals("Content-Type", "application/ld+json")
                .expectBody().returnResult().getResponseBody();
        JsonNode entity = JSON.readTree(body);
        assertThat(entity.path("@context").toString()).contains("ngsi-ld-core-context");
        assertThat(entity.path("speed").path("value").asDouble()).isEqualTo(32.5);
    }

    @Test
    void keyValuesConciseAndSysAttrsRepresentations() {
        String id = createVehicle();
        JsonNode keyValues = get("/entities/" + id + "?options=keyValues");
        assertThat(keyValues.path("speed").asDouble()).isEqualTo(32.5);
        assertThat(keyValues.path("onRoute").asString()).isEqualTo("urn:ngsi-ld:Route:loop-left");
        assertThat(keyValues.path("location").path("type").asString()).isEqualTo("Point");
        assertThat(keyValues.path("serviceStatus").path("vocab").asString()).isEqualTo("inService");
        assertThat(keyValues.path("name").path("languageMap").path("en").asString()).isEqualTo("Kanazawa Station East");
        assertThat(keyValues.path("config").path("json").path("doors").asInt()).isEqualTo(2);
        assertThat(get("/entities/" + id + "?format=simplified")).isEqualTo(keyValues);

        JsonNode concise = get("/entities/" + id + "?options=concise");
        assertThat(concise.path("vehicleType").asString()).isEqualTo("bus");
        assertThat(concise.path("speed").path("value").asDouble()).isEqualTo(32.5);
        assertThat(concise.path("speed").has("type")).isFalse();
        assertThat(concise.path("onRoute").path("object").asString()).isEqualTo("urn:ngsi-ld:Route:loop-left");

        JsonNode sys = get("/entities/" + id + "?options=sysAttrs");
        assertThat(sys.path("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(sys.path("speed").path("modifiedAt").asString()).isNotEmpty();
        assertThat(get("/entities/" + id).has("createdAt")).isFalse();
    }

    @Test
    void pickOmitAndLang() {
        String id = createVehicle();
        JsonNode picked = get("/entities/" + id + "?pick=id,speed");
        assertThat(picked.propertyNames()).containsExactlyInAnyOrder("id", "speed");
        JsonNode omitted = get("/entities/" + id + "?omit=speed,location");
        assertThat(omitted.has("speed")).isFalse();
        assertThat(omitted.has("location")).isFalse();
        assertThat(omitted.has("onRoute")).isTrue();
        JsonNode japanese = get("/entities/" + id + "?lang=ja");
        assertThat(japanese.path("name").path("type").asString()).isEqualTo("Property");
        assertThat(japanese.path("name").path("value").asString()).isEqualTo("金沢駅東口");
        assertThat(japanese.path("name").path("lang").asString()).isEqualTo("ja");
        expectProblem(client().get().uri("/entities/" + id + "?pick=speed&omit=speed").exchange(),
                HttpStatus.BAD_REQUEST, "BadRequestData");
        expectProblem(client().get().uri("/entities/" + id + "?pick={pick}", "id,onRoute{name").exchange(),
                HttpStatus.BAD_REQUEST, "BadRequestData");
        expectProblem(client().get().uri("/entities/" + id + "?pick=nothingHere").exchange(),
                HttpStatus.NOT_FOUND, "ResourceNotFound");
    }

    @Test
    void linkedEntitiesInlineAndFlat() {
        String route = uniqueId("Route");
        client().post().uri("/entities").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"" + route + "\",\"type\":\"Route\",\"name\":{\"type\":\"Property\",\"value\":\"Loop Left\"}}")
                .exchange().expectStatus().isCreated();
        String bus = uniqueId("Vehicle");
        client().post().uri("/entities").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"" + bus + "\",\"type\":\"Vehicle\",\"onRoute\":{\"type\":\"Relationship\",\"object\":\"" + route + "\"}}")
                .exchange().expectStatus().isCreated();
        JsonNode inline = get("/entities/" + bus + "?join=inline");
        assertThat(inline.path("onRoute").path("entity").path("name").path("value").asString()).isEqualTo("Loop Left");
        JsonNode keyValues = get("/entities/" + bus + "?join=inline&options=keyValues");
        assertThat(keyValues.path("onRoute").path("id").asString()).isEqualTo(route);
        JsonNode flat = JSON.readTree(client().get().uri("/entities/" + bus + "?join=flat&pick={pick}", "id,onRoute{id}")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(flat).hasSize(2);
        assertThat(flat.get(1).propertyNames()).containsExactly("id");
        expectProblem(client().get().uri("/entities/" + bus + "?join=inline&joinLevel=0").exchange(),
                HttpStatus.BAD_REQUEST, "BadRequestData");
        expectProblem(client().get().uri("/entities/" + bus + "?pick={pick}", "id,onRoute{id}").exchange(),
                HttpStatus.BAD_REQUEST, "BadRequestData");
    }

    @Test
    void linkedEntitiesStopAtCyclesAndAtContainedBy() {
        // a route and its depot link to each other
        String route = uniqueId("Route");
        String depot = uniqueId("Depot");
        client().post().uri("/entityOperations/create").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[{\"id\":\"" + route + "\",\"type\":\"Route\",\"servedFrom\":{\"type\":\"Relationship\",\"object\":\""
                        + depot + "\"}},{\"id\":\"" + depot + "\",\"type\":\"Depot\",\"serves\":{\"type\":\"Relationship\","
                        + "\"object\":\"" + route + "\"}}]")
                .exchange().expectStatus().isCreated();
        JsonNode inline = get("/entities/" + route + "?join=inline&joinLevel=4");
        JsonNode linkedDepot = inline.path("servedFrom").path("entity");
        assertThat(linkedDepot.path("id").asString()).isEqualTo(depot);
        assertThat(linkedDepot.path("serves").has("entity")).as("the route is not inlined into itself").isFalse();

        assertThat(get("/entities/" + route + "?join=inline&containedBy=" + depot).path("servedFrom").has("entity")).isFalse();
        JsonNode flat = JSON.readTree(client().get().uri("/entities/" + route + "?join=flat&containedBy=" + depot).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(flat.path("id").asString()).as("the route alone").isEqualTo(route);
        expectProblem(client().get().uri("/entities/" + route + "?containedBy=" + depot).exchange(),
                HttpStatus.BAD_REQUEST, "BadRequestData");
        expectProblem(client().get().uri("/entities/" + route + "?join=flat&containedBy=depot").exchange(),
                HttpStatus.BAD_REQUEST, "BadRequestData");
    }

    @Test
    void languagePreferenceFollowsQualityAndRanges() {
        String id = createVehicle();
        assertThat(get("/entities/" + id + "?lang=en;q=0.2,ja;q=0.9").path("name").path("lang").asString()).isEqualTo("ja");
        assertThat(get("/entities/" + id + "?lang=en-GB").path("name").path("lang").asString()).isEqualTo("en");
        assertThat(get("/entities/" + id + "?lang=pt").path("name").path("value").isString()).isTrue();
    }

    @Test
    void geoJsonFeature() {
        String id = createVehicle();
        byte[] body = client().get().uri("/entities/" + id).header("Accept", "application/geo+json").exchange()
                .expectStatus().isOk().expectHeader().valueEquals("Content-Type", "application/geo+json")
                .expectBody().returnResult().getResponseBody();
        JsonNode feature = JSON.readTree(body);
        assertThat(feature.path("type").asString()).isEqualTo("Feature");
        assertThat(feature.path("id").asString()).isEqualTo(id);
        assertThat(feature.path("geometry").path("coordinates").get(1).asDouble()).isEqualTo(36.5781);
        assertThat(feature.path("properties").path("type").asString()).isEqualTo("Vehicle");
    }

    @Test
    void userContextFromLinkHeaderCompactsNames() {
        String id = uniqueId("Vehicle");
        String body = fixture("vehicle-with-context.jsonld").replace("urn:ngsi-ld:Vehicle:kanazawa-bus-202", id);
        client().post().uri("/entities").contentType(MediaType.parseMediaType("application/ld+json")).bodyValue(body)
                .exchange().expectStatus().isCreated();
        // without the user context, names come back as full IRIs
        JsonNode plain = get("/entities/" + id);
        assertThat(plain.path("type").asString()).isEqualTo("https://smartdatamodels.org/dataModel.Transportation/Vehicle");
        assertThat(plain.has("https://smartdatamodels.org/dataModel.Transportation/speed")).isTrue();
    }

    @Test
    void duplicateCreateIsAlreadyExists() {
        String id = createVehicle();
        String body = fixture("vehicle.json").replace("urn:ngsi-ld:Vehicle:kanazawa-bus-101", id);
        expectProblem(client().post().uri("/entities").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(),
                HttpStatus.CONFLICT, "AlreadyExists");
    }

    @Test
    void invalidInputIsRejectedAndNothingIsCreated() {
        expectProblem(post("{not json"), HttpStatus.BAD_REQUEST, "InvalidRequest");
        expectProblem(post("[]"), HttpStatus.BAD_REQUEST, "InvalidRequest");
        expectProblem(post("{\"type\":\"Vehicle\"}"), HttpStatus.BAD_REQUEST, "BadRequestData");
        expectProblem(post("{\"id\":\"not a uri\",\"type\":\"Vehicle\"}"), HttpStatus.BAD_REQUEST, "BadRequestData");
        String id = uniqueId("Vehicle");
        expectProblem(post("{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"speed\":{\"type\":\"Property\"}}"),
                HttpStatus.BAD_REQUEST, "BadRequestData");
        expectProblem(post("{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"speed\":{\"type\":\"Property\",\"value\":1,\"observedAt\":\"yesterday\"}}"),
                HttpStatus.BAD_REQUEST, "BadRequestData");
        expectProblem(post("{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"owner\":{\"type\":\"Relationship\",\"object\":\"nope\"}}"),
                HttpStatus.BAD_REQUEST, "BadRequestData");
        expectProblem(post("{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\"}}}"),
                HttpStatus.BAD_REQUEST, "BadRequestData");
        expectProblem(post("{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"@context\":[]}"), HttpStatus.BAD_REQUEST, "BadRequestData");
        expectProblem(client().get().uri("/entities/" + id).exchange(), HttpStatus.NOT_FOUND, "ResourceNotFound");
    }

    @Test
    void ldJsonNeedsContextInBodyAndNoLinkHeader() {
        String id = uniqueId("Vehicle");
        expectProblem(client().post().uri("/entities").contentType(MediaType.parseMediaType("application/ld+json"))
                .bodyValue("{\"id\":\"" + id + "\",\"type\":\"Vehicle\"}").exchange(), HttpStatus.BAD_REQUEST, "BadRequestData");
        expectProblem(client().post().uri("/entities").contentType(MediaType.parseMediaType("application/ld+json"))
                .header("Link", "<" + CORE + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"")
                .bodyValue("{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"@context\":\"" + CORE + "\"}").exchange(),
                HttpStatus.BAD_REQUEST, "BadRequestData");
    }

    @Test
    void mediaTypesAndParametersAreChecked() {
        expectProblem(client().post().uri("/entities").contentType(MediaType.APPLICATION_XML).bodyValue("<a/>").exchange(),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, null);
        expectProblem(client().get().uri("/entities/" + uniqueId("Vehicle")).header("Accept", "application/xml").exchange(),
                HttpStatus.NOT_ACCEPTABLE, null);
        expectProblem(client().get().uri("/entities/" + uniqueId("Vehicle") + "?invalidParam=1").exchange(),
                HttpStatus.BAD_REQUEST, "InvalidRequest");
        expectProblem(client().get().uri("/entities/not-a-uri").exchange(), HttpStatus.BAD_REQUEST, "BadRequestData");
    }

    @Test
    void bodiesUpToTheConfiguredSizeAreTakenAndLargerOnesRefused() {
        // the default limit is 8 MB: a 1 MB body (far above the framework's own 256 kB default) is taken
        String large = "{\"id\":\"" + uniqueId("Vehicle") + "\",\"type\":\"Vehicle\",\"note\":{\"type\":\"Property\",\"value\":\""
                + "x".repeat(1024 * 1024) + "\"}}";
        post(large).expectStatus().isCreated();
        String big = "{\"id\":\"" + uniqueId("Vehicle") + "\",\"type\":\"Vehicle\",\"note\":{\"type\":\"Property\",\"value\":\""
                + "x".repeat(9 * 1024 * 1024) + "\"}}";
        expectProblem(post(big), HttpStatus.CONTENT_TOO_LARGE, null);
    }

    @Test
    void bodyWithoutContentLengthIsLengthRequired() {
        Integer status = HttpClient.create().baseUrl("http://127.0.0.1:" + port)
                .headers(h -> h.set("Content-Type", "application/json"))
                .post().uri("/ngsi-ld/v1/entities")
                .send(ByteBufFlux.fromString(Flux.just("{\"id\":\"urn:ngsi-ld:X:1\",", "\"type\":\"X\"}")))
                .response().map(r -> r.status().code()).block(Duration.ofSeconds(10));
        assertThat(status).isEqualTo(411);
    }

    @Test
    void deleteThenGetIsNotFound() {
        String id = createVehicle();
        client().delete().uri("/entities/" + id).exchange().expectStatus().isNoContent().expectBody().isEmpty();
        expectProblem(client().get().uri("/entities/" + id).exchange(), HttpStatus.NOT_FOUND, "ResourceNotFound");
        expectProblem(client().delete().uri("/entities/" + id).exchange(), HttpStatus.NOT_FOUND, "ResourceNotFound");
    }

    @Test
    void appendAddsAndNoOverwriteKeepsExisting() {
        String id = createVehicle();
        client().post().uri("/entities/" + id + "/attrs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"occupancy\":{\"type\":\"Property\",\"value\":0.4},\"speed\":{\"type\":\"Property\",\"value\":40}}")
                .exchange().expectStatus().isNoContent();
        JsonNode entity = get("/entities/" + id);
        assertThat(entity.path("occupancy").path("value").asDouble()).isEqualTo(0.4);
        assertThat(entity.path("speed").path("value").asInt()).isEqualTo(40);

        byte[] report = client().post().uri("/entities/" + id + "/attrs?options=noOverwrite").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"speed\":{\"type\":\"Property\",\"value\":99},\"heading\":{\"type\":\"Property\",\"value\":180}}")
                .exchange().expectStatus().isEqualTo(HttpStatus.MULTI_STATUS).expectBody().returnResult().getResponseBody();
        JsonNode result = JSON.readTree(report);
        assertThat(result.path("updated").get(0).asString()).isEqualTo(DEFAULT_CONTEXT + "heading");
        assertThat(result.path("notUpdated").get(0).path("attributeName").asString()).isEqualTo(DEFAULT_CONTEXT + "speed");
        assertThat(get("/entities/" + id).path("speed").path("value").asInt()).isEqualTo(40);
    }

    @Test
    void updateReplacesAttributesAddsTypesAndNullDeletes() {
        String id = createVehicle();
        client().patch().uri("/entities/" + id + "/attrs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"PublicTransport\",\"speed\":{\"type\":\"Property\",\"value\":5},"
                        + "\"onRoute\":{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:null\"},"
                        + "\"name\":{\"type\":\"LanguageProperty\",\"languageMap\":{\"@none\":\"urn:ngsi-ld:null\"}}}")
                .exchange().expectStatus().isNoContent();
        JsonNode entity = get("/entities/" + id);
        assertThat(entity.path("speed").path("value").asInt()).isEqualTo(5);
        assertThat(entity.path("speed").has("unitCode")).isFalse();
        assertThat(entity.has("onRoute")).isFalse();
        assertThat(entity.has("name")).isFalse();
        assertThat(entity.path("type")).hasSize(2);
        // an entity without scope gets none from an update: reported as not updated
        byte[] report = client().patch().uri("/entities/" + id + "/attrs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"scope\":\"/Kanazawa\"}").exchange().expectStatus().isEqualTo(HttpStatus.MULTI_STATUS)
                .expectBody().returnResult().getResponseBody();
        assertThat(JSON.readTree(report).path("notUpdated").get(0).path("attributeName").asString()).isEqualTo("scope");
        assertThat(get("/entities/" + id).has("scope")).isFalse();
    }

    @Test
    void typeParameterGatesAttributeOperations() {
        String id = createVehicle();
        expectProblem(client().patch().uri("/entities/" + id + "/attrs/speed?type=Building").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"value\":1}").exchange(), HttpStatus.NOT_FOUND, "ResourceNotFound");
        client().patch().uri("/entities/" + id + "/attrs/speed?type=Vehicle").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"value\":1}").exchange().expectStatus().isNoContent();
        // an empty id in the path (as sent by clients that build URLs by concatenation) is a 400, not a 404
        Integer status = HttpClient.create().baseUrl("http://127.0.0.1:" + port)
                .headers(h -> h.set("Content-Type", "application/json").set("Content-Length", 11))
                .patch().uri("/ngsi-ld/v1/entities//attrs/speed")
                .send(ByteBufFlux.fromString(reactor.core.publisher.Mono.just("{\"value\":1}")))
                .response().map(r -> r.status().code()).block(Duration.ofSeconds(10));
        assertThat(status).isEqualTo(400);
    }

    @Test
    void partialAttributeUpdateKeepsOtherMembers() {
        String id = createVehicle();
        client().patch().uri("/entities/" + id + "/attrs/speed").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"value\":50}").exchange().expectStatus().isNoContent();
        JsonNode speed = get("/entities/" + id).path("speed");
        assertThat(speed.path("value").asInt()).isEqualTo(50);
        assertThat(speed.path("unitCode").asString()).isEqualTo("KMH");
        expectProblem(client().patch().uri("/entities/" + id + "/attrs/speed").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:X:1\"}").exchange(), HttpStatus.BAD_REQUEST, "BadRequestData");
        expectProblem(client().patch().uri("/entities/" + id + "/attrs/nothing").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"value\":50}").exchange(), HttpStatus.NOT_FOUND, "ResourceNotFound");
    }

    @Test
    void replaceAttributeReplacesWholeAttribute() {
        String id = createVehicle();
        client().put().uri("/entities/" + id + "/attrs/speed").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"Property\",\"value\":7}").exchange().expectStatus().isNoContent();
        JsonNode speed = get("/entities/" + id).path("speed");
        assertThat(speed.path("value").asInt()).isEqualTo(7);
        assertThat(speed.has("unitCode")).isFalse();
    }

    @Test
    void multiAttributesByDatasetId() {
        String id = createVehicle();
        client().post().uri("/entities/" + id + "/attrs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"speed\":[{\"type\":\"Property\",\"value\":31,\"datasetId\":\"urn:ngsi-ld:Dataset:gps\"},"
                        + "{\"type\":\"Property\",\"value\":33,\"datasetId\":\"urn:ngsi-ld:Dataset:can\"}]}")
                .exchange().expectStatus().isNoContent();
        JsonNode speed = get("/entities/" + id).path("speed");
        assertThat(speed.isArray()).isTrue();
        assertThat(speed.size()).isEqualTo(3);

        client().delete().uri("/entities/" + id + "/attrs/speed?datasetId=urn:ngsi-ld:Dataset:gps").exchange().expectStatus().isNoContent();
        assertThat(get("/entities/" + id).path("speed").size()).isEqualTo(2);
        client().delete().uri("/entities/" + id + "/attrs/speed").exchange().expectStatus().isNoContent();
        JsonNode remaining = get("/entities/" + id).path("speed");
        assertThat(remaining.path("datasetId").asString()).isEqualTo("urn:ngsi-ld:Dataset:can");
        client().delete().uri("/entities/" + id + "/attrs/speed?deleteAll=true").exchange().expectStatus().isNoContent();
        assertThat(get("/entities/" + id).has("speed")).isFalse();
        expectProblem(client().delete().uri("/entities/" + id + "/attrs/speed").exchange(), HttpStatus.NOT_FOUND, "ResourceNotFound");

        expectProblem(client().post().uri("/entities/" + id + "/attrs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"speed\":[{\"type\":\"Property\",\"value\":1},{\"type\":\"Property\",\"value\":2}]}").exchange(),
                HttpStatus.BAD_REQUEST, "BadRequestData");
    }

    @Test
    void mergeKeepsUnmentionedMembersAndNullDeletes() {
        String id = createVehicle();
        client().patch().uri("/entities/" + id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"speed\":{\"value\":60},\"onRoute\":\"urn:ngsi-ld:null\",\"config\":{\"json\":{\"doors\":3}},"
                        + "\"heading\":{\"type\":\"Property\",\"value\":90}}")
                .exchange().expectStatus().isNoContent();
        JsonNode entity = get("/entities/" + id);
        assertThat(entity.path("speed").path("value").asInt()).isEqualTo(60);
        assertThat(entity.path("speed").path("unitCode").asString()).isEqualTo("KMH");
        assertThat(entity.has("onRoute")).isFalse();
        assertThat(entity.path("heading").path("value").asInt()).isEqualTo(90);
        assertThat(entity.path("passengerCount").path("sensor").path("object").asString()).isEqualTo("urn:ngsi-ld:Device:apc-101");
        expectProblem(client().patch().uri("/entities/" + uniqueId("Vehicle")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"speed\":{\"value\":60}}").exchange(), HttpStatus.NOT_FOUND, "ResourceNotFound");
    }

    @Test
    void replaceKeepsCreatedAtAndDropsOldAttributes() {
        String id = createVehicle();
        String createdAt = get("/entities/" + id + "?options=sysAttrs").path("createdAt").asString();
        client().put().uri("/entities/" + id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"Vehicle\",\"speed\":{\"type\":\"Property\",\"value\":1}}")
                .exchange().expectStatus().isNoContent();
        JsonNode entity = get("/entities/" + id + "?options=sysAttrs");
        assertThat(entity.path("createdAt").asString()).isEqualTo(createdAt);
        assertThat(entity.has("location")).isFalse();
        assertThat(entity.path("speed").path("value").asInt()).isEqualTo(1);
        expectProblem(client().put().uri("/entities/").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"Vehicle\"}").exchange(), HttpStatus.BAD_REQUEST, "BadRequestData");
    }

    @Test
    void tenantsAreIsolated() {
        String id = uniqueId("Vehicle");
        String body = "{\"id\":\"" + id + "\",\"type\":\"Vehicle\",\"speed\":{\"type\":\"Property\",\"value\":3}}";
        String tenant = "city-" + System.nanoTime();
        client().post().uri("/entities").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated().expectHeader().valueEquals("NGSILD-Tenant", tenant);
        client().get().uri("/entities/" + id).header("NGSILD-Tenant", tenant).exchange().expectStatus().isOk();
        expectProblem(client().get().uri("/entities/" + id).exchange(), HttpStatus.NOT_FOUND, "ResourceNotFound");
        expectProblem(client().get().uri("/entities/" + id).header("NGSILD-Tenant", "nobody-" + System.nanoTime()).exchange(),
                HttpStatus.NOT_FOUND, "NonexistentTenant");
        expectProblem(client().get().uri("/entities/" + id).header("NGSILD-Tenant", "bad tenant!").exchange(),
                HttpStatus.BAD_REQUEST, "BadRequestData");
    }

    private WebTestClient.ResponseSpec post(String body) {
        return client().post().uri("/entities").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
