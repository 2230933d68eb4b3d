package city.tsunagu.broker.ld.web;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import city.tsunagu.broker.common.error.ErrorType;
import city.tsunagu.broker.ld.CoreContext;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.ld.LdContextResolver;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The /ngsi-ld/v1/jsonldContexts resources (ETSI GS CIM 009 v1.9.1, 5.13) through the real
 * server, with the embedded store in a fresh directory, shaped after the ETSI conformance tests
 * (TP/NGSI-LD/jsonldContext).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "tsunagu.ld.fetch-timeout=2s"})
class JsonldContextApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONTEXTS = "/ngsi-ld/v1/jsonldContexts";
    private static final String MINIMAL = "{\"@context\": {\"A1\": \"urn:ngsi-ld:attributes:A1\", "
            + "\"A2\": \"urn:ngsi-ld:attributes:A2\", \"A3\": \"urn:ngsi-ld:attributes:A3\"}}";
    private static final Path DATA_DIR;
    private static HttpServer contextServer;
    private static final Map<String, String> served = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    static {
        try {
            DATA_DIR = Files.createTempDirectory("tsunagu-ld-api-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    LdContextResolver resolver;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("tsunagu.data-dir", DATA_DIR::toString);
        registry.add("tsunagu.mongodb-uri", () -> "");
    }

    @BeforeAll
    static void startContextServer() throws IOException {
        contextServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        contextServer.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            String body = served.get(path);
            byte[] bytes = (body != null ? body : "gone").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body != null ? 200 : 404, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        contextServer.start();
    }

    @AfterAll
    static void stopContextServer() {
        contextServer.stop(0);
    }

    private static String remote(String path, String body) {
        served.put(path, body);
        return "http://127.0.0.1:" + contextServer.getAddress().getPort() + path;
    }

    private WebTestClient client() {
        return ApiTestSupport.client("http://127.0.0.1:" + port);
    }

    /** An absolute URI (a relative java.net.URI would not get the base URL) with the id percent-encoded, '/' and ':' too. */
    private URI contextUri(String contextId, String query) {
        return abs(CONTEXTS + "/" + URLEncoder.encode(contextId, StandardCharsets.UTF_8) + (query != null ? "?" + query : ""));
    }

    private URI abs(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private static String link(String url) {
        return "<" + url + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    }

    /** POSTs a @context; returns the Location. */
    private String add(String body, String tenant) {
        var request = client().post().uri(CONTEXTS).contentType(MediaType.APPLICATION_JSON);
        if (tenant != null) {
            request = request.header("NGSILD-Tenant", tenant);
        }
        String location = request.bodyValue(body).exchange()
                .expectStatus().isCreated()
                .expectBody().isEmpty()
                .getResponseHeaders().getLocation().toString();
        assertThat(location).matches(CONTEXTS + "/[0-9a-f]{32}");
        return location;
    }

    private static String localId(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private JsonNode getJson(URI uri, String tenant, HttpStatus status) {
        var request = client().get().uri(uri);
        if (tenant != null) {
            request = request.header("NGSILD-Tenant", tenant);
        }
        byte[] body = request.exchange().expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    private void expectProblem(WebTestClient.RequestHeadersSpec<?> request, ErrorType type) {
        request.exchange()
                .expectStatus().isEqualTo(type.status())
                .expectHeader().doesNotExist("Location")
                .expectBody().jsonPath("$.type").isEqualTo(type.uri());
    }

    // ------------------------------------------------------------------ Add, Serve, Delete (5.13.2, 5.13.4, 5.13.5)

    @Test
    void addServeAndDeleteAHostedContext() {
        String location = add(MINIMAL, null);
        String id = localId(location);

        client().get().uri(location).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody().json(MINIMAL);

        JsonNode details = getJson(abs(location + "?details=true"), null, HttpStatus.OK);
        assertThat(details.get("URL").stringValue()).isEqualTo("http://localhost:" + port + location);
        assertThat(details.get("localId").stringValue()).isEqualTo(id);
        assertThat(details.get("kind").stringValue()).isEqualTo("Hosted");
        assertThat(details.get("createdAt").stringValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(details.get("numberOfHits").asLong()).isZero();
        assertThat(details.propertyNames()).isSubsetOf("URL", "localId", "kind", "createdAt", "lastUsage", "numberOfHits", "expiresAt");
        getJson(abs(location + "?details=false"), null, HttpStatus.OK);

        client().delete().uri(location).exchange().expectStatus().isNoContent().expectBody().isEmpty();
        expectProblem(client().get().uri(location), ErrorType.RESOURCE_NOT_FOUND);
        expectProblem(client().get().uri(location + "?details=true"), ErrorType.RESOURCE_NOT_FOUND);
        expectProblem(client().delete().uri(location), ErrorType.RESOURCE_NOT_FOUND);
    }

    @Test
    void aHostedContextIsUsableByItsUrlAndCountsHits() {
        String location = add(MINIMAL, null);
        String url = "http://localhost:" + port + location;
        LdContext ctx = resolver.resolveLink(link(url)).block();
        assertThat(ctx.expand("A1")).isEqualTo("urn:ngsi-ld:attributes:A1");
        assertThat(ctx.linkUrl()).isEqualTo(url);
        resolver.resolveLink(link(url)).block();
        JsonNode details = getJson(abs(location + "?details=true"), null, HttpStatus.OK);
        assertThat(details.get("numberOfHits").asLong()).isEqualTo(2);
        assertThat(details.has("lastUsage")).isTrue();

        client().delete().uri(location).exchange().expectStatus().isNoContent();
        expectProblem(client().get().uri(location), ErrorType.RESOURCE_NOT_FOUND);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> resolver.resolveLink(link(url)).block()))
                .as("a deleted hosted @context is no longer usable").hasMessageContaining("does not exist on this broker");
    }

    @Test
    void invalidAddRequests() {
        expectProblem(client().post().uri(CONTEXTS).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"A1\": \"urn:ngsi-ld:attributes:A1\"}"), ErrorType.INVALID_REQUEST);
        expectProblem(client().post().uri(CONTEXTS).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"A1\": \"urn:ngsi-ld:attributes:A1\" \"A2\": \"x\"}"), ErrorType.INVALID_REQUEST);
        for (String body : List.of("{\"@context\": 42}", "{\"@context\": true}", "{\"@context\": [\"https://example.org/ctx.jsonld\", 7]}",
                "{\"@context\": {\"bad\": {\"@id\": 5}}}", "{\"@context\": \"not-a-url\"}")) {
            expectProblem(client().post().uri(CONTEXTS).contentType(MediaType.APPLICATION_JSON).bodyValue(body), ErrorType.BAD_REQUEST_DATA);
        }
        expectProblem(client().post().uri(CONTEXTS).contentType(MediaType.TEXT_PLAIN).bodyValue(MINIMAL), ErrorType.UNSUPPORTED_MEDIA_TYPE);
        String unavailable = "http://127.0.0.1:" + contextServer.getAddress().getPort() + "/missing.jsonld";
        expectProblem(client().post().uri(CONTEXTS).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"@context\": [\"" + unavailable + "\"]}"), ErrorType.LD_CONTEXT_NOT_AVAILABLE);
    }

    @Test
    void aHostedListOfUrlsMakesThemCached() {
        String first = remote("/list-a.jsonld", "{\"@context\": {\"la\": \"https://example.org/la\"}}");
        String second = remote("/list-b.jsonld", "{\"@context\": {\"lb\": \"https://example.org/lb\"}}");
        String body = "{\"@context\": [\"" + first + "\", \"" + second + "\"]}";
        String location = add(body, null);
        client().get().uri(location).exchange().expectStatus().isOk().expectBody().json(body);
        for (String url : List.of(first, second)) {
            JsonNode details = getJson(contextUri(url, "details=true"), null, HttpStatus.OK);
            assertThat(details.get("kind").stringValue()).isEqualTo("Cached");
            assertThat(details.get("URL").stringValue()).isEqualTo(url);
            assertThat(details.has("expiresAt")).isTrue();
        }
        client().delete().uri(location).exchange().expectStatus().isNoContent();
    }

    // ------------------------------------------------------------------ List (5.13.3)

    @Test
    void listContexts() {
        String location = add(MINIMAL, null);
        String url = "http://localhost:" + port + location;

        JsonNode all = getJson(abs(CONTEXTS), null, HttpStatus.OK);
        assertThat(all.isArray()).isTrue();
        assertThat(strings(all)).contains(url, CoreContext.URL);

        JsonNode hosted = getJson(abs(CONTEXTS + "?kind=Hosted"), null, HttpStatus.OK);
        assertThat(strings(hosted)).contains(url).doesNotContain(CoreContext.URL);

        JsonNode cached = getJson(abs(CONTEXTS + "?details=true&kind=Cached"), null, HttpStatus.OK);
        assertThat(cached).allSatisfy(entry -> assertThat(entry.get("kind").stringValue()).isEqualTo("Cached"));
        assertThat(cached).anySatisfy(entry -> assertThat(entry.get("URL").stringValue()).isEqualTo(CoreContext.URL));

        JsonNode detailed = getJson(abs(CONTEXTS + "?details=true&kind=hosted"), null, HttpStatus.OK);
        assertThat(detailed).anySatisfy(entry -> {
            assertThat(entry.get("URL").stringValue()).isEqualTo(url);
            assertThat(entry.get("localId").stringValue()).isEqualTo(localId(location));
            assertThat(entry.get("kind").stringValue()).isEqualTo("Hosted");
        });

        expectProblem(client().get().uri(CONTEXTS + "?kind=other"), ErrorType.BAD_REQUEST_DATA);
        expectProblem(client().get().uri(CONTEXTS + "?details=other"), ErrorType.BAD_REQUEST_DATA);
        expectProblem(client().get().uri(CONTEXTS + "?details=other&kind=Hosted"), ErrorType.BAD_REQUEST_DATA);
        client().delete().uri(location).exchange().expectStatus().isNoContent();
    }

    // ------------------------------------------------------------------ tenants

    @Test
    void aHostedContextIsPrivateToItsTenant() {
        String location = add("{\"@context\": {\"TenantPrivateTerm\": \"urn:ngsi-ld:attributes:TenantPrivateTerm\"}}", "tenant-a");
        String id = localId(location);

        getJson(abs(location), "tenant-a", HttpStatus.OK);
        expectProblem(client().get().uri(location).header("NGSILD-Tenant", "tenant-b"), ErrorType.RESOURCE_NOT_FOUND);
        expectProblem(client().get().uri(location + "?details=true").header("NGSILD-Tenant", "tenant-b"), ErrorType.RESOURCE_NOT_FOUND);
        expectProblem(client().get().uri(location), ErrorType.RESOURCE_NOT_FOUND);
        client().get().uri(CONTEXTS + "?details=true").header("NGSILD-Tenant", "tenant-b").exchange()
                .expectStatus().isOk().expectBody(String.class).value(body -> assertThat(body).doesNotContain(id));
        expectProblem(client().delete().uri(location).header("NGSILD-Tenant", "tenant-b"), ErrorType.RESOURCE_NOT_FOUND);
        client().delete().uri(location).header("NGSILD-Tenant", "tenant-a").exchange().expectStatus().isNoContent();
    }

    // ------------------------------------------------------------------ the core @context

    @Test
    void theCoreContextIsServedAndCannotBeDeleted() {
        for (String url : List.of(CoreContext.URL, "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.6.jsonld")) {
            JsonNode core = getJson(contextUri(url, null), null, HttpStatus.OK);
            assertThat(core.get("@context").get("observedAt")).isNotNull();
            JsonNode details = getJson(contextUri(url, "details=true"), null, HttpStatus.OK);
            assertThat(details.get("kind").stringValue()).isEqualTo("Cached");
            expectProblem(client().delete().uri(contextUri(url, null)), ErrorType.BAD_REQUEST_DATA);
            expectProblem(client().delete().uri(contextUri(url, "reload=false")), ErrorType.BAD_REQUEST_DATA);
            client().delete().uri(contextUri(url, "reload=true")).exchange().expectStatus().isNoContent();
        }
    }

    // ------------------------------------------------------------------ Cached @contexts

    @Test
    void aCachedContextIsReloadedOrDropped() {
        String url = remote("/cached.jsonld", "{\"@context\": {\"c1\": \"https://example.org/c1\"}}");
        assertThat(resolver.resolveLink(link(url)).block().expand("c1")).isEqualTo("https://example.org/c1");
        JsonNode details = getJson(contextUri(url, "details=true"), null, HttpStatus.OK);
        assertThat(details.get("kind").stringValue()).isEqualTo("Cached");
        assertThat(details.get("numberOfHits").asLong()).isEqualTo(1);
        client().get().uri(contextUri(url, null)).exchange().expectStatus().isOk()
                .expectBody().json("{\"@context\": {\"c1\": \"https://example.org/c1\"}}");
        // also by its local id
        getJson(contextUri(details.get("localId").stringValue(), null), null, HttpStatus.OK);

        served.put("/cached.jsonld", "{\"@context\": {\"c1\": \"https://example.org/c1-v2\"}}");
        client().delete().uri(contextUri(url, "reload=true")).exchange().expectStatus().isNoContent();
        assertThat(hits.get("/cached.jsonld").get()).isEqualTo(2);
        assertThat(resolver.resolveLink(link(url)).block().expand("c1")).isEqualTo("https://example.org/c1-v2");

        // the context server goes away: reloading fails and keeps the cached copy (5.13.5.4)
        served.remove("/cached.jsonld");
        expectProblem(client().delete().uri(contextUri(url, "reload=true")), ErrorType.LD_CONTEXT_NOT_AVAILABLE);
        assertThat(getJson(contextUri(url, "details=true"), null, HttpStatus.OK).get("kind").stringValue()).isEqualTo("Cached");
        assertThat(resolver.resolveLink(link(url)).block().expand("c1")).isEqualTo("https://example.org/c1-v2");

        client().delete().uri(contextUri(url, null)).exchange().expectStatus().isNoContent();
        expectProblem(client().get().uri(contextUri(url, "details=true")), ErrorType.RESOURCE_NOT_FOUND);
    }

    @Test
    void deleteRules() {
        expectProblem(client().delete().uri(contextUri("0123456789012345", null)), ErrorType.RESOURCE_NOT_FOUND);
        expectProblem(client().delete().uri(contextUri("wrong_id_context", "reload=false")), ErrorType.RESOURCE_NOT_FOUND);
        expectProblem(client().delete().uri(contextUri("wrong_id_context", "reload=true")), ErrorType.BAD_REQUEST_DATA);
        expectProblem(client().delete().uri(contextUri("wrong_id_context", "reload=xxx")), ErrorType.BAD_REQUEST_DATA);
        expectProblem(client().delete().uri(contextUri("https://example.org/never-seen.jsonld", "reload=true")), ErrorType.RESOURCE_NOT_FOUND);
        String location = add(MINIMAL, null);
        expectProblem(client().delete().uri(location + "?reload=true"), ErrorType.BAD_REQUEST_DATA);
        client().delete().uri(location).exchange().expectStatus().isNoContent();
    }

    // ------------------------------------------------------------------ ImplicitlyCreated @contexts

    @Test
    void anInlineContextBecomesImplicitlyCreated() {
        JsonNode inline = JSON.readTree("{\"implicitTerm\": \"https://example.org/implicitTerm\"}");
        LdContext ctx = resolver.resolveInline(inline).block();
        String prefix = "http://localhost:" + port + CONTEXTS + "/";
        assertThat(ctx.linkUrl()).startsWith(prefix);
        String id = ctx.linkUrl().substring(prefix.length());

        JsonNode listed = getJson(abs(CONTEXTS + "?details=true&kind=ImplicitlyCreated"), null, HttpStatus.OK);
        assertThat(listed).anySatisfy(entry -> {
            assertThat(entry.get("localId").stringValue()).isEqualTo(id);
            assertThat(entry.get("URL").stringValue()).isEqualTo(ctx.linkUrl());
            assertThat(entry.get("kind").stringValue()).isEqualTo("ImplicitlyCreated");
        });
        JsonNode served = getJson(contextUri(id, null), null, HttpStatus.OK);
        assertThat(served.get("@context")).isEqualTo(inline);
        assertThat(getJson(contextUri(id, "details=true"), "any-tenant", HttpStatus.OK).get("kind").stringValue())
                .isEqualTo("ImplicitlyCreated");

        expectProblem(client().delete().uri(contextUri(id, "reload=true")), ErrorType.BAD_REQUEST_DATA);
        client().delete().uri(contextUri(id, null)).exchange().expectStatus().isNoContent();
        expectProblem(client().get().uri(contextUri(id, null)), ErrorType.RESOURCE_NOT_FOUND);
    }

    private static List<String> strings(JsonNode array) {
        return array.values().stream().map(JsonNode::stringValue).toList();
    }
}
