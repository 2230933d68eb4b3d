package city.tsunagu.broker.query;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One query, every way of asking it: the representations (normalized, concise, keyValues,
 * simplified; JSON, JSON-LD and GeoJSON), GET and POST, whole and in pages, must all answer the
 * same entities in the same order, and count=true must count them.
 */
class RepresentationAgreementApiTest extends ApiTestSupport {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final int ENTITIES = 60;
    private String tenant;

    /** Buses and bus stops spread over 4 km around Kanazawa Station, with random speeds, names and scopes. */
    @BeforeEach
    void city() {
        tenant = "agree-" + System.nanoTime();
        Random random = new Random(3);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < ENTITIES; i++) {
            String type = i % 3 == 0 ? "BusStop" : "Bus";
            double lon = 136.6480 + (random.nextDouble() - 0.5) * 0.045;
            double lat = 36.5781 + (random.nextDouble() - 0.5) * 0.036;
            batch.append(i > 0 ? "," : "").append(String.format(Locale.ROOT,
                    "{\"id\":\"urn:ngsi-ld:%s:%03d\",\"type\":\"%s\",\"scope\":\"/Kanazawa/%s\","
                            + "\"speed\":{\"type\":\"Property\",\"value\":%d,\"observedAt\":\"2026-11-23T08:%02d:00Z\"},"
                            + "\"name\":{\"type\":\"Property\",\"value\":\"%s\"},"
                            + "\"route\":{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:Route:%d\"},"
                            + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}}}",
                    type, i, type, i % 2 == 0 ? "North" : "South", random.nextInt(60), i % 60,
                    List.of("Kenrokuen", "Korinbo", "Omicho", "Higashi Chaya", "Nagamachi").get(random.nextInt(5)),
                    random.nextInt(4), lon, lat));
        }
        client().post().uri("/entityOperations/create").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(batch + "]").exchange().expectStatus().isCreated();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "type=Bus&q=speed>20",
            "type=Bus,BusStop&q=speed==10..40;name==\"Korinbo\",\"Omicho\"|route==urn:ngsi-ld:Route:2",
            "type=*&georel=near;maxDistance==1200&geometry=Point&coordinates=[136.6480,36.5781]",
            "type=Bus&georel=within&geometry=Polygon&coordinates=[[[136.63,36.56],[136.66,36.56],[136.66,36.59],[136.63,36.59],[136.63,36.56]]]",
            "type=BusStop&scopeQ=/Kanazawa/North&q=speed.observedAt>=2026-11-23T08:20:00Z",
            "type=Bus&orderBy=speed;desc,name",
            "type=Bus,BusStop&orderBy=location;dist-asc&orderFrom=[136.6560,36.5715]&q=speed<45",
            "type=Bus&pick=id,speed&q=name~=\"^K\""})
    void everyRepresentationAnswersTheSameEntities(String query) {
        List<String> reference = ids(query, "application/json", "");
        assertThat(reference).as("a query that selects something").isNotEmpty().hasSizeLessThan(ENTITIES);

        for (String options : List.of("&options=concise", "&options=keyValues", "&format=simplified", "&options=sysAttrs")) {
            assertThat(ids(query, "application/json", options)).as(options).isEqualTo(reference);
        }
        assertThat(ids(query, "application/ld+json", "")).as("JSON-LD").isEqualTo(reference);
        assertThat(ids(query, "application/geo+json", "")).as("GeoJSON").isEqualTo(reference);
        assertThat(count(query)).isEqualTo(reference.size());

        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < reference.size(); offset += 7) {
            paged.addAll(ids(query, "application/json", "&limit=7&offset=" + offset));
        }
        assertThat(paged).as("pages of 7").isEqualTo(reference);
        assertThat(postIds(query)).as("POST /entityOperations/query").isEqualTo(reference);
    }

    /** The ids answered, in order; one page of up to 100 unless {@code extra} pages. */
    private List<String> ids(String query, String accept, String extra) {
        Request request = Request.of(query + extra + (extra.contains("limit=") ? "" : "&limit=100"));
        JsonNode body = JSON.readTree(client().get().uri(request.template(), request.values()).header("NGSILD-Tenant", tenant)
                .header("Accept", accept).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        JsonNode entities = accept.equals("application/geo+json") ? body.path("features") : body;
        List<String> ids = new ArrayList<>();
        entities.forEach(e -> ids.add(e.path("id").asString()));
        return ids;
    }

    private int count(String query) {
        Request request = Request.of(query + "&count=true&limit=0");
        String header = client().get().uri(request.template(), request.values()).header("NGSILD-Tenant", tenant).exchange()
                .expectStatus().isOk().returnResult(byte[].class).getResponseHeaders().getFirst("NGSILD-Results-Count");
        return Integer.parseInt(header);
    }

    /** The same query as a POST body: type as an EntitySelector, the others as Query members. */
    private List<String> postIds(String query) {
        ObjectNode body = JSON.createObjectNode().put("type", "Query");
        ObjectNode geoQ = JSON.createObjectNode();
        ObjectNode ordering = JSON.createObjectNode();
        for (String pair : query.split("&")) {
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            switch (name) {
                case "type" -> body.putArray("entities").addObject().put("type", value);
                case "q", "scopeQ" -> body.put(name, value);
                case "pick" -> body.putArray("pick").add(value.split(",")[0]).add(value.split(",")[1]);
                case "georel", "geometry" -> geoQ.put(name, value);
                case "coordinates" -> geoQ.set(name, JSON.readTree(value));
                case "orderBy" -> ordering.putArray("orderBy").add(value);
                case "orderFrom" -> ordering.set("coordinates", JSON.readTree(value));
                default -> throw new IllegalArgumentException(name);
            }
        }
        if (!geoQ.isEmpty()) {
            body.set("geoQ", geoQ);
        }
        if (!ordering.isEmpty()) {
            body.set("ordering", ordering);
        }
        JsonNode answer = JSON.readTree(client().post().uri("/entityOperations/query?limit=100").header("NGSILD-Tenant", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body.toString()).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
        List<String> ids = new ArrayList<>();
        answer.forEach(e -> ids.add(e.path("id").asString()));
        return ids;
    }

    /**
     * A GET request as a URI template and its values, so that the values are encoded (q and
     * coordinates hold characters that URIs reserve).
     */
    private record Request(String template, Object[] values) {
        static Request of(String query) {
            StringBuilder template = new StringBuilder("/entities");
            List<String> values = new ArrayList<>();
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                template.append(values.isEmpty() ? '?' : '&').append(pair, 0, eq).append("={v").append(values.size()).append('}');
                values.add(pair.substring(eq + 1));
            }
            return new Request(template.toString(), values.toArray());
        }
    }
}
