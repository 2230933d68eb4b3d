package city.tsunagu.broker.subscription;

import static city.tsunagu.broker.Waiting.await;
import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Notifications over HTTP to real local receivers: what triggers them, what they carry, the
 * subscription's status afterwards, and that a failing endpoint does not hold up another.
 */
class NotificationApiTest extends ApiTestSupport {
    private static final JsonMapper JSON = JsonMapper.shared();
    private String tenant;
    private NotificationReceiver ok;
    private NotificationReceiver failing;

    @BeforeEach
    void receivers() {
        tenant = "notify-" + System.nanoTime();
        ok = new NotificationReceiver(204);
        failing = new NotificationReceiver(500);
    }

    @AfterEach
    void stop() {
        ok.close();
        failing.close();
    }

    private String subscribe(String body) {
        String location = client().post().uri("/subscriptions").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated().returnResult(byte[].class).getResponseHeaders()
                .getLocation().toString();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private JsonNode status(String id) {
        return JSON.readTree(client().get().uri("/subscriptions/{id}", id).header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody()).path("notification");
    }

    private void write(String method, String uri, String body) {
        var spec = method.equals("POST") ? client().post().uri(uri) : client().patch().uri(uri);
        spec.header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().is2xxSuccessful();
    }

    private String busSubscription(String uri, String extra) {
        return "{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}], \"watchedAttributes\": [\"speed\"],"
                + " \"q\": \"speed>30\"" + extra + ", \"notification\": {\"format\": \"keyValues\", \"attributes\": [\"speed\"],"
                + " \"endpoint\": {\"uri\": \"" + uri + "\", \"receiverInfo\": [{\"key\": \"X-City\", \"value\": \"Kanazawa\"}]}}}";
    }

    @Test
    void writesThatMatchAreNotifiedWithTheSubscriptionsRepresentation() throws Exception {
        String id = subscribe(busSubscription(ok.uri(), ""));
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Vehicle:bus-7\", \"type\": \"Vehicle\","
                + " \"speed\": {\"type\": \"Property\", \"value\": 42}, \"name\": {\"type\": \"Property\", \"value\": \"Loop\"}}");
        JsonNode first = ok.await(1).get(0);
        assertThat(first.path("type").asString()).isEqualTo("Notification");
        assertThat(first.path("subscriptionId").asString()).isEqualTo(id);
        assertThat(first.path("data").get(0).path("id").asString()).isEqualTo("urn:ngsi-ld:Vehicle:bus-7");
        assertThat(first.path("data").get(0).path("speed").asInt()).isEqualTo(42);
        assertThat(first.path("data").get(0).has("name")).as("only the notification's attributes").isFalse();
        assertThat(ok.headers.get(0).get("X-city")).containsExactly("Kanazawa");
        assertThat(ok.headers.get(0).get("Ngsild-tenant")).containsExactly(tenant);
        assertThat(ok.headers.get(0).get("Link").get(0)).contains("rel=\"http://www.w3.org/ns/json-ld#context\"");
        assertThat(ok.headers.get(0).get("Content-length")).as("a sized body, not chunks").isNotNull();

        // q no longer holds: nothing; an unwatched attribute: nothing; then a matching update
        write("PATCH", "/entities/urn:ngsi-ld:Vehicle:bus-7/attrs", "{\"speed\": {\"type\": \"Property\", \"value\": 20}}");
        write("PATCH", "/entities/urn:ngsi-ld:Vehicle:bus-7/attrs", "{\"name\": {\"type\": \"Property\", \"value\": \"Loop 2\"}}");
        write("PATCH", "/entities/urn:ngsi-ld:Vehicle:bus-7/attrs", "{\"speed\": {\"type\": \"Property\", \"value\": 55}}");
        JsonNode second = ok.await(2).get(1);
        assertThat(second.path("data").get(0).path("speed").asInt()).isEqualTo(55);
        assertThat(second.path("triggerReason").asString()).isEqualTo("attributeUpdated");
        assertThat(ok.bodies).hasSize(2);

        // the status is written once the receiver has answered, after the notification arrived
        await().until(() -> status(id).path("timesSent").asInt() == 2);
        JsonNode status = status(id);
        assertThat(status.path("status").asString()).isEqualTo("ok");
        assertThat(status.path("lastSuccess").asString()).isEqualTo(status.path("lastNotification").asString());
    }

