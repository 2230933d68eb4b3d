package city.tsunagu.broker.bench;

import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.model.EntityParser;
import city.tsunagu.broker.entity.web.EntityRenderer;
import city.tsunagu.broker.entity.web.RenderOptions;
import city.tsunagu.broker.ld.CoreContext;
import city.tsunagu.broker.ld.LdContext;
import city.tsunagu.broker.ld.LdContextResolver;
import city.tsunagu.broker.ld.LdProperties;
import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdOptions;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.http.media.MediaType;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Expanding and compacting a typical entity (a Smart Data Models Vehicle: 12 attributes, sub-attributes,
 * a GeoProperty, a Relationship) with the broker's term maps — resolving the request's @context,
 * {@link EntityParser} to the expanded model, {@link EntityRenderer} back — versus Titanium's
 * full {@code JsonLd.expand} + {@code JsonLd.compact} on the same document, measured in the same run.
 *
 * <p>{@code context=core}: no user @context (attribute names are vocab-relative).
 * {@code context=user}: the Smart Data Models Transportation @context (about 500 terms) named by a
 * Link header, downloaded once in set-up; Titanium gets it from memory through its loader and
 * keeps it in its own context cache, so neither side does I/O while measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JsonLdBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Param({"core", "user"})
    public String context;

    private HttpServer server;
    private LdContextResolver resolver;
    private String linkHeader;
    private ObjectNode entity;
    private final EntityParser parser = new EntityParser();
    private final EntityRenderer renderer = new EntityRenderer();

    private JsonObject titaniumInput;
    private JsonDocument titaniumContext;
    private JsonLdOptions titaniumOptions;

    @Setup(Level.Trial)
    public void setUp() throws IOException, JsonLdError {
        byte[] sdm = resource("/ld/smart-data-models-transportation.jsonld");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, sdm.length);
            exchange.getResponseBody().write(sdm);
            exchange.close();
        });
        server.start();
        String sdmUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/context.jsonld";
        resolver = new LdContextResolver(LdProperties.defaults());
        linkHeader = context.equals("core") ? null
                : "<" + sdmUrl + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
        resolver.resolveLink(linkHeader).block();

        entity = (ObjectNode) JSON.readTree(resource("/ld/bench-vehicle.json"));

        var contextBuilder = Json.createArrayBuilder();
        if (context.equals("user")) {
            contextBuilder.add(sdmUrl);
        }
        JsonArray contextArray = contextBuilder.add(CoreContext.URL).build();
        JsonObject entityJson = (JsonObject) parse(new String(resource("/ld/bench-vehicle.json"), StandardCharsets.UTF_8));
        titaniumInput = Json.createObjectBuilder(entityJson).add("@context", contextArray).build();
        titaniumContext = JsonDocument.of(Json.createObjectBuilder().add("@context", contextArray).build());
        Map<String, JsonStructure> documents = Map.of(
                CoreContext.URL, parse(new String(resource("/ld/ngsi-ld-core-context-v1.9.jsonld"), StandardCharsets.UTF_8)),
                sdmUrl, parse(new String(sdm, StandardCharsets.UTF_8)));
        DocumentLoader loader = (url, options) -> {
            // the core context's scoped data-integrity reference gets an empty context, as in the broker
            JsonStructure content = documents.getOrDefault(url.toString(), parse("{\"@context\": {}}"));
            JsonDocument document = JsonDocument.of(MediaType.JSON_LD, content);
            document.setDocumentUrl(url);
            return document;
        };
        titaniumOptions = new JsonLdOptions(loader);

        check();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        resolver.destroy();
        server.stop(0);
    }

    /** The broker's path: resolve the request's @context (cached), parse to the expanded model, render compacted. */
    @Benchmark
    public ObjectNode termMaps() {
        LdContext ctx = resolver.resolveLink(linkHeader).block();
        Entity expanded = parser.parseEntity(entity, ctx);
        return renderer.render(expanded, ctx, RenderOptions.DEFAULT);
    }

    /** The baseline: Titanium's full JSON-LD expansion and compaction of the same document. */
    @Benchmark
    public JsonObject titanium() throws JsonLdError {
        JsonArray expanded = JsonLd.expand(JsonDocument.of(titaniumInput)).options(titaniumOptions).get();
        return JsonLd.compact(JsonDocument.of(expanded), titaniumContext).options(titaniumOptions).get();
    }

    /** Both paths give the same attribute names and type back, else the comparison is void. */
    private void check() throws JsonLdError {
        ObjectNode ours = termMaps();
        JsonObject theirs = titanium();
        Set<String> ourKeys = new TreeSet<>(ours.propertyNames());
        Set<String> theirKeys = new TreeSet<>(theirs.keySet());
        theirKeys.remove("@context");
        if (!ourKeys.equals(theirKeys) || !ours.get("type").stringValue().equals(theirs.getString("type"))) {
            throw new IllegalStateException("The two paths disagree: " + ourKeys + " vs " + theirKeys);
        }
        String ourSpeed = ours.get("speed").get("observedAt").stringValue();
        if (!ourSpeed.equals(theirs.getJsonObject("speed").getString("observedAt"))) {
            throw new IllegalStateException("The two paths disagree on speed.observedAt: " + ourSpeed);
        }
    }

    private static JsonStructure parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.read();
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = JsonLdBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
