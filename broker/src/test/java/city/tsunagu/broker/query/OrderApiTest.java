package city.tsunagu.broker.query;

import static org.assertj.core.api.Assertions.assertThat;

import city.tsunagu.broker.ApiTestSupport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** orderBy (4.23) through GET and POST queries, with paging, collations and distance, in a tenant of its own. */
class OrderApiTest extends ApiTestSupport {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String NS = "urn:ngsi-ld:BusStop:";
    private String tenant;

    /**
     * Bus stops around Kanazawa Station (136.6480 E, 36.5781 N): name, a rank that is a number,
     * a string or absent, a compound address, a sub-attribute, and a location.
     */
    @BeforeEach
    void busStops() {
        tenant = "order-" + System.nanoTime();
        create(stop("station", "Kanazawa-eki", "5", "Hon-machi", 9, 136.6480, 36.5781));
        create(stop("omicho", "Ōmichō", "\"b\"", "Kami-Ōmichō", 2, 136.6560, 36.5715));
        create(stop("korinbo", "Korinbo", "1.5", "Korinbo", 7, 136.6567, 36.5621));
        create(stop("kenrokuen", "kenroku-en", null, "Kenroku-machi", 4, 136.6627, 36.5621));
        create(stop("airport", "Airport", "\"a\"", "Komatsu", 1, 136.4067, 36.3946));
    }