    @Test
    void aFailingEndpointIsCountedAndDoesNotHoldUpAnother() throws Exception {
        String failingId = subscribe(busSubscription(failing.uri(), ""));
        subscribe(busSubscription(ok.uri(), ""));
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Vehicle:bus-8\", \"type\": \"Vehicle\","
                + " \"speed\": {\"type\": \"Property\", \"value\": 60}}");
        ok.await(1);
        failing.await(3); // the first try and two retries
        JsonNode notification = await().until(() -> status(failingId), status -> status.has("timesFailed"));
        assertThat(notification.path("timesFailed").asInt()).isEqualTo(1);
        assertThat(notification.path("status").asString()).isEqualTo("failed");
        assertThat(notification.has("lastFailure")).isTrue();
    }

    @Test
    void deletionsThrottlingAndPausedSubscriptions() throws Exception {
        // all to one endpoint: its notifications are sent in the order the changes were matched
        String throttled = subscribe(busSubscription(ok.uri(), ", \"throttling\": 60"));
        String paused = subscribe(busSubscription(ok.uri(), ", \"isActive\": false"));
        String deletions = subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}],"
                + " \"notificationTrigger\": [\"entityDeleted\"], \"notification\": {\"endpoint\": {\"uri\": \"" + ok.uri() + "\"}}}");
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Vehicle:bus-9\", \"type\": \"Vehicle\","
                + " \"speed\": {\"type\": \"Property\", \"value\": 70}}");
        write("PATCH", "/entities/urn:ngsi-ld:Vehicle:bus-9/attrs", "{\"speed\": {\"type\": \"Property\", \"value\": 80}}");
        client().delete().uri("/entities/urn:ngsi-ld:Vehicle:bus-9").header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isNoContent();
        List<JsonNode> received = ok.await(2);
        JsonNode last = received.get(received.size() - 1);
        assertThat(last.path("subscriptionId").asString()).isEqualTo(deletions);
        assertThat(last.path("triggerReason").asString()).isEqualTo("entityDeleted");
        assertThat(last.path("data").get(0).path("id").asString()).isEqualTo("urn:ngsi-ld:Vehicle:bus-9");
        assertThat(last.path("data").get(0).has("deletedAt")).isTrue();
        // the deletion's notification came last: the two writes' ones are all there are
        assertThat(received).extracting(n -> n.path("subscriptionId").asString()).containsExactly(throttled, deletions)
                .doesNotContain(paused);
    }

    @Test
    void showChangesCarriesPreviousValuesAndDeletionsTheNullValue() throws Exception {
        subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}], \"notificationTrigger\":"
                + " [\"attributeUpdated\", \"attributeDeleted\", \"entityDeleted\"], \"notification\": {\"showChanges\": true,"
                + " \"attributes\": [\"speed\"], \"endpoint\": {\"uri\": \"" + ok.uri() + "\"}}}");
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Vehicle:bus-10\", \"type\": \"Vehicle\","
                + " \"speed\": {\"type\": \"Property\", \"value\": 30}, \"name\": {\"type\": \"Property\", \"value\": \"Loop\"}}");
        write("PATCH", "/entities/urn:ngsi-ld:Vehicle:bus-10/attrs", "{\"speed\": {\"type\": \"Property\", \"value\": 35}}");
        client().delete().uri("/entities/urn:ngsi-ld:Vehicle:bus-10/attrs/speed").header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isNoContent();
        client().delete().uri("/entities/urn:ngsi-ld:Vehicle:bus-10").header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isNoContent();
        List<JsonNode> received = ok.await(3);
        JsonNode updated = received.get(0).path("data").get(0).path("speed");
        assertThat(updated.path("value").asInt()).isEqualTo(35);
        assertThat(updated.path("previousValue").asInt()).isEqualTo(30);
        JsonNode deleted = received.get(1).path("data").get(0).path("speed");
        assertThat(received.get(1).path("triggerReason").asString()).isEqualTo("attributeDeleted");
        assertThat(deleted.path("value").asString()).isEqualTo("urn:ngsi-ld:null");
        assertThat(deleted.path("previousValue").asInt()).isEqualTo(35);
        JsonNode gone = received.get(2).path("data").get(0);
        assertThat(received.get(2).path("triggerReason").asString()).isEqualTo("entityDeleted");
        assertThat(gone.has("speed")).as("speed was deleted before the entity").isFalse();
        assertThat(gone.has("name")).as("not among the notification's attributes").isFalse();
    }

    @Test
    void jsonLdNotificationsInTheSubscriptionsJsonldContext() throws Exception {
        // the receiver also serves an @context that calls speed "velocidad"
        HttpServer contexts = serveContext("{\"@context\": {\"velocidad\": \"https://uri.etsi.org/ngsi-ld/default-context/speed\"}}");
        try {
            String context = "http://127.0.0.1:" + contexts.getAddress().getPort() + "/es.jsonld";
            subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}], \"jsonldContext\": \"" + context
                    + "\", \"notification\": {\"format\": \"keyValues\", \"endpoint\": {\"uri\": \"" + ok.uri()
                    + "\", \"accept\": \"application/ld+json\"}}}");
            write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Vehicle:bus-13\", \"type\": \"Vehicle\","
                    + " \"speed\": {\"type\": \"Property\", \"value\": 25}}");
            JsonNode entity = ok.await(1).get(0).path("data").get(0);
            assertThat(entity.path("velocidad").asInt()).as("named by the jsonldContext").isEqualTo(25);
            assertThat(entity.path("@context").toString()).contains(context);
            assertThat(ok.headers.get(0)).doesNotContainKey("Link");
            assertThat(ok.headers.get(0).get("Content-type")).containsExactly("application/ld+json");
        } finally {
            contexts.stop(0);
        }
    }

    @Test
    void datasetIdNotifiesOnlyThoseInstances() throws Exception {
        subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}], \"datasetId\": [\"urn:ngsi-ld:Dataset:gps\"],"
                + " \"notification\": {\"endpoint\": {\"uri\": \"" + ok.uri() + "\"}}}");
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Vehicle:bus-14\", \"type\": \"Vehicle\", \"speed\": ["
                + "{\"type\": \"Property\", \"value\": 25}, {\"type\": \"Property\", \"value\": 27, \"datasetId\": \"urn:ngsi-ld:Dataset:gps\"}]}");
        JsonNode speed = ok.await(1).get(0).path("data").get(0).path("speed");
        assertThat(speed.isObject()).as("one instance left: %s", speed).isTrue();
        assertThat(speed.path("value").asInt()).isEqualTo(27);
    }

    @Test
    void anHttpEndpointsPasswordIsSentAsBasicAuthenticationAndNeverShown() throws Exception {
        String uri = ok.uri().replace("http://", "http://city:pa%3Ass@");
        String id = subscribe(busSubscription(uri, ""));
        String shown = ok.uri().replace("http://", "http://city:***@");
        JsonNode read = JSON.readTree(client().get().uri("/subscriptions/{id}", id).header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(read.path("notification").path("endpoint").path("uri").asString()).isEqualTo(shown);
        String list = new String(client().get().uri("/subscriptions").header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(list).contains(shown).doesNotContain("pa%3Ass");

        // the notification written back as read, with another format: the password stays
        ObjectNode notification = (ObjectNode) read.path("notification").deepCopy();
        notification.put("format", "normalized");
        List.of("timesSent", "timesFailed", "status", "lastNotification", "lastSuccess", "lastFailure").forEach(notification::remove);
        client().patch().uri("/subscriptions/{id}", id).header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"notification\": " + notification + "}").exchange().expectStatus().isNoContent();
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Vehicle:bus-15\", \"type\": \"Vehicle\","
                + " \"speed\": {\"type\": \"Property\", \"value\": 45}}");
        ok.await(1);
        assertThat(ok.bodies.get(0).path("data").get(0).path("speed").path("value").asInt()).as("normalized").isEqualTo(45);
        String expected = "Basic " + Base64.getEncoder().encodeToString("city:pa:ss".getBytes(StandardCharsets.UTF_8));
        assertThat(ok.headers.get(0).get("Authorization")).containsExactly(expected);
    }

    @Test
    void aPercentEncodedQIsReadAsInAQueryString() throws Exception {
        String id = subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}],"
                + " \"q\": \"name==%22Loop%20Line%22\", \"notification\": {\"endpoint\": {\"uri\": \"" + ok.uri() + "\"}}}");
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Vehicle:bus-16\", \"type\": \"Vehicle\","
                + " \"name\": {\"type\": \"Property\", \"value\": \"Circle Line\"}}");
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Vehicle:bus-17\", \"type\": \"Vehicle\","
                + " \"name\": {\"type\": \"Property\", \"value\": \"Loop Line\"}}");
        assertThat(ok.await(1).get(0).path("data").get(0).path("id").asString()).isEqualTo("urn:ngsi-ld:Vehicle:bus-17");
        assertThat(ok.bodies).extracting(n -> n.path("subscriptionId").asString()).containsOnly(id);
    }

    @Test
    void keyValuesWithSysAttrsCarryTheEntitysTimestamps() throws Exception {
        subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}], \"notification\": {\"format\": \"keyValues\","
                + " \"sysAttrs\": true, \"endpoint\": {\"uri\": \"" + ok.uri() + "\"}}}");
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Vehicle:bus-18\", \"type\": \"Vehicle\","
                + " \"speed\": {\"type\": \"Property\", \"value\": 12}}");
        JsonNode entity = ok.await(1).get(0).path("data").get(0);
        assertThat(entity.path("speed").asInt()).isEqualTo(12);
        assertThat(entity.path("createdAt").asString()).isNotEmpty().isEqualTo(entity.path("modifiedAt").asString());
    }

    @Test
    void aDeletedEntityIsNotifiedAsItsIdTypeAndDeletionWithItsAttributesWhenTheyAreTheReasonOrShowChangesAsks() throws Exception {
        String entityDeleted = subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}],"
                + " \"notificationTrigger\": [\"entityDeleted\"], \"notification\": {\"sysAttrs\": true, \"endpoint\": {\"uri\": \""
                + ok.uri() + "\"}}}");
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Vehicle:bus-19\", \"type\": \"Vehicle\","
                + " \"speed\": {\"type\": \"Property\", \"value\": 12}, \"name\": {\"type\": \"Property\", \"value\": \"Loop\"}}");
        String attributeDeleted = subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}],"
                + " \"watchedAttributes\": [\"speed\"], \"notificationTrigger\": [\"attributeDeleted\"], \"notification\": {\"sysAttrs\": true,"
                + " \"endpoint\": {\"uri\": \"" + ok.uri() + "\"}}}");
        String showChanges = subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}],"
                + " \"notificationTrigger\": [\"entityDeleted\"], \"notification\": {\"showChanges\": true, \"endpoint\": {\"uri\": \""
                + ok.uri() + "\"}}}");
        client().delete().uri("/entities/urn:ngsi-ld:Vehicle:bus-19").header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isNoContent();
        List<JsonNode> received = ok.await(3);
        JsonNode withPreviousValues = received.stream().filter(n -> n.path("subscriptionId").asString().equals(showChanges))
                .findFirst().orElseThrow().path("data").get(0);
        assertThat(withPreviousValues.path("name").path("value").asString()).isEqualTo("urn:ngsi-ld:null");
        assertThat(withPreviousValues.path("name").path("previousValue").asString()).isEqualTo("Loop");
        assertThat(withPreviousValues.path("speed").path("previousValue").asInt()).isEqualTo(12);
        JsonNode gone = received.stream().filter(n -> n.path("subscriptionId").asString().equals(entityDeleted)).findFirst()
                .orElseThrow().path("data").get(0);
        assertThat(gone.propertyNames()).containsExactlyInAnyOrder("id", "type", "createdAt", "modifiedAt", "deletedAt");
        JsonNode withAttributes = received.stream().filter(n -> n.path("subscriptionId").asString().equals(attributeDeleted))
                .findFirst().orElseThrow();
        assertThat(withAttributes.path("triggerReason").asString()).isEqualTo("attributeDeleted");
        JsonNode entity = withAttributes.path("data").get(0);
        assertThat(entity.propertyNames()).as("the watched attribute only")
                .containsExactlyInAnyOrder("id", "type", "createdAt", "modifiedAt", "deletedAt", "speed");
        assertThat(entity.path("speed").path("value").asString()).isEqualTo("urn:ngsi-ld:null");
        assertThat(entity.path("speed").path("deletedAt").asString()).isEqualTo(entity.path("deletedAt").asString());
        assertThat(entity.path("speed").has("createdAt")).isTrue();
    }

    @Test
    void aDeletedInstanceIsNotifiedBesideTheInstancesLeft() throws Exception {
        for (String format : List.of("normalized", "keyValues")) {
            subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}], \"notificationTrigger\": [\"attributeDeleted\"],"
                    + " \"notification\": {\"format\": \"" + format + "\", \"endpoint\": {\"uri\": \"" + ok.uri() + "\"}}}");
        }
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Vehicle:bus-21\", \"type\": \"Vehicle\", \"speed\": ["
                + "{\"type\": \"Property\", \"value\": 25}, {\"type\": \"Property\", \"value\": 27, \"datasetId\": \"urn:ngsi-ld:Dataset:gps\"}]}");
        client().delete().uri("/entities/urn:ngsi-ld:Vehicle:bus-21/attrs/speed?datasetId=urn:ngsi-ld:Dataset:gps")
                .header("NGSILD-Tenant", tenant).exchange().expectStatus().isNoContent();
        List<JsonNode> received = ok.await(2);
        assertThat(received).allSatisfy(n -> assertThat(n.path("triggerReason").asString()).isEqualTo("attributeDeleted"));
        JsonNode normalized = received.stream().map(n -> n.path("data").get(0).path("speed")).filter(JsonNode::isArray).findFirst()
                .orElseThrow();
        assertThat(normalized).hasSize(2);
        assertThat(normalized.get(0).path("value").asInt()).isEqualTo(25);
        assertThat(normalized.get(1).path("datasetId").asString()).isEqualTo("urn:ngsi-ld:Dataset:gps");
        assertThat(normalized.get(1).path("value").asString()).isEqualTo("urn:ngsi-ld:null");
        JsonNode keyValues = received.stream().map(n -> n.path("data").get(0).path("speed")).filter(s -> s.has("dataset"))
                .findFirst().orElseThrow().path("dataset");
        assertThat(keyValues.path("@none").asInt()).isEqualTo(25);
        assertThat(keyValues.path("urn:ngsi-ld:Dataset:gps").asString()).isEqualTo("urn:ngsi-ld:null");
    }

    @Test
    void resumingASubscriptionWithoutAnAtContextKeepsTheOneItsNamesWereWrittenWith() throws Exception {
        HttpServer contexts = serveContext("{\"@context\": {\"Bus\": \"https://example.org/transit#Bus\"}}");
        try {
            String link = "<http://127.0.0.1:" + contexts.getAddress().getPort() + "/ctx.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\";"
                    + " type=\"application/ld+json\"";
            String location = client().post().uri("/subscriptions").header("NGSILD-Tenant", tenant).header("Link", link)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Bus\"}],"
                            + " \"isActive\": false, \"notification\": {\"endpoint\": {\"uri\": \"" + ok.uri() + "\"}}}")
                    .exchange().expectStatus().isCreated().returnResult(byte[].class).getResponseHeaders().getLocation().toString();
            client().patch().uri(location.substring(location.indexOf("/subscriptions"))).header("NGSILD-Tenant", tenant)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"isActive\": true}").exchange().expectStatus().isNoContent();
            client().post().uri("/entities").header("NGSILD-Tenant", tenant).header("Link", link).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"id\": \"urn:ngsi-ld:Bus:20\", \"type\": \"Bus\"}").exchange().expectStatus().isCreated();
            assertThat(ok.await(1).get(0).path("data").get(0).path("id").asString()).isEqualTo("urn:ngsi-ld:Bus:20");
        } finally {
            contexts.stop(0);
        }
    }

    /** A server on 127.0.0.1 that answers {@code /ctx.jsonld} and {@code /es.jsonld} with the @context given. */
    private static HttpServer serveContext(String context) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = context.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/ld+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void qOnLinkedEntitiesIsEvaluatedWithTheTargetsAsTheyAreWhenTheChangeIsMatched() throws Exception {
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Device:low\", \"type\": \"Device\","
                + " \"batteryLevel\": {\"type\": \"Property\", \"value\": 0.3}}");
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Device:full\", \"type\": \"Device\","
                + " \"batteryLevel\": {\"type\": \"Property\", \"value\": 0.95}}");
        String id = subscribe("{\"type\": \"Subscription\", \"entities\": [{\"type\": \"Vehicle\"}],"
                + " \"q\": \"isConnectedTo{batteryLevel}<0.5\", \"notification\": {\"format\": \"keyValues\","
                + " \"endpoint\": {\"uri\": \"" + ok.uri() + "\"}}}");
        // the vehicle on the full battery comes first: had it matched, its notification would have come first
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Vehicle:on-full\", \"type\": \"Vehicle\","
                + " \"isConnectedTo\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:Device:full\"}}");
        write("POST", "/entities", "{\"id\": \"urn:ngsi-ld:Vehicle:on-low\", \"type\": \"Vehicle\","
                + " \"isConnectedTo\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:Device:low\"}}");
        JsonNode first = ok.await(1).get(0);
        assertThat(first.path("subscriptionId").asString()).isEqualTo(id);
        assertThat(first.path("data").get(0).path("id").asString()).isEqualTo("urn:ngsi-ld:Vehicle:on-low");

        // the battery runs down: the next change of the vehicle on it is notified
        write("PATCH", "/entities/urn:ngsi-ld:Device:full/attrs", "{\"batteryLevel\": {\"type\": \"Property\", \"value\": 0.2}}");
        write("PATCH", "/entities/urn:ngsi-ld:Vehicle:on-full/attrs",
                "{\"isConnectedTo\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:Device:full\"}}");
        assertThat(ok.await(2)).extracting(n -> n.path("data").get(0).path("id").asString())
                .containsExactly("urn:ngsi-ld:Vehicle:on-low", "urn:ngsi-ld:Vehicle:on-full");
    }
}
