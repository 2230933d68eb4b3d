package city.tsunagu.broker.ld;

import static org.assertj.core.api.Assertions.assertThat;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.http.media.MediaType;
import com.apicatalog.jsonld.loader.DocumentLoader;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The term-map path gives exactly what Titanium's full JSON-LD algorithm gives: for every term of
 * a @context, and for names and IRIs it does not define, {@link LdContext#expand} equals the key
 * {@code JsonLd.expand} produces, and {@link LdContext#compact} equals the key {@code JsonLd.compact}
 * produces for that expanded document — with the effective context {@code [user..., core]}.
 */
class TitaniumEquivalenceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> EXTRA_NAMES = List.of(
            "speed", "myAttribute", "foo_bar", "Vehicle", "BikeHireDockingStation", "location", "observedAt",
            "schema:name", "ngsi-ld:foo", "ngsi-ld:default-context/location", "geojson:Point", "ex:thing",
            "In:deep", "unknownPrefix:rest", "https://example.org/absolute", "urn:ngsi-ld:Thing:1",
            "http://www.w3.org/2001/XMLSchema#double", "plate", "seats");
    private static final List<String> EXTRA_IRIS = List.of(
            "https://uri.etsi.org/ngsi-ld/default-context/speed",
            "https://uri.etsi.org/ngsi-ld/default-context/location",
            "https://uri.etsi.org/ngsi-ld/somethingNew",
            "https://uri.etsi.org/ngsi-ld/",
            "https://purl.org/geojson/vocab#Nothing",
            "https://schema.org/name",
            "https://schema.org/unknown",
            "https://example.org/ns#nothing",
            "https://example.org/inner/deep/er",
            "https://example.org/elsewhere",
            "urn:ngsi-ld:Thing:1");

    /**
     * Where the broker follows the JSON-LD 1.1 specification and Titanium 1.6.0 does not: for
     * several terms with one IRI, inverse context creation (JSON-LD 1.1 API 4.3) takes the shortest
     * term first and the lexicographically least on ties; Titanium sorts lexicographically only
     * (here it picks "driverName" over "name").
     */
    private static final Map<String, String> SPEC_OVER_TITANIUM = Map.of("https://schema.org/name", "name");
    /** Terms the fixture defines as null: JSON-LD drops them; the broker treats them as undefined. */
    private static final Set<String> NULL_TERMS = Set.of("plate");

    private static ContextServer server;
    private static LdContextResolver resolver;

    @BeforeAll
    static void start() {
        server = ContextServer.start();
        resolver = new LdContextResolver(LdProperties.defaults());
    }

    @AfterAll
    static void stop() {
        resolver.destroy();
        server.close();
    }

    /** A case: a name, the user @context as a request gives it (null = none), and the files whose terms to try. */
    record Case(String name, JsonNode userContext, List<String> files) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        server = server != null ? server : ContextServer.start();
        ArrayNode sdm = JSON.createArrayNode().add(server.file("smart-data-models-transportation.jsonld"));
        JsonNode prefixes = JSON.readTree(ContextServer.text("/ld/prefixes-vocab.jsonld")).get("@context");
        ArrayNode nested = JSON.createArrayNode()
                .add(server.file("nested-outer.jsonld"))
                .add(JSON.readTree("{\"localTerm\": \"https://example.org/local/localTerm\", \"shared\": \"https://example.org/local/shared\"}"));
        return Stream.of(
                new Case("core only", null, List.of()),
                new Case("Smart Data Models Transportation", sdm, List.of("smart-data-models-transportation.jsonld")),
                new Case("prefixes and @vocab", prefixes, List.of("prefixes-vocab.jsonld")),
                new Case("nested array context", nested, List.of("nested-outer.jsonld", "nested-inner.jsonld")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void expandAndCompactAsTitanium(Case c) throws JsonLdError {
        LdContext ctx = c.userContext() == null ? resolver.core() : resolver.resolveInline(c.userContext()).block();
        JsonValue titaniumContext = effectiveContext(c.userContext());

        Set<String> names = new LinkedHashSet<>(termsOf(ContextServer.text("/" + CoreContext.RESOURCE)));
        for (String file : c.files()) {
            names.addAll(termsOf(ContextServer.text("/ld/" + file)));
        }
        if (c.userContext() != null && c.userContext().isObject()) {
            c.userContext().propertyNames().forEach(names::add);
        }
        if (c.userContext() != null && c.userContext().isArray()) {
            c.userContext().forEach(item -> item.propertyNames().forEach(names::add));
        }
        names.addAll(EXTRA_NAMES);
        names.removeIf(name -> name.startsWith("@"));

        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String name : names) {
            String ours = ctx.expand(name);
            if (ours.startsWith("@")) {
                assertThat(name).as("keyword alias").isIn("id", "type");
                continue;
            }
            if (NULL_TERMS.contains(name) && c.files().contains("prefixes-vocab.jsonld")) {
                assertThat(ours).isEqualTo("https://uri.etsi.org/ngsi-ld/default-context/" + name);
                assertThat(ctx.compact(ours)).isEqualTo(name);
                continue;
            }
            JsonObject expanded = titaniumExpand(titaniumContext, name);
            String expectedIri = expanded == null ? null : onlyKey(expanded);
            if (!ours.equals(expectedIri)) {
                mismatches.add("expand(" + name + "): ours " + ours + ", Titanium " + expectedIri);
                continue;
            }
            String expectedTerm = spec(c).getOrDefault(ours, onlyKey(titaniumCompact(titaniumContext, expanded)));
            String compacted = ctx.compact(ours);
            if (!compacted.equals(expectedTerm)) {
                mismatches.add("compact(" + ours + ") from " + name + ": ours " + compacted + ", Titanium " + expectedTerm);
            }
            checked++;
        }
        for (String iri : EXTRA_IRIS) {
            JsonObject expanded = Json.createObjectBuilder()
                    .add(iri, Json.createArrayBuilder().add(Json.createObjectBuilder().add("@value", "x"))).build();
            String expectedTerm = spec(c).getOrDefault(iri, onlyKey(titaniumCompact(titaniumContext, expanded)));
            if (!ctx.compact(iri).equals(expectedTerm)) {
                mismatches.add("compact(" + iri + "): ours " + ctx.compact(iri) + ", Titanium " + expectedTerm);
            }
            if (!ctx.expand(ctx.compact(iri)).equals(iri)) {
                mismatches.add("expand(compact(" + iri + ")) is " + ctx.expand(ctx.compact(iri)));
            }
            checked++;
        }
        assertThat(mismatches).as(c.name() + ": " + checked + " names and IRIs checked").isEmpty();
        assertThat(checked).isGreaterThan(200);
    }

    private static Map<String, String> spec(Case c) {
        return c.files().contains("prefixes-vocab.jsonld") ? SPEC_OVER_TITANIUM : Map.of();
    }

    // ------------------------------------------------------------------ Titanium, the reference

    private static JsonObject titaniumExpand(JsonValue context, String name) throws JsonLdError {
        JsonObject document = Json.createObjectBuilder().add("@context", context).add(name, "x").build();
        JsonArray expanded = JsonLd.expand(JsonDocument.of(document)).loader(LOADER).get();
        if (expanded.isEmpty()) {
            return null;
        }
        JsonObject node = expanded.getJsonObject(0);
        if (node.containsKey("@reverse")) {
            return node.getJsonObject("@reverse");
        }
        return node;
    }

    private static JsonObject titaniumCompact(JsonValue context, JsonObject expanded) throws JsonLdError {
        JsonObject contextDocument = Json.createObjectBuilder().add("@context", context).build();
        return JsonLd.compact(JsonDocument.of(Json.createArrayBuilder().add(expanded).build()), JsonDocument.of(contextDocument))
                .loader(LOADER).get();
    }

    private static String onlyKey(JsonObject object) {
        List<String> keys = object.keySet().stream().filter(key -> !key.equals("@context")).toList();
        assertThat(keys).hasSize(1);
        return keys.get(0);
    }

    /** [user..., core URL]: the core applied last, as the broker does. */
    private static JsonValue effectiveContext(JsonNode user) {
        var array = Json.createArrayBuilder();
        if (user != null) {
            JsonValue value = read(JSON.writeValueAsString(user));
            if (value instanceof JsonArray items) {
                items.forEach(array::add);
            } else {
                array.add(value);
            }
        }
        return array.add(CoreContext.URL).build();
    }

    /** Serves the test files and the bundled core; scoped-only references (w3id data integrity) as empty, as the broker does. */
    private static final DocumentLoader LOADER = (URI url, com.apicatalog.jsonld.loader.DocumentLoaderOptions options) -> {
        String key = url.toString();
        String text;
        if (CoreContext.isCoreUrl(key)) {
            text = ContextServer.text("/" + CoreContext.RESOURCE);
        } else if (key.startsWith(server.url("/ld/"))) {
            text = ContextServer.text("/ld/" + key.substring(server.url("/ld/").length()));
        } else {
            text = "{\"@context\": {}}";
        }
        JsonDocument document = JsonDocument.of(MediaType.JSON_LD, (JsonStructure) read(text));
        // every core URL names the one bundled document, as in the broker's loader
        document.setDocumentUrl(CoreContext.isCoreUrl(key) ? URI.create(CoreContext.URL) : url);
        return (Document) document;
    };

    private static JsonValue read(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static List<String> termsOf(String document) {
        List<String> terms = new ArrayList<>();
        collect(JSON.readTree(document).get("@context"), terms);
        return terms;
    }

    private static void collect(JsonNode context, List<String> terms) {
        if (context.isArray()) {
            context.forEach(item -> collect(item, terms));
        } else if (context.isObject()) {
            for (Map.Entry<String, JsonNode> entry : context.properties()) {
                terms.add(entry.getKey());
            }
        }
    }
}