    private static String stop(String id, String name, String rank, String district, int shelters, double lon, double lat) {
        return "{\"id\":\"" + NS + id + "\",\"type\":\"BusStop\",\"name\":{\"type\":\"Property\",\"value\":\"" + name + "\","
                + "\"shelters\":{\"type\":\"Property\",\"value\":" + shelters + "}},"
                + (rank == null ? "" : "\"rank\":{\"type\":\"Property\",\"value\":" + rank + "},")
                + "\"address\":{\"type\":\"Property\",\"value\":{\"district\":\"" + district + "\"}},"
                + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}}}";
    }

    private void create(String entity) {
        client().post().uri("/entities").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(entity).exchange().expectStatus().isCreated();
    }

    private List<String> ids(String template, Object... values) {
        JsonNode body = JSON.readTree(client().get().uri("/entities?type=BusStop&" + template, values)
                .header("NGSILD-Tenant", tenant).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        List<String> ids = new ArrayList<>();
        body.forEach(e -> ids.add(e.path("id").asString().substring(NS.length())));
        return ids;
    }

    /** The entities' createdAt in the order of the answer (the stops are created milliseconds apart, maybe in the same one). */
    private List<java.time.Instant> createdAt(String params) {
        JsonNode body = JSON.readTree(client().get().uri("/entities?type=BusStop&options=sysAttrs&" + params)
                .header("NGSILD-Tenant", tenant).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        List<java.time.Instant> times = new ArrayList<>();
        body.forEach(e -> times.add(java.time.Instant.parse(e.path("createdAt").asString())));
        return times;
    }

    private JsonNode badRequest(String template, Object... values) {
        return JSON.readTree(client().get().uri("/entities?type=BusStop&" + template, values).header("NGSILD-Tenant", tenant)
                .exchange().expectStatus().isBadRequest().expectBody().returnResult().getResponseBody());
    }

    @Test
    void byAttributeValueInEitherDirection() {
        assertThat(ids("orderBy=name")).containsExactly("airport", "station", "korinbo", "kenrokuen", "omicho");
        assertThat(ids("orderBy=name;desc")).containsExactly("omicho", "kenrokuen", "korinbo", "station", "airport");
        assertThat(ids("orderBy=name.shelters;desc")).containsExactly("station", "korinbo", "kenrokuen", "omicho", "airport");
        assertThat(ids("orderBy=address[district]")).containsExactly("station", "omicho", "kenrokuen", "airport", "korinbo");
        assertThat(ids("orderBy=id;desc")).containsExactly("station", "omicho", "korinbo", "kenrokuen", "airport");
    }

    @Test
    void numbersBeforeStringsAndAbsentValuesLastInBothDirections() {
        assertThat(ids("orderBy=rank")).containsExactly("korinbo", "station", "airport", "omicho", "kenrokuen");
        assertThat(ids("orderBy=rank;desc")).containsExactly("omicho", "airport", "station", "korinbo", "kenrokuen");
    }

    @Test
    void byCreationTimeAndSeveralKeys() {
        assertThat(createdAt("orderBy=createdAt")).hasSize(5).isSorted();
        assertThat(createdAt("orderBy=createdAt;desc")).hasSize(5).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(ids("orderBy=name.createdAt;desc")).isEqualTo(ids("orderBy=createdAt;desc"));
        // equal types: the second key decides
        assertThat(ids("orderBy=type,rank;desc")).containsExactly("omicho", "airport", "station", "korinbo", "kenrokuen");
    }

    @Test
    void byDistanceFromAPoint() {
        assertThat(ids("orderBy={o}&orderFrom={f}", "location;dist-asc", "[136.6480,36.5781]"))
                .containsExactly("station", "omicho", "korinbo", "kenrokuen", "airport");
        assertThat(ids("orderBy={o}&orderFrom={f}", "location;dist-desc", "[136.6627,36.5621]"))
                .containsExactly("airport", "station", "omicho", "korinbo", "kenrokuen");
        // a geo-query and distance ordering together: the stops within 1.5 km of the station (Ōmichō is about 1 km away)
        assertThat(ids("georel={g}&geometry=Point&coordinates={c}&orderBy={o}&orderFrom={f}", "near;maxDistance==1500",
                "[136.6480,36.5781]", "location;dist-asc", "[136.6480,36.5781]")).containsExactly("station", "omicho");
    }

    @Test
    void collationsRankAccentedLettersWithTheirBaseLetter() {
        create(stop("a-lower", "omicho", null, "x", 0, 136.65, 36.57));
        // code points: "K" < "k" < "o" < "Ō"; the root collation: "kenroku-en" < "Korinbo" < "omicho" < "Ōmichō"
        assertThat(ids("orderBy=name&idPattern={p}", "omicho|korinbo|kenrokuen|a-lower"))
                .containsExactly("korinbo", "kenrokuen", "a-lower", "omicho");
        assertThat(ids("orderBy=name&collation=und&idPattern={p}", "omicho|korinbo|kenrokuen|a-lower"))
                .containsExactly("kenrokuen", "korinbo", "a-lower", "omicho");
        assertThat(ids("orderBy=name&collation=ja&idPattern={p}", "omicho|korinbo|kenrokuen|a-lower"))
                .containsExactly("kenrokuen", "korinbo", "a-lower", "omicho");
    }

    @Test
    void malformedOrderingIsRejectedNamingWhatToFix() {
        assertThat(badRequest("orderBy={o}", "location;dist-asc").path("detail").asString()).contains("give orderFrom");
        assertThat(badRequest("orderBy={o}", "name;up").path("detail").asString()).contains("'up'").contains("asc, desc");
        assertThat(badRequest("orderBy={o}", "name,").path("detail").asString()).contains("empty member");
        assertThat(badRequest("orderBy={o}", "name[").path("detail").asString()).startsWith("orderBy:");
        assertThat(badRequest("orderBy=name&collation={c}", "!!nope").path("type").asString())
                .isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
        assertThat(badRequest("collation=und").path("detail").asString()).contains("orderBy, which is missing");
        assertThat(badRequest("orderBy={o}&orderFrom={f}", "location;dist-asc", "[136.6]").path("detail").asString())
                .startsWith("orderFrom: ").contains("[longitude,latitude]");
    }

    @Test
    void pagesOfAnOrderedQueryAddUpToTheWholeOrder() {
        Random random = new Random(42);
        List<double[]> shelters = new ArrayList<>();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            int value = random.nextInt(10); // many ties: the id decides between them
            shelters.add(new double[] {value, i});
            batch.append(i > 0 ? "," : "").append("{\"id\":\"urn:ngsi-ld:Shelter:").append(String.format("%02d", i))
                    .append("\",\"type\":\"Shelter\",\"benches\":{\"type\":\"Property\",\"value\":").append(value).append("}}");
        }
        client().post().uri("/entityOperations/create").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(batch + "]").exchange().expectStatus().isCreated();
        List<String> expected = shelters.stream()
                .sorted(Comparator.<double[]>comparingDouble(s -> -s[0]).thenComparingDouble(s -> s[1]))
                .map(s -> String.format("urn:ngsi-ld:Shelter:%02d", (int) s[1])).toList();

        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 40; offset += 7) {
            JsonNode page = JSON.readTree(client().get().uri("/entities?type=Shelter&orderBy=benches;desc&limit=7&offset=" + offset)
                    .header("NGSILD-Tenant", tenant).exchange().expectStatus().isOk().expectBody().returnResult()
                    .getResponseBody());
            page.forEach(e -> paged.add(e.path("id").asString()));
        }
        assertThat(paged).isEqualTo(expected);
    }

    @Test
    void postQueryOrdersWithItsOrderingMember() {
        String query = "{\"type\":\"Query\",\"entities\":[{\"type\":\"BusStop\"}],\"ordering\":{\"orderBy\":[\"location;dist-asc\"],"
                + "\"coordinates\":[136.6627,36.5621],\"geometry\":\"Point\"}}";
        JsonNode body = JSON.readTree(client().post().uri("/entityOperations/query?limit=2").header("NGSILD-Tenant", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(query).exchange().expectStatus().isOk().expectBody()
                .returnResult().getResponseBody());
        assertThat(body).hasSize(2);
        assertThat(body.get(0).path("id").asString()).isEqualTo(NS + "kenrokuen");
        assertThat(body.get(1).path("id").asString()).isEqualTo(NS + "korinbo");

        for (String ordering : List.of("{\"orderBy\":[\"location;dist-asc\"]}", "{\"orderBy\":[\"id\"],\"geometry\":5}",
                "{\"orderBy\":[\"location;dist-asc\"],\"coordinates\":\"136.6,36.5\"}", "{\"orderBy\":[\"id\"],\"sort\":1}",
                "{\"orderBy\":[\"id\"],\"collation\":\"not a tag\"}")) {
            client().post().uri("/entityOperations/query").header("NGSILD-Tenant", tenant).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"type\":\"Query\",\"entities\":[{\"type\":\"BusStop\"}],\"ordering\":" + ordering + "}")
                    .exchange().expectStatus().isBadRequest();
        }
    }
}
