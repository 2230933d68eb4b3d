package city.tsunagu.broker.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Subscriptions as resources (5.8): create, retrieve, query, update, delete, and what is refused. */
class SubscriptionApiTest extends ApiTestSupport {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String BUSES = """
            {"type": "Subscription", "subscriptionName": "buses near the station",
             "entities": [{"type": "Vehicle"}], "watchedAttributes": ["speed"], "q": "speed>30",
             "geoQ": {"geometry": "Point", "coordinates": [136.6480, 36.5781], "georel": "near;maxDistance==500"},
             "notification": {"attributes": ["speed", "location"], "format": "keyValues",
                              "endpoint": {"uri": "http://127.0.0.1:9999/notify", "accept": "application/json",
                                           "receiverInfo": [{"key": "X-Api-Key", "value": "k1"}]}},
             "throttling": 5}""";
    private String tenant;

    @BeforeEach
    void tenant() {
        tenant = "subs-" + System.nanoTime();
    }

    private String create(String body) {
        String location = client().post().uri("/subscriptions").header("NGSILD-Tenant", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isCreated()
                .returnResult(byte[].class).getResponseHeaders().getLocation().toString();
        assertThat(location).startsWith("/ngsi-ld/v1/subscriptions/urn:ngsi-ld:Subscription:");
        return location.substring("/ngsi-ld/v1/subscriptions/".length());
    }

    private JsonNode get(String id, String... link) {
        var spec = client().get().uri("/subscriptions/{id}?options=sysAttrs", id).header("NGSILD-Tenant", tenant);
        if (link.length > 0) {
            spec = spec.header("Link", "<" + link[0] + ">; rel=\"http://www.w3.org/ns/json-ld#context\"");
        }
        return JSON.readTree(spec.exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private void rejected(String body, String detail) {
        JsonNode problem = JSON.readTree(client().post().uri("/subscriptions").header("NGSILD-Tenant", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isBadRequest()
                .expectBody().returnResult().getResponseBody());
        assertThat(problem.path("type").asString()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
        assertThat(problem.path("detail").asString()).contains(detail);
    }

    @Test
    void createdAsGivenWithStatusAndDefaults() {
        String id = create(BUSES);
        JsonNode subscription = get(id);
        JsonNode given = JSON.readTree(BUSES);
        given.properties().forEach(member -> assertThat(subscription.get(member.getKey())).as(member.getKey())
                .isEqualTo(member.getValue()));
        assertThat(subscription.path("id").asString()).isEqualTo(id);
        assertThat(subscription.path("status").asString()).isEqualTo("active");
        assertThat(subscription.path("notificationTrigger")).extracting(JsonNode::asString)
                .containsExactly("attributeCreated", "attributeUpdated");
        assertThat(subscription.path("createdAt").asString()).isEqualTo(subscription.path("modifiedAt").asString()).isNotEmpty();
        assertThat(subscription.path("notification").has("timesSent")).as("nothing sent yet").isFalse();
        client().get().uri("/subscriptions/{id}", id).header("NGSILD-Tenant", tenant).header("Prefer", "respond-async, NGSI-LD=\"1.0\"")
                .exchange().expectStatus().isOk().expectHeader().valueEquals("Preference-Applied", "ngsi-ld=1.0");
    }

    @Test
    void namesFollowTheRequestContext() {
        String context = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld";
        String id = create(BUSES);
        // written with the core @context: the same names read back with it, expanded ones are not shortened further
        assertThat(get(id, context).path("watchedAttributes").get(0).asString()).isEqualTo("speed");
    }

    @Test
    void readOnlyAndUnknownMembersOfTheClientAreNotKept() {
        String id = create(BUSES.replace("\"throttling\": 5", "\"throttling\": 5, \"status\": \"expired\", \"__internal\": 1")
                .replace("\"format\": \"keyValues\",", "\"format\": \"keyValues\", \"timesSent\": 42,"));
        JsonNode subscription = get(id);
        assertThat(subscription.path("status").asString()).isEqualTo("active");
        assertThat(subscription.has("__internal")).isFalse();
        assertThat(subscription.path("notification").has("timesSent")).isFalse();
    }

    @Test
    void anIdIsKeptAndCannotBeTakenTwice() {
        String body = BUSES.replaceFirst("\\{", "{\"id\": \"urn:ngsi-ld:Subscription:kanazawa-1\",");
        assertThat(create(body)).isEqualTo("urn:ngsi-ld:Subscription:kanazawa-1");
        client().post().uri("/subscriptions").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void whatIsRefused() {
        rejected("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}]}", "notification is required");
        rejected(BUSES.replace("\"throttling\": 5", "\"throttling\": -1"), "throttling must be a non-negative number");
        rejected(BUSES.replace("\"throttling\": 5", "\"timeInterval\": 10"), "timeInterval (periodic notification) and watchedAttributes");
        rejected(BUSES.replace("\"q\": \"speed>30\"", "\"q\": \"speed>>30\""), "q:");
        rejected(BUSES.replace("near;maxDistance==500", "near"), "georel near needs maxDistance or minDistance");
        rejected(BUSES.replace("\"format\": \"keyValues\"", "\"format\": \"keyValues\", \"showChanges\": true"), "showChanges");
        rejected(BUSES.replace("\"attributes\": [\"speed\", \"location\"],", "\"attributes\": [\"speed\"], \"pick\": [\"id\"],"),
                "cannot be combined with pick");
        rejected(BUSES.replace("http://127.0.0.1:9999/notify", "ftp://127.0.0.1/notify"), "http, https, mqtt or mqtts");
        rejected(BUSES.replace("\"value\": \"k1\"", "\"value\": 1"), "receiverInfo");
        rejected(BUSES.replace("\"throttling\": 5", "\"throttling\": 5, \"expiresAt\": \"2020-01-01T00:00:00Z\""), "not in the future");
        rejected(BUSES.replace("\"throttling\": 5", "\"throttling\": 5, \"notificationTrigger\": [\"entityRenamed\"]"),
                "notificationTrigger 'entityRenamed'");
        rejected(BUSES.replace("\"type\": \"Subscription\"", "\"type\": \"Subscription\", \"id\": \"not a uri\""), "id must be a URI");
        rejected("{\"type\": \"Subscription\", \"notification\": {\"endpoint\": {\"uri\": \"http://127.0.0.1/n\"}}}",
                "entities, watchedAttributes or both");
        client().get().uri("/subscriptions?limit=1").header("NGSILD-Tenant", tenant).exchange().expectStatus().isNotFound();
    }

    @Test
    void updateReplacesMembersWhole() {
        String id = create(BUSES);
        client().patch().uri("/subscriptions/{id}", id).header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"q\": \"speed>50\", \"isActive\": false, \"throttling\": null,"
                        + " \"notification\": {\"format\": \"normalized\", \"endpoint\": {\"uri\": \"http://127.0.0.1:9998/n\"}}}")
                .exchange().expectStatus().isNoContent();
        JsonNode updated = get(id);
        assertThat(updated.path("q").asString()).isEqualTo("speed>50");
        assertThat(updated.path("status").asString()).isEqualTo("paused");
        assertThat(updated.has("throttling")).isFalse();
        assertThat(updated.path("notification").path("format").asString()).isEqualTo("normalized");
        assertThat(updated.path("notification").has("attributes")).as("the notification is replaced whole").isFalse();
        assertThat(updated.path("notification").path("endpoint").path("uri").asString()).isEqualTo("http://127.0.0.1:9998/n");

        // a change that breaks a rule changes nothing: a notification without endpoint, periodic with watchedAttributes
        client().patch().uri("/subscriptions/{id}", id).header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"notification\": {\"format\": \"keyValues\"}}").exchange().expectStatus().isBadRequest();
        client().patch().uri("/subscriptions/{id}", id).header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"q\": \"speed>50\", \"timeInterval\": 60}").exchange().expectStatus().isBadRequest();
        assertThat(get(id).has("timeInterval")).isFalse();
        client().patch().uri("/subscriptions/{id}", "urn:ngsi-ld:Subscription:none").header("NGSILD-Tenant", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"q\": \"speed>1\"}").exchange().expectStatus().isNotFound();
    }

    @Test
    void queryPagesAndDelete() {
        List<String> ids = List.of(create(BUSES), create(BUSES), create(BUSES));
        JsonNode page = JSON.readTree(client().get().uri("/subscriptions?limit=2&count=true").header("NGSILD-Tenant", tenant)
                .exchange().expectStatus().isOk().expectHeader().valueEquals("NGSILD-Results-Count", "3")
                .expectBody().returnResult().getResponseBody());
        assertThat(page).hasSize(2);
        assertThat(ids).contains(page.get(0).path("id").asString(), page.get(1).path("id").asString());

        client().delete().uri("/subscriptions/{id}", ids.get(0)).header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isNoContent();
        client().get().uri("/subscriptions/{id}", ids.get(0)).header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isNotFound();
        client().delete().uri("/subscriptions/{id}", ids.get(0)).header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isNotFound();
        // other tenants see none of them, and the default tenant has its own
        client().get().uri("/subscriptions/{id}", ids.get(1)).exchange().expectStatus().isNotFound();
        String location = client().post().uri("/subscriptions").contentType(MediaType.APPLICATION_JSON).bodyValue(BUSES).exchange()
                .expectStatus().isCreated().returnResult(byte[].class).getResponseHeaders().getLocation().toString();
        client().delete().uri(location.substring("/ngsi-ld/v1".length())).exchange().expectStatus().isNoContent();
    }
}
