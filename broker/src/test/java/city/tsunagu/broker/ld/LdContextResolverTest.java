package city.tsunagu.broker.ld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.tsunagu.broker.common.error.BadRequestDataException;
import city.tsunagu.broker.common.error.ErrorType;
import city.tsunagu.broker.common.error.InvalidRequestException;
import city.tsunagu.broker.common.error.LdContextNotAvailableException;
import city.tsunagu.broker.common.error.NgsiLdException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Remote @contexts against a real HTTP server on 127.0.0.1: downloaded once and cached, time and
 * size limits, failures, nesting, core URLs never downloaded; Link header and inline @context
 * rules. BlockHound is installed for the whole run, so any blocking call on an event loop fails.
 */
class LdContextResolverTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NGSI_LD = "https://uri.etsi.org/ngsi-ld/";
    private static final String DEFAULT = "https://uri.etsi.org/ngsi-ld/default-context/";
    private static final String SDM = "https://smartdatamodels.org/dataModel.Transportation/";

    private ContextServer server;
    private LdContextResolver resolver;

    @BeforeEach
    void start() {
        server = ContextServer.start();
        resolver = resolver(Duration.ofSeconds(5), DataSize.ofMegabytes(1), Duration.ofHours(24));
    }

    @AfterEach
    void stop() {
        resolver.destroy();
        server.close();
    }

    private LdContextResolver resolver(Duration timeout, DataSize maxSize, Duration ttl) {
        if (resolver != null) {
            resolver.destroy();
        }
        resolver = new LdContextResolver(new LdProperties(timeout, maxSize, ttl, 100, "https://broker.example"));
        return resolver;
    }

    private static String link(String url) {
        return "<" + url + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    // ------------------------------------------------------------------ core

    @Test
    void noContextMeansTheCoreContext() {
        LdContext core = resolver.resolveLink(null).block();
        assertThat(core).isSameAs(resolver.core());
        assertThat(core.isCoreOnly()).isTrue();
        assertThat(core.linkUrl()).isEqualTo(CoreContext.URL);
        assertThat(core.responseContext().stringValue()).isEqualTo(CoreContext.URL);
        assertThat(core.expand("location")).isEqualTo(NGSI_LD + "location");
        assertThat(core.expand("speed")).isEqualTo(DEFAULT + "speed");
        assertThat(core.expand("id")).isEqualTo("@id");
        assertThat(core.compact(DEFAULT + "speed")).isEqualTo("speed");
        assertThat(core.compact(NGSI_LD + "observedAt")).isEqualTo("observedAt");
        assertThat(resolver.resolveInline(null).block()).isSameAs(resolver.core());
    }

    @Test
    void everyCoreContextUrlIsTheBundledCoreAndNeverDownloaded() {
        for (String version : List.of("", "-v1.3", "-v1.4", "-v1.5", "-v1.6", "-v1.7", "-v1.8", "-v1.9")) {
            String url = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context" + version + ".jsonld";
            assertThat(resolver.resolveLink(link(url)).block()).as(url).isSameAs(resolver.core());
            assertThat(resolver.resolveInline(json("[\"" + url + "\"]")).block()).as(url).isSameAs(resolver.core());
        }
        assertThat(CoreContext.isCoreUrl("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-non-existing.jsonld")).isFalse();
        // a user context listing the core URL, and a fetched one referencing it (v1.6) inside: only
        // the test server is asked (this machine has no route to uri.etsi.org, so a download would fail)
        LdContext ctx = resolver.resolveInline(json("[\"https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.4.jsonld\", \""
                + server.file("nested-outer.jsonld") + "\"]")).block();
        assertThat(ctx.expand("innerTerm")).isEqualTo("https://example.org/inner/innerTerm");
        assertThat(ctx.expand("observedAt")).isEqualTo(NGSI_LD + "observedAt");
    }

    // ------------------------------------------------------------------ downloads and the cache

    @Test
    void aRemoteContextIsDownloadedOnceThenServedFromTheCache() {
        String url = server.file("smart-data-models-transportation.jsonld");
        LdContext first = resolver.resolveLink(link(url)).block();
        assertThat(first.expand("Vehicle")).isEqualTo(SDM + "Vehicle");
        assertThat(first.compact(SDM + "Vehicle")).isEqualTo("Vehicle");
        assertThat(first.linkUrl()).isEqualTo(url);
        assertThat(first.responseContext().stringValue()).isEqualTo(url);
        assertThat(first.isCoreOnly()).isFalse();

        Mono<LdContext> again = resolver.resolveLink(link(url));
        assertThat(again).as("hot path: a plain Mono.just").isInstanceOf(Callable.class);
        assertThat(again.block()).isSameAs(first);
        // the same document named inline shares the download
        assertThat(resolver.resolveInline(json("[\"" + url + "\"]")).block().expand("Vehicle")).isEqualTo(SDM + "Vehicle");
        assertThat(resolver.resolveInline(json("\"" + url + "\"")).block().linkUrl()).isEqualTo(url);
        assertThat(server.hits("/ld/smart-data-models-transportation.jsonld")).isEqualTo(1);
    }

    @Test
    void concurrentFirstRequestsShareOneDownload() {
        server.route("/slow.jsonld", new ContextServer.Route(200, "{\"@context\": {\"slowTerm\": \"https://example.org/slow\"}}").delayed(300));
        String link = link(server.url("/slow.jsonld"));
        List<LdContext> all = Flux.range(0, 20)
                .flatMap(i -> resolver.resolveLink(link).subscribeOn(Schedulers.parallel()))
                .collectList().block(Duration.ofSeconds(10));
        assertThat(all).hasSize(20).allSatisfy(ctx -> assertThat(ctx).isSameAs(all.get(0)));
        assertThat(server.hits("/slow.jsonld")).isEqualTo(1);
    }

    @Test
    void nestedRemoteContextsAreDownloadedBeforeProcessing() {
        LdContext ctx = resolver.resolveLink(link(server.file("nested-outer.jsonld"))).block();
        assertThat(ctx.expand("innerTerm")).isEqualTo("https://example.org/inner/innerTerm");
        assertThat(ctx.expand("outerTerm")).isEqualTo("https://example.org/outer/outerTerm");
        assertThat(ctx.expand("shared")).as("a later definition wins").isEqualTo("https://example.org/outer/shared");
        assertThat(ctx.expand("In:deep")).isEqualTo("https://example.org/inner/deep");
        assertThat(ctx.compact("https://example.org/inner/occupancy")).isEqualTo("occupancy");
        assertThat(server.hits("/ld/nested-outer.jsonld")).isEqualTo(1);
        assertThat(server.hits("/ld/nested-inner.jsonld")).as("relative reference, resolved against the outer URL").isEqualTo(1);
    }

    @Test
    void redirectsAreFollowed() {
        server.redirect("/moved.jsonld", server.file("prefixes-vocab.jsonld"));
        LdContext ctx = resolver.resolveLink(link(server.url("/moved.jsonld"))).block();
        assertThat(ctx.expand("name")).isEqualTo("https://schema.org/name");
    }

    @Test
    void theCacheExpiresAndAStaleCopyIsKeptWhenTheRefreshFails() throws InterruptedException {
        resolver(Duration.ofSeconds(5), DataSize.ofMegabytes(1), Duration.ofMillis(300));
        server.serve("/ttl.jsonld", "{\"@context\": {\"ttlTerm\": \"https://example.org/v1\"}}");
        String link = link(server.url("/ttl.jsonld"));
        assertThat(resolver.resolveLink(link).block().expand("ttlTerm")).isEqualTo("https://example.org/v1");
        assertThat(server.hits("/ttl.jsonld")).isEqualTo(1);

        Thread.sleep(400);
        server.serve("/ttl.jsonld", "{\"@context\": {\"ttlTerm\": \"https://example.org/v2\"}}");
        assertThat(resolver.resolveLink(link).block().expand("ttlTerm")).isEqualTo("https://example.org/v2");
        assertThat(server.hits("/ttl.jsonld")).isEqualTo(2);

        Thread.sleep(400);
        server.route("/ttl.jsonld", new ContextServer.Route(500, "down"));
        assertThat(resolver.resolveLink(link).block().expand("ttlTerm")).isEqualTo("https://example.org/v2");
        assertThat(server.hits("/ttl.jsonld")).isEqualTo(3);
    }

    @Test
    void forgettingACachedDocumentMakesTheNextRequestDownloadItAgain() {
        String url = server.file("prefixes-vocab.jsonld");
        resolver.resolveLink(link(url)).block();
        assertThat(resolver.forgetCached(url)).isTrue();
        resolver.resolveLink(link(url)).block();
        assertThat(server.hits("/ld/prefixes-vocab.jsonld")).isEqualTo(2);
    }

    // ------------------------------------------------------------------ failures

    @Test
    void aTimeoutIsLdContextNotAvailable() {
        resolver(Duration.ofMillis(300), DataSize.ofMegabytes(1), Duration.ofHours(1));
        server.route("/hang.jsonld", new ContextServer.Route(200, "{\"@context\": {}}").delayed(3000));
        String url = server.url("/hang.jsonld");
        assertNotAvailable(resolver.resolveLink(link(url)), url, "within 300 ms");
    }

    @Test
    void anOversizeDocumentIsLdContextNotAvailable() {
        resolver(Duration.ofSeconds(5), DataSize.ofKilobytes(1), Duration.ofHours(1));
        String big = "{\"@context\": {\"t\": \"https://example.org/" + "x".repeat(4096) + "\"}}";
        server.serve("/big.jsonld", big);
        server.route("/big-chunked.jsonld", new ContextServer.Route(200, big).withoutLength());
        assertNotAvailable(resolver.resolveLink(link(server.url("/big.jsonld"))), server.url("/big.jsonld"), "larger than the limit of 1024 bytes");
        assertNotAvailable(resolver.resolveLink(link(server.url("/big-chunked.jsonld"))), server.url("/big-chunked.jsonld"),
                "larger than the limit of 1024 bytes");
    }

    @Test
    void aMissingDocumentIsLdContextNotAvailable() {
        String url = server.url("/nowhere.jsonld");
        assertNotAvailable(resolver.resolveLink(link(url)), url, "HTTP 404");
    }

    @Test
    void anUnreachableServerIsLdContextNotAvailable() throws java.io.IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/ctx.jsonld";
        assertNotAvailable(resolver.resolveLink(link(url)), url, "the connection failed");
    }

    /** A downloaded document that is not a JSON-LD @context: the request named a wrong URL → BadRequestData (ETSI 556_01). */
    @Test
    void aDownloadedDocumentThatIsNotAContextIsBadRequestData() {
        server.serve("/broken.jsonld", "{\"@context\": {\"a\": ");
        server.serve("/plain.json", "{\"a\": \"b\"}");
        assertBadRequest(resolver.resolveLink(link(server.url("/broken.jsonld"))), "not valid JSON");
        assertBadRequest(resolver.resolveLink(link(server.url("/plain.json"))), "not a JSON-LD @context document");
    }

    @Test
    void aFailedNestedDownloadNamesTheNestedUrl() {
        server.serve("/outer.jsonld", "{\"@context\": [\"missing-inner.jsonld\", {\"o\": \"https://example.org/o\"}]}");
        assertNotAvailable(resolver.resolveLink(link(server.url("/outer.jsonld"))), server.url("/missing-inner.jsonld"), "HTTP 404");
    }

    @Test
    void failuresAreNotCached() {
        server.route("/flaky.jsonld", new ContextServer.Route(503, "busy"));
        String link = link(server.url("/flaky.jsonld"));
        assertNotAvailable(resolver.resolveLink(link), server.url("/flaky.jsonld"), "HTTP 503");
        server.serve("/flaky.jsonld", "{\"@context\": {\"flaky\": \"https://example.org/flaky\"}}");
        assertThat(resolver.resolveLink(link).block().expand("flaky")).isEqualTo("https://example.org/flaky");
        assertThat(server.hits("/flaky.jsonld")).isEqualTo(2);
    }

    @Test
    void anInvalidInlineContextIsBadRequestData() {
        assertBadRequest(resolver.resolveInline(json("{\"foo\": {\"@id\": 42}}")), "The @context is invalid");
        assertBadRequest(resolver.resolveInline(json("{\"foo\": {\"@container\": \"@nonsense\"}}")), "The @context is invalid");
        assertBadRequest(resolver.resolveInline(json("42")), "@context must be a URL, an object");
        assertBadRequest(resolver.resolveInline(json("[\"" + server.file("prefixes-vocab.jsonld") + "\", true]")), "@context must be a URL");
        assertBadRequest(resolver.resolveInline(json("\"relative.jsonld\"")), "not an absolute @context URL");
        assertBadRequest(resolver.resolveInline(json("\"file:///etc/passwd\"")), "not http or https");
        assertBadRequest(resolver.resolveInline(json("{\"@import\": 5}")), "@import must be a URL");
    }

    @Test
    void tooManyNestedContextsIsBadRequestData() {
        for (int i = 0; i < 40; i++) {
            server.serve("/chain" + i + ".jsonld", "{\"@context\": [\"chain" + (i + 1) + ".jsonld\", {\"t" + i + "\": \"https://example.org/" + i + "\"}]}");
        }
        assertBadRequest(resolver.resolveLink(link(server.url("/chain0.jsonld"))), "more than 32 @contexts");
    }

    @Test
    void aCycleOfReferencesEndsWithoutLooping() {
        server.serve("/a.jsonld", "{\"@context\": [\"b.jsonld\", {\"a\": \"https://example.org/a\"}]}");
        server.serve("/b.jsonld", "{\"@context\": [\"a.jsonld\", {\"b\": \"https://example.org/b\"}]}");
        StepVerifier.create(resolver.resolveLink(link(server.url("/a.jsonld"))))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(BadRequestDataException.class))
                .verify(Duration.ofSeconds(10));
        assertThat(server.hits("/a.jsonld")).isEqualTo(1);
        assertThat(server.hits("/b.jsonld")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ Link header

    @Test
    void linkHeaderRules() {
        String url = server.file("prefixes-vocab.jsonld");
        assertThat(resolver.resolveLink("<" + url + ">; rel=\"http://www.w3.org/ns/json-ld#context\"").block().expand("name"))
                .as("type may be left out").isEqualTo("https://schema.org/name");
        assertThat(resolver.resolveLink("<" + url + ">;rel=\"http://www.w3.org/ns/json-ld#context\";type=application/ld+json").block()
                .expand("name")).isEqualTo("https://schema.org/name");
        assertThat(resolver.resolveLink("<https://example.org/next>; rel=\"next\", " + link(url)).block().expand("name"))
                .isEqualTo("https://schema.org/name");
        assertThat(resolver.resolveLink("<https://example.org/next>; rel=\"next\"").block()).isSameAs(resolver.core());
        assertThat(resolver.resolveLink("  ").block()).isSameAs(resolver.core());

        assertError(resolver.resolveLink("https://example.org/ctx.jsonld"), InvalidRequestException.class, "malformed");
        assertError(resolver.resolveLink("<https://example.org/ctx.jsonld"), InvalidRequestException.class, "malformed");
        assertError(resolver.resolveLink("<" + url + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"text/html\""),
                BadRequestDataException.class, "type=\"application/ld+json\"");
        assertError(resolver.resolveLink(link(url) + ", " + link(url)), BadRequestDataException.class, "more than one");
        assertError(resolver.resolveLink(link("ctx.jsonld")), BadRequestDataException.class, "not an absolute @context URL");
        assertError(resolver.resolveLink(link("ftp://example.org/ctx.jsonld")), BadRequestDataException.class, "not http or https");
    }

    // ------------------------------------------------------------------ inline @context

    @Test
    void anInlineObjectIsLinkedAsAnImplicitlyCreatedContext() {
        JsonNode given = json("{\"brand\": \"https://schema.org/brand\", \"Bus\": \"https://example.org/Bus\"}");
        LdContext ctx = resolver.resolveInline(given).block();
        assertThat(ctx.expand("brand")).isEqualTo("https://schema.org/brand");
        assertThat(ctx.responseContext()).isEqualTo(given);
        assertThat(ctx.linkUrl()).matches("https://broker\\.example/ngsi-ld/v1/jsonldContexts/[0-9a-f]{32}");
        assertThat(ctx.isCoreOnly()).isFalse();

        LdContext reordered = resolver.resolveInline(json("{\"Bus\": \"https://example.org/Bus\", \"brand\": \"https://schema.org/brand\"}")).block();
        assertThat(reordered).as("the same @context written in another order").isSameAs(ctx);

        String id = ctx.linkUrl().substring(ctx.linkUrl().lastIndexOf('/') + 1);
        ContextDocument implicit = resolver.storedDocument(id).block();
        assertThat(implicit.kind).isEqualTo(ContextKind.ImplicitlyCreated);
        assertThat(implicit.body.get("@context")).isEqualTo(given);
        // the implicit URL resolves to the same terms
        assertThat(resolver.resolveLink(link(ctx.linkUrl())).block().expand("Bus")).isEqualTo("https://example.org/Bus");
    }

    @Test
    void severalUrlsAreLinkedAsAnImplicitlyCreatedContext() {
        JsonNode given = json("[\"" + server.file("prefixes-vocab.jsonld") + "\", \"" + server.file("nested-inner.jsonld")
                + "\", \"https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld\"]");
        LdContext ctx = resolver.resolveInline(given).block();
        assertThat(ctx.linkUrl()).startsWith("https://broker.example/ngsi-ld/v1/jsonldContexts/");
        assertThat(ctx.responseContext()).isEqualTo(given);
        assertThat(ctx.expand("innerTerm")).isEqualTo("https://example.org/inner/innerTerm");
        assertThat(ctx.expand("owner")).isEqualTo("https://example.org/ns#owner");
    }

    @Test
    void oneUrlWithTheCoreIsLinkedByThatUrl() {
        String url = server.file("prefixes-vocab.jsonld");
        JsonNode given = json("[\"" + url + "\", \"" + CoreContext.URL + "\"]");
        LdContext ctx = resolver.resolveInline(given).block();
        assertThat(ctx.linkUrl()).isEqualTo(url);
        assertThat(ctx.responseContext()).as("as given").isEqualTo(given);
    }

    @Test
    void theCoreContextIsAppliedLastAndItsTermsCannotBeRedefined() {
        LdContext ctx = resolver.resolveInline(json("{\"location\": \"https://example.org/myLocation\", "
                + "\"id\": \"https://example.org/id\", \"observedAt\": \"https://example.org/when\", \"mine\": \"https://example.org/mine\"}")).block();
        assertThat(ctx.expand("location")).isEqualTo(NGSI_LD + "location");
        assertThat(ctx.expand("observedAt")).isEqualTo(NGSI_LD + "observedAt");
        assertThat(ctx.expand("id")).isEqualTo("@id");
        assertThat(ctx.expand("mine")).isEqualTo("https://example.org/mine");
        assertThat(ctx.compact("https://example.org/myLocation")).isEqualTo("https://example.org/myLocation");

        // the same after the core listed first: JSON-LD would refuse to redefine its protected terms; the broker tolerates it
        LdContext coreFirst = resolver.resolveInline(json("[\"" + CoreContext.URL + "\", {\"location\": \"https://example.org/myLocation\", "
                + "\"mine\": \"https://example.org/mine\"}]")).block();
        assertThat(coreFirst.expand("location")).isEqualTo(NGSI_LD + "location");
        assertThat(coreFirst.expand("mine")).isEqualTo("https://example.org/mine");
    }

    @Test
    void userTermsComeBeforeCoreTermsWhenCompacting() {
        LdContext ctx = resolver.resolveInline(json("{\"whereabouts\": \"https://uri.etsi.org/ngsi-ld/location\"}")).block();
        assertThat(ctx.expand("whereabouts")).isEqualTo(NGSI_LD + "location");
        assertThat(ctx.expand("location")).isEqualTo(NGSI_LD + "location");
        assertThat(ctx.compact(NGSI_LD + "location")).isEqualTo("whereabouts");
        assertThat(resolver.core().compact(NGSI_LD + "location")).isEqualTo("location");
    }

    @Test
    void namesRoundTrip() {
        LdContext ctx = resolver.resolveLink(link(server.file("smart-data-models-transportation.jsonld"))).block();
        for (String name : List.of("availableBikeNumber", "freeSlotNumber", "refVehicleModel", "speed", "location",
                "observedAt", "notInAnyContext", "ngsi-ld:hasValue", "BikeHireDockingStation", "urn:ngsi-ld:Thing:x")) {
            String iri = ctx.expand(name);
            String back = ctx.compact(iri);
            assertThat(ctx.expand(back)).as(name).isEqualTo(iri);
            if (!name.contains(":")) {
                assertThat(back).as(name).isEqualTo(name);
            }
        }
        assertThat(ctx.compact(NGSI_LD + "hasValue")).isEqualTo("value");
        assertThat(ctx.compact("https://example.org/unrelated")).isEqualTo("https://example.org/unrelated");
        assertThat(ctx.compact(NGSI_LD + "brandNew")).isEqualTo("ngsi-ld:brandNew");
    }

    @Test
    void resolvingFromANonBlockingThreadNeverBlocks() {
        // BlockHound fails this if any part of download, parsing or processing blocks a non-blocking thread
        StepVerifier.create(resolver.resolveLink(link(server.file("smart-data-models-transportation.jsonld")))
                        .subscribeOn(Schedulers.parallel()))
                .assertNext(ctx -> assertThat(ctx.userTermCount()).isGreaterThan(400))
                .verifyComplete();
        StepVerifier.create(resolver.resolveInline(json("{\"x\": \"https://example.org/x\"}")).subscribeOn(Schedulers.parallel()))
                .assertNext(ctx -> assertThat(ctx.expand("x")).isEqualTo("https://example.org/x"))
                .verifyComplete();
    }

    // ------------------------------------------------------------------ helpers

    private static void assertNotAvailable(Mono<LdContext> resolution, String url, String why) {
        StepVerifier.create(resolution)
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(LdContextNotAvailableException.class);
                    NgsiLdException error = (NgsiLdException) e;
                    assertThat(error.type()).isEqualTo(ErrorType.LD_CONTEXT_NOT_AVAILABLE);
                    assertThat(error.type().status().is5xxServerError()).isTrue();
                    assertThat(error.detail()).contains(url).contains(why);
                })
                .verify(Duration.ofSeconds(15));
    }

    private static void assertBadRequest(Mono<LdContext> resolution, String detail) {
        assertError(resolution, BadRequestDataException.class, detail);
    }

    private static void assertError(Mono<LdContext> resolution, Class<? extends NgsiLdException> type, String detail) {
        assertThatThrownBy(() -> resolution.block(Duration.ofSeconds(15)))
                .isInstanceOf(type)
                .hasMessageContaining(detail);
    }
}
